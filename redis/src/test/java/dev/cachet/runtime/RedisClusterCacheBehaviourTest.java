package dev.cachet.runtime;

import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CacheBehaviourContract} on a real Redis Cluster (three primaries, a replica each) through
 * {@code Cachet.builder().redisCluster(...)}, flushed before each test so a namespace starts without
 * a generation, as each single-server test starts on a fresh server.
 */
class RedisClusterCacheBehaviourTest extends CacheBehaviourContract {
  @RegisterExtension static final RedisClusterExtension CLUSTER = RedisClusterExtension.cluster();

  private Cachet backdoorCachet;

  @Override
  Cachet.Builder builder() {
    return Cachet.builder().redisCluster(CLUSTER.get().uris()).operationTimeout(Duration.ofSeconds(2)).clock(clock);
  }

  @Override
  Transport backdoor() {
    if (backdoorCachet == null) {
      backdoorCachet = open(b -> b.region("unused", Duration.ofMinutes(1)));
    }
    return Internals.transport(backdoorCachet);
  }
}
