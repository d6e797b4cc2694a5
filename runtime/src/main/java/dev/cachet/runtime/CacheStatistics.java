package dev.cachet.runtime;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of a {@link Cachet}'s counters, per namespace and in total, taken by
 * {@link Cachet#statistics()}. Counters only grow; subtract two snapshots for a rate.
 */
public final class CacheStatistics {
  private final Map<String, Counts> namespaces;
  private final Counts totals;

  CacheStatistics(Map<String, Counts> namespaces) {
    this.namespaces = Collections.unmodifiableMap(new TreeMap<>(namespaces));
    this.totals = namespaces.values().stream().reduce(Counts.ZERO, Counts::plus);
  }

  /** The sum over every namespace. */
  public Counts totals() {
    return totals;
  }

  /** The counts of one namespace; all zero when it has seen no call. */
  public Counts namespace(String namespace) {
    return namespaces.getOrDefault(namespace, Counts.ZERO);
  }

  /** Every namespace that has seen a call, in name order. */
  public Map<String, Counts> namespaces() {
    return namespaces;
  }

  @Override
  public String toString() {
    return "CacheStatistics{totals=" + totals + ", namespaces=" + namespaces + "}";
  }

  /**
   * The counts of one namespace (or the totals).
   *
   * @param hits fresh values returned without calling the delegate, including values handed over
   *     by a caller that computed the same key in this process
   * @param misses calls answered by the delegate: absent, expired, invalidated, undecodable, a
   *     fault, or a stale entry this caller refreshed
   * @param staleHits stale values returned at once while another caller refreshes the entry
   * @param stores values written to the transport
   * @param storeFailures writes that failed (serialization, transport, no generation)
   * @param oversizeValues values too large to store even in chunks; the delegate's value was used
   * @param decodeFailures stored bytes that could not be used, by reason (the value pipeline's
   *     reasons such as {@code CHECKSUM}, plus {@code TYPE_MISMATCH} and {@code GENERATION})
   * @param transportErrors transport faults on any operation (each made the call fail open)
   * @param lockWaits calls that waited for another caller's computation of the same key
   * @param lockWaitTime the total time those calls waited
   * @param lockTimeouts waits that reached the region's lock timeout (the caller then computed)
   * @param invalidations {@code invalidate} and {@code invalidateAll} calls
   */
  public record Counts(
      long hits,
      long misses,
      long staleHits,
      long stores,
      long storeFailures,
      long oversizeValues,
      Map<String, Long> decodeFailures,
      long transportErrors,
      long lockWaits,
      Duration lockWaitTime,
      long lockTimeouts,
      long invalidations) {

    static final Counts ZERO =
        new Counts(0, 0, 0, 0, 0, 0, Map.of(), 0, 0, Duration.ZERO, 0, 0);

    public Counts {
      decodeFailures = Collections.unmodifiableMap(new TreeMap<>(decodeFailures));
    }

    /** Every decode failure, whatever its reason. */
    public long decodeFailureCount() {
      return decodeFailures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Calls answered from the cache (fresh and stale) over all lookups; 0 when there were none. */
    public double hitRatio() {
      long lookups = hits + staleHits + misses;
      return lookups == 0 ? 0 : (double) (hits + staleHits) / lookups;
    }

    Counts plus(Counts other) {
      Map<String, Long> failures = new LinkedHashMap<>(decodeFailures);
      other.decodeFailures.forEach((reason, count) -> failures.merge(reason, count, Long::sum));
      return new Counts(
          hits + other.hits,
          misses + other.misses,
          staleHits + other.staleHits,
          stores + other.stores,
          storeFailures + other.storeFailures,
          oversizeValues + other.oversizeValues,
          failures,
          transportErrors + other.transportErrors,
          lockWaits + other.lockWaits,
          lockWaitTime.plus(other.lockWaitTime),
          lockTimeouts + other.lockTimeouts,
          invalidations + other.invalidations);
    }
  }
}
