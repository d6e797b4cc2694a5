package dev.cachet.consistency;

import java.time.Duration;

/** The short run: 3 worker JVMs x 4 threads on 3 real memcached servers for 25 s, no faults. */
class ConsistencyRunTest extends ShortRunContract {
  static final RunSettings SHORT =
      new RunSettings(3, 4, 3, 8, Duration.ofSeconds(25), 5_000, 100, Duration.ofMillis(250), false);

  @Override
  RunSettings settings() {
    return SHORT;
  }

  @Override
  String directoryPrefix() {
    return "short-";
  }
}
