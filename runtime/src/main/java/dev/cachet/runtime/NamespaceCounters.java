package dev.cachet.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one namespace; {@link LongAdder}s so that busy keys do not contend. */
final class NamespaceCounters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder staleHits = new LongAdder();
  final LongAdder stores = new LongAdder();
  final LongAdder storeFailures = new LongAdder();
  final LongAdder oversizeValues = new LongAdder();
  final LongAdder transportErrors = new LongAdder();
  final LongAdder lockWaits = new LongAdder();
  final LongAdder lockWaitNanos = new LongAdder();
  final LongAdder lockTimeouts = new LongAdder();
  final LongAdder invalidations = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> decodeFailures = new ConcurrentHashMap<>();

  void decodeFailure(String reason) {
    decodeFailures.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  void lockWaited(long nanos) {
    lockWaits.increment();
    lockWaitNanos.add(nanos);
  }

  CacheStatistics.Counts snapshot() {
    Map<String, Long> failures = new TreeMap<>();
    decodeFailures.forEach((reason, count) -> failures.put(reason, count.sum()));
    return new CacheStatistics.Counts(
        hits.sum(),
        misses.sum(),
        staleHits.sum(),
        stores.sum(),
        storeFailures.sum(),
        oversizeValues.sum(),
        failures,
        transportErrors.sum(),
        lockWaits.sum(),
        Duration.ofNanos(lockWaitNanos.sum()),
        lockTimeouts.sum(),
        invalidations.sum());
  }
}
