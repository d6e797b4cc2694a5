package dev.cachet.runtime.internal.transport;

import static org.awaitility.Awaitility.await;

import dev.cachet.redis.testing.RedisExtension;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime's transport contract against a real redis-server, with memcached's item size, which
 * the contract's size cases are written for (the Redis store enforces it, Redis itself would take
 * 512 MB).
 */
class RedisTransportContractTest extends TransportContractTest {
  @RegisterExtension static final RedisExtension REDIS = RedisExtension.server();

  private Transport transport;

  @BeforeEach
  void connect() {
    transport =
        RedisTransports.open(
            REDIS.uri(), Duration.ofSeconds(2), Clock.systemUTC(), RedisTransports.MEMCACHED_ITEM_SIZE);
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Override
  Transport transport() {
    return transport;
  }

  /**
   * Redis expires to the millisecond, on the server's own clock: this polls that clock ({@code
   * TIME}) until {@code expiry} has passed on it since this call, which is after the item was
   * stored, so neither this JVM's timer nor a server clock that runs apart can end the wait early.
   */
  @Override
  void waitPast(Duration expiry) {
    long until = serverMillis() + expiry.toMillis() + 1;
    await("redis-server's clock past " + expiry)
        .atMost(expiry.plusSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> serverMillis() >= until);
  }

  /** {@code TIME}: seconds and microseconds, one per line. */
  private static long serverMillis() {
    String[] time = REDIS.get().command("TIME").trim().split("\n");
    return Long.parseLong(time[0].trim()) * 1000 + Long.parseLong(time[1].trim()) / 1000;
  }
}
