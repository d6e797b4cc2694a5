package dev.cachet.runtime;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InvalidationRaceContract} on a real memcached server, a fresh one per test (so a
 * namespace starts without a generation): each process of a test opens its own connection.
 * Freshness and the stale window follow the test's clock; memcached's own expiry is real time.
 */
class MemcachedInvalidationRaceTest extends InvalidationRaceContract {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  @Override
  Transport connect() {
    // A generous operation timeout: a timeout on a loaded machine would fail open into a miss,
    // and these tests are about races, not faults.
    return MemcachedTransport.connect(
        MemcachedSettings.servers(memcached.addresses())
            .withOperationTimeout(Duration.ofSeconds(2))
            .withClock(clock));
  }
}
