package dev.cachet.runtime;

import dev.cachet.redis.testing.RedisExtension;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InvalidationRaceContract} on a real redis-server, a fresh one per test (so a namespace
 * starts without a generation): each process of a test opens its own connection.
 */
class RedisInvalidationRaceTest extends InvalidationRaceContract {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  @Override
  Transport connect() {
    // A generous operation timeout: these tests are about races, not faults.
    return RedisTransports.open(redis.uri(), Duration.ofSeconds(2), clock);
  }
}
