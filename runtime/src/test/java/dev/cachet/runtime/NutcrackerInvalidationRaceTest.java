package dev.cachet.runtime;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.NutcrackerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InvalidationRaceContract} through twemproxy ({@code nutcracker}) in front of two memcached
 * servers: each process of a test opens its own connection to the proxy, as processes of a large
 * deployment do. The contract's namespace is fixed, so each test gets fresh servers and a fresh
 * proxy (the namespace then starts without a generation). Freshness and the stale window follow
 * the test's clock; memcached's own expiry is real time.
 */
class NutcrackerInvalidationRaceTest extends InvalidationRaceContract {
  @RegisterExtension final NutcrackerExtension nutcracker = NutcrackerExtension.inFrontOf(2);

  @Override
  Transport connect() {
    // A generous operation timeout: a timeout on a loaded machine would fail open into a miss,
    // and these tests are about races, not faults.
    return MemcachedTransport.connect(
        MemcachedSettings.servers(nutcracker.address())
            .withOperationTimeout(Duration.ofSeconds(2))
            .withClock(clock));
  }
}
