package dev.cachet.runtime;

import dev.cachet.runtime.testing.NutcrackerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several worker JVMs ({@link CacheWorker}) connected to twemproxy ({@code nutcracker}) in front of
 * two memcached servers, as the processes of a large deployment are: the lease a miss takes
 * ({@code add}, {@code gets}, {@code cas}) must exclude the other processes through the proxy too.
 */
class NutcrackerMultiProcessTest {
  @RegisterExtension final NutcrackerExtension nutcracker = NutcrackerExtension.inFrontOf(2);

  @Test
  void sixteenThreadsInEachOfThreeProcessesRunTheDelegateOnce() throws Exception {
    MultiProcessTest.assertSixteenThreadsInEachOfThreeProcessesRunTheDelegateOnce(nutcracker.address());
  }
}
