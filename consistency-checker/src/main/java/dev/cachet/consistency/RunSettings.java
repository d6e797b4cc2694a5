package dev.cachet.consistency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a run: how many workers and threads, on how many keys, for how long, how often
 * they write, how long the delegate pauses, whether one server suffers faults, and the staleness
 * bound of the workers' near caches ({@link Duration#ZERO}: none).
 */
record RunSettings(
    int processes,
    int threadsPerProcess,
    int servers,
    int keys,
    Duration duration,
    long maxPauseMicros,
    int writePermille,
    Duration operationTimeout,
    boolean faults,
    Duration nearCache,
    Store store) {

  /** The shared store the workers use: a memcached pool, one Redis server, or a Redis Cluster. */
  enum Store {
    MEMCACHED,
    REDIS,
    REDIS_CLUSTER;

    /** As the worker's {@code --store} takes it: {@code memcached}, {@code redis}, {@code redis-cluster}. */
    String argument() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Store of(String argument) {
      for (Store store : values()) {
        if (store.argument().equals(argument)) {
          return store;
        }
      }
      throw new IllegalArgumentException("--store must be memcached, redis or redis-cluster, not " + argument);
    }
  }

  /** A run on memcached. */
  RunSettings(
      int processes,
      int threadsPerProcess,
      int servers,
      int keys,
      Duration duration,
      long maxPauseMicros,
      int writePermille,
      Duration operationTimeout,
      boolean faults,
      Duration nearCache) {
    this(processes, threadsPerProcess, servers, keys, duration, maxPauseMicros, writePermille,
        operationTimeout, faults, nearCache, Store.MEMCACHED);
  }

  /** A run whose workers keep no near copies. */
  RunSettings(
      int processes,
      int threadsPerProcess,
      int servers,
      int keys,
      Duration duration,
      long maxPauseMicros,
      int writePermille,
      Duration operationTimeout,
      boolean faults) {
    this(processes, threadsPerProcess, servers, keys, duration, maxPauseMicros, writePermille,
        operationTimeout, faults, Duration.ZERO);
  }

  /** The worker's arguments for these settings (the paths and servers are the run's). */
  List<String> workerArguments() {
    List<String> args = new ArrayList<>();
    args.add("--store");
    args.add(store.argument());
    args.add("--threads");
    args.add(Integer.toString(threadsPerProcess));
    args.add("--write-permille");
    args.add(Integer.toString(writePermille));
    args.add("--max-pause-micros");
    args.add(Long.toString(maxPauseMicros));
    args.add("--op-timeout-ms");
    args.add(Long.toString(operationTimeout.toMillis()));
    if (!nearCache.isZero()) {
      args.add("--near-cache-ms");
      args.add(Long.toString(nearCache.toMillis()));
    }
    return args;
  }
}
