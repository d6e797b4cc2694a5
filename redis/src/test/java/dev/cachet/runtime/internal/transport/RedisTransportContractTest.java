package dev.cachet.runtime.internal.transport;

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
   * Redis expires to the millisecond, on the server's own clock: there is nothing to poll but the
   * key the contract holds, so this waits out the expiry, with a margin for the server's clock.
   */
  @Override
  void waitPast(Duration expiry) {
    try {
      Thread.sleep(expiry.plusMillis(100).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an item to expire", e);
    }
  }
}
