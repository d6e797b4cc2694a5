package dev.cachet.runtime.internal.transport;

import static org.awaitility.Awaitility.await;

import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime's transport contract against a real three-primary Redis Cluster with replicas, with
 * memcached's item size, as {@code RedisTransportContractTest} runs it against one server: the
 * contract's keys spread over every primary, multi-key reads cross slots.
 */
class RedisClusterTransportContractTest extends TransportContractTest {
  @RegisterExtension static final RedisClusterExtension CLUSTER = RedisClusterExtension.cluster();

  private Transport transport;

  @BeforeEach
  void connect() {
    transport =
        RedisTransports.openCluster(
            CLUSTER.get().uris(), Duration.ofSeconds(2), Clock.systemUTC(), RedisTransports.MEMCACHED_ITEM_SIZE);
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Override
  Transport transport() {
    return transport;
  }

  /** As for one server: polls every primary's clock ({@code TIME}) until {@code expiry} has passed on all of them. */
  @Override
  void waitPast(Duration expiry) {
    long until = latestServerMillis() + expiry.toMillis() + 1;
    await("every primary's clock past " + expiry)
        .atMost(expiry.plusSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> earliestServerMillis() >= until);
  }

  private static long latestServerMillis() {
    return CLUSTER.get().primaries().stream().mapToLong(RedisClusterTransportContractTest::millis).max().orElseThrow();
  }

  private static long earliestServerMillis() {
    return CLUSTER.get().primaries().stream().mapToLong(RedisClusterTransportContractTest::millis).min().orElseThrow();
  }

  private static long millis(dev.cachet.redis.testing.RedisServer server) {
    String[] time = server.command("TIME").trim().split("\n");
    return Long.parseLong(time[0].trim()) * 1000 + Long.parseLong(time[1].trim()) / 1000;
  }
}
