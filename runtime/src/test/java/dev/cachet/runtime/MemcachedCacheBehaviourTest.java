package dev.cachet.runtime;

import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CacheBehaviourContract} on a real memcached server, a fresh one per test. Freshness
 * and the stale window follow the test's clock; memcached's own expiry is real time.
 */
class MemcachedCacheBehaviourTest extends CacheBehaviourContract {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  private Cachet backdoorCachet;

  @Override
  Cachet.Builder builder() {
    // A generous operation timeout: these tests check behaviour, and a timeout on a loaded
    // machine would fail open into a miss. MemcachedFailOpenTest checks the short default.
    return Cachet.builder()
        .memcached(memcached.addresses())
        .operationTimeout(Duration.ofSeconds(2))
        .clock(clock);
  }

  @Override
  Transport backdoor() {
    if (backdoorCachet == null) {
      backdoorCachet = open(b -> b.region("unused", Duration.ofMinutes(1)));
    }
    return Internals.transport(backdoorCachet);
  }
}
