package dev.cachet.runtime;

import dev.cachet.runtime.testing.MemcachedExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Worker JVMs ({@link CacheWorker}) on a pool of three memcached servers: the lease and the
 * generation a miss establishes live on the entry's own server, and must still exclude every other
 * caller in every process when the namespace spans several servers.
 */
class PoolMultiProcessTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(3);

  @Test
  void sixteenThreadsInEachOfThreeProcessesRunTheDelegateOnce() throws Exception {
    MultiProcessTest.assertSixteenThreadsInEachOfThreeProcessesRunTheDelegateOnce(memcached.addresses());
  }
}
