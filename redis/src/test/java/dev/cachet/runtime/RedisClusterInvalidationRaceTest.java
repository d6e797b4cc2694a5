package dev.cachet.runtime;

import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InvalidationRaceContract} on a real Redis Cluster, flushed before each test: each process
 * of a test opens its own cluster connection.
 */
class RedisClusterInvalidationRaceTest extends InvalidationRaceContract {
  @RegisterExtension static final RedisClusterExtension CLUSTER = RedisClusterExtension.cluster();

  @Override
  Transport connect() {
    return RedisTransports.openCluster(CLUSTER.get().uris(), Duration.ofSeconds(2), clock);
  }
}
