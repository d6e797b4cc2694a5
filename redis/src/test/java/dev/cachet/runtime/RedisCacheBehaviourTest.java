package dev.cachet.runtime;

import dev.cachet.redis.testing.RedisExtension;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CacheBehaviourContract} on a real redis-server, a fresh one per test, through {@code
 * Cachet.builder().redis(...)}. Freshness and the stale window follow the test's clock; Redis's own
 * expiry is real time.
 */
class RedisCacheBehaviourTest extends CacheBehaviourContract {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  private Cachet backdoorCachet;

  @Override
  Cachet.Builder builder() {
    // A generous operation timeout: these tests check behaviour, not faults (RedisFailOpenTest).
    return Cachet.builder().redis(redis.uri()).operationTimeout(Duration.ofSeconds(2)).clock(clock);
  }

  @Override
  Transport backdoor() {
    if (backdoorCachet == null) {
      backdoorCachet = open(b -> b.region("unused", Duration.ofMinutes(1)));
    }
    return Internals.transport(backdoorCachet);
  }
}
