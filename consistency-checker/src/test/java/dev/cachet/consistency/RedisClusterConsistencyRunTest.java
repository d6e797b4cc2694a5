package dev.cachet.consistency;

import java.time.Duration;

/**
 * The short run on a Redis Cluster: 3 worker JVMs x 4 threads on a real cluster of three primaries
 * with a replica each (six redis-server processes) for 25 s, no faults, judged by the same checker
 * as the memcached and Redis runs.
 */
class RedisClusterConsistencyRunTest extends ShortRunContract {
  private static final RunSettings SHORT =
      new RunSettings(3, 4, ConsistencyRun.CLUSTER_NODES, 8, Duration.ofSeconds(25), 5_000, 100, Duration.ofMillis(250),
          false, Duration.ZERO, RunSettings.Store.REDIS_CLUSTER);

  @Override
  RunSettings settings() {
    return SHORT;
  }

  @Override
  String directoryPrefix() {
    return "redis-cluster-short-";
  }
}
