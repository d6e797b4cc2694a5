package dev.cachet.runtime.internal;

import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.DecodeFailure;
import dev.cachet.runtime.internal.coordination.NamespaceEvents;
import dev.cachet.runtime.internal.value.WriteResult;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one namespace; {@link LongAdder}s so that busy keys do not contend. */
final class NamespaceCounters implements NamespaceEvents {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder staleHits = new LongAdder();
  final LongAdder stores = new LongAdder();
  final LongAdder storeFailures = new LongAdder();
  /** Computed values the store refused because their lease was broken: see {@link CacheStatistics.Counts}. */
  final LongAdder storesRefused = new LongAdder();
  final LongAdder oversizeValues = new LongAdder();
  final LongAdder transportErrors = new LongAdder();
  final LongAdder transportTimeouts = new LongAdder();
  final LongAdder lockWaits = new LongAdder();
  final LongAdder lockWaitNanos = new LongAdder();
  final LongAdder lockTimeouts = new LongAdder();
  final LongAdder invalidations = new LongAdder();
  /** Invalidations (one per server for an invalidateAll) the store did not acknowledge at once. */
  final LongAdder invalidationsUnacknowledged = new LongAdder();
  /** Of those, the ones a retry landed. */
  final LongAdder invalidationsRetried = new LongAdder();
  /** Of those, the ones given up while their entries could still be served. */
  final LongAdder invalidationsAbandoned = new LongAdder();
  final LongAdder serializedBytes = new LongAdder();
  final LongAdder storedBytes = new LongAdder();
  final LongAdder compressedStores = new LongAdder();
  final LongAdder chunkedWrites = new LongAdder();
  final LongAdder chunksWritten = new LongAdder();
  final LongAdder hitBytes = new LongAdder();
  /** Hits answered by a {@link NearCache}; {@link #snapshot(int)} adds them to {@link #hits}. */
  final LongAdder nearHits = new LongAdder();
  /** By {@link DecodeFailure#ordinal()}. */
  private final LongAdder[] decodeFailures = newAdders(DecodeFailure.values().length);
  /** The regions of the {@code @Cached} methods using this namespace (normally exactly one). */
  private final Set<String> regions = ConcurrentHashMap.newKeySet();

  void usedIn(String region) {
    regions.add(region);
  }

  Set<String> regions() {
    return regions;
  }

  @Override
  public void decodeFailure(DecodeFailure reason) {
    decodeFailures[reason.ordinal()].increment();
  }

  @Override
  public void lockWaited(long nanos) {
    lockWaits.increment();
    lockWaitNanos.add(nanos);
  }

  /** Counts a transport fault, and separately whether it was a timeout (a slow or frozen server). */
  @Override
  public void transportFault(Throwable fault) {
    transportErrors.increment();
    if (isTimeout(fault)) {
      transportTimeouts.increment();
    }
  }

  @Override
  public void lockTimedOut() {
    lockTimeouts.increment();
  }

  @Override
  public void invalidated() {
    invalidations.increment();
  }

  @Override
  public void invalidationUnacknowledged() {
    invalidationsUnacknowledged.increment();
  }

  @Override
  public void invalidationRetried() {
    invalidationsRetried.increment();
  }

  @Override
  public void invalidationAbandoned() {
    invalidationsAbandoned.increment();
  }

  @Override
  public void storeRefused() {
    storesRefused.increment();
  }

  @Override
  public void storeFailed() {
    storeFailures.increment();
  }

  @Override
  public void oversize() {
    oversizeValues.increment();
  }

  private static LongAdder[] newAdders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  @Override
  public void stored(WriteResult written) {
    stores.increment();
    serializedBytes.add(written.serializedBytes());
    storedBytes.add(written.storedBytes());
    if (written.compressed()) {
      compressedStores.increment();
    }
    if (written.chunks() > 0) {
      chunkedWrites.increment();
      chunksWritten.add(written.chunks());
    }
  }

  /** Xmemcached reports an operation that ran out of time as a {@link TimeoutException} cause. */
  static boolean isTimeout(Throwable fault) {
    for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** @param pendingInvalidations invalidations of the namespace waiting to be retried now */
  CacheStatistics.Counts snapshot(int pendingInvalidations) {
    Map<String, Long> failures = new TreeMap<>();
    for (DecodeFailure reason : DecodeFailure.values()) {
      long count = decodeFailures[reason.ordinal()].sum();
      if (count > 0) {
        failures.put(reason.name(), count);
      }
    }
    long near = nearHits.sum();
    return new CacheStatistics.Counts(
        hits.sum() + near,
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
        invalidations.sum(),
        transportTimeouts.sum(),
        serializedBytes.sum(),
        storedBytes.sum(),
        compressedStores.sum(),
        chunkedWrites.sum(),
        chunksWritten.sum(),
        hitBytes.sum(),
        near,
        storesRefused.sum(),
        invalidationsUnacknowledged.sum(),
        invalidationsRetried.sum(),
        invalidationsAbandoned.sum(),
        pendingInvalidations);
  }
}
