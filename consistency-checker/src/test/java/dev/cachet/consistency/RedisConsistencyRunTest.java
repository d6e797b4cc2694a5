package dev.cachet.consistency;

import java.time.Duration;

/**
 * The short run on Redis: 3 worker JVMs x 4 threads on one real redis-server for 25 s, no faults,
 * judged by the same checker as the memcached runs.
 */
class RedisConsistencyRunTest extends ShortRunContract {
  private static final RunSettings SHORT =
      new RunSettings(3, 4, 1, 8, Duration.ofSeconds(25), 5_000, 100, Duration.ofMillis(250), false,
          Duration.ZERO, RunSettings.Store.REDIS);

  @Override
  RunSettings settings() {
    return SHORT;
  }

  @Override
  String directoryPrefix() {
    return "redis-short-";
  }
}
