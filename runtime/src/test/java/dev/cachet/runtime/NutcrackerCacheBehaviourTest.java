package dev.cachet.runtime;

import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.NutcrackerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CacheBehaviourContract} through twemproxy ({@code nutcracker}) in front of two memcached
 * servers, fresh ones per test, as large deployments run their pools: every {@link Cachet} sees
 * the proxy as its one server, and the proxy spreads the keys (a namespace's generation and its
 * entries may live on different servers, so one lookup is split by the proxy). Freshness and the
 * stale window follow the test's clock; memcached's own expiry is real time.
 */
class NutcrackerCacheBehaviourTest extends CacheBehaviourContract {
  @RegisterExtension final NutcrackerExtension nutcracker = NutcrackerExtension.inFrontOf(2);

  private Cachet backdoorCachet;

  @Override
  Cachet.Builder builder() {
    // A generous operation timeout, as for memcached directly: these tests check behaviour, and a
    // timeout on a loaded machine would fail open into a miss. The proxy gives up on a server
    // after its own 400 ms anyway.
    return Cachet.builder()
        .memcached(nutcracker.address())
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
