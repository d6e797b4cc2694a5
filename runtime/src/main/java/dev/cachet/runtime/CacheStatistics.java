package dev.cachet.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * An immutable snapshot of a {@link Cachet}'s counters, per namespace, per region and in total,
 * taken by {@link Cachet#statistics()}. Counters only grow; subtract two snapshots for a rate.
 *
 * <p>A region's counts are the sum of the namespaces its {@code @Cached} methods use. A namespace
 * only ever invalidated in this process (no decorator of it created here) belongs to no region: it
 * appears in {@link #namespaces()} and the totals only.
 *
 * <p>{@link #format()} renders a table, one column per namespace and one for the totals.
 */
public final class CacheStatistics {
  private final Map<String, Counts> namespaces;
  private final Map<String, Set<String>> namespaceRegions;
  private final Map<String, Counts> regions;
  private final Counts totals;
  private final long nearSyncAgeMillis;

  /**
   * @param namespaceRegions the regions each namespace is used in; a namespace used in two regions
   *     is counted in both
   * @param nearSyncAgeMillis see {@link #nearSyncAge()}; negative for none
   */
  CacheStatistics(
      Map<String, Counts> namespaces,
      Map<String, Set<String>> namespaceRegions,
      long nearSyncAgeMillis) {
    this.nearSyncAgeMillis = nearSyncAgeMillis;
    this.namespaces = Collections.unmodifiableMap(new TreeMap<>(namespaces));
    Map<String, Set<String>> regionsOf = new TreeMap<>();
    Map<String, Counts> byRegion = new TreeMap<>();
    namespaceRegions.forEach(
        (namespace, used) -> {
          regionsOf.put(namespace, Collections.unmodifiableSet(new TreeSet<>(used)));
          Counts counts = namespaces.getOrDefault(namespace, Counts.ZERO);
          for (String region : used) {
            byRegion.merge(region, counts, Counts::plus);
          }
        });
    this.namespaceRegions = Collections.unmodifiableMap(regionsOf);
    this.regions = Collections.unmodifiableMap(byRegion);
    this.totals = namespaces.values().stream().reduce(Counts.ZERO, Counts::plus);
  }

  /**
   * How long ago this process last confirmed that its near copies are in step with the
   * invalidations of other processes sharing the store; past the near cache's staleness bound its
   * copies are not served. Empty without a near cache, or with a store no other process shares.
   */
  public Optional<Duration> nearSyncAge() {
    return nearSyncAgeMillis < 0
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(nearSyncAgeMillis));
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

  /** The counts of one region: the sum of its namespaces; all zero when none has been used. */
  public Counts region(String region) {
    return regions.getOrDefault(region, Counts.ZERO);
  }

  /** Every region some {@code @Cached} method of this process uses, in name order. */
  public Map<String, Counts> regions() {
    return regions;
  }

  /** The regions a namespace is used in (normally one); empty when only invalidated here. */
  public Set<String> regionsOf(String namespace) {
    return namespaceRegions.getOrDefault(namespace, Set.of());
  }

  /**
   * A readable table: one row per counter, one column per namespace and one for the totals.
   *
   * <pre>
   *                        image_list running_instances      total
   *   region                long_term        short_term
   *   hits                          5                 1          6
   *   ...
   * </pre>
   */
  public String format() {
    List<String> columns = new ArrayList<>(namespaces.keySet());
    List<Counts> counts = new ArrayList<>(namespaces.values());
    List<String> regionCells = new ArrayList<>();
    for (String namespace : columns) {
      regionCells.add(String.join(",", regionsOf(namespace)));
    }
    columns.add("total");
    counts.add(totals);
    regionCells.add("");

    List<String[]> rows = new ArrayList<>();
    rows.add(row("", columns, Function.identity()));
    rows.add(row("region", regionCells, Function.identity()));
    rows.add(row("hits", counts, c -> number(c.hits())));
    rows.add(row("  from the near cache", counts, c -> number(c.nearHits())));
    rows.add(row("stale hits", counts, c -> number(c.staleHits())));
    rows.add(row("misses", counts, c -> number(c.misses())));
    rows.add(row("hit ratio", counts, c -> String.format("%.1f%%", 100 * c.hitRatio())));
    rows.add(row("bytes read on hits", counts, c -> number(c.hitBytes())));
    rows.add(row("stores", counts, c -> number(c.stores())));
    rows.add(row("  bytes serialized", counts, c -> number(c.serializedBytes())));
    rows.add(row("  bytes stored", counts, c -> number(c.storedBytes())));
    rows.add(row("  compressed", counts, c -> number(c.compressedStores())));
    rows.add(row("  chunked (chunks)", counts, c -> c.chunkedWrites() + " (" + c.chunksWritten() + ")"));
    rows.add(row("store failures", counts, c -> number(c.storeFailures())));
    rows.add(row("stores refused", counts, c -> number(c.storesRefused())));
    rows.add(row("oversize values", counts, c -> number(c.oversizeValues())));
    rows.add(row("decode failures", counts, c -> number(c.decodeFailureCount())));
    Set<String> reasons = new TreeSet<>(totals.decodeFailures().keySet());
    for (String reason : reasons) {
      rows.add(
          row("  " + reason.toLowerCase(Locale.ROOT), counts,
              c -> number(c.decodeFailures().getOrDefault(reason, 0L))));
    }
    rows.add(row("transport errors", counts, c -> number(c.transportErrors())));
    rows.add(row("  of which timeouts", counts, c -> number(c.transportTimeouts())));
    rows.add(row("lock waits", counts, c -> number(c.lockWaits())));
    rows.add(row("  time waited", counts, c -> String.format("%.1f ms", c.lockWaitTime().toNanos() / 1e6)));
    rows.add(row("  lock timeouts", counts, c -> number(c.lockTimeouts())));
    rows.add(row("invalidations", counts, c -> number(c.invalidations())));
    rows.add(row("  not acknowledged", counts, c -> number(c.invalidationsUnacknowledged())));
    rows.add(row("  landed on a retry", counts, c -> number(c.invalidationsRetried())));
    rows.add(row("  abandoned", counts, c -> number(c.invalidationsAbandoned())));
    rows.add(row("  pending now", counts, c -> number(c.invalidationsPending())));

    int[] widths = new int[columns.size() + 1];
    for (String[] cells : rows) {
      for (int i = 0; i < cells.length; i++) {
        widths[i] = Math.max(widths[i], cells[i].length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (String[] cells : rows) {
      StringBuilder line = new StringBuilder();
      line.append(String.format("%-" + widths[0] + "s", cells[0]));
      for (int i = 1; i < cells.length; i++) {
        line.append("  ").append(String.format("%" + widths[i] + "s", cells[i]));
      }
      table.append(line.toString().stripTrailing()).append('\n');
    }
    return table.toString();
  }

  private static <T> String[] row(String label, List<T> values, Function<T, String> cell) {
    String[] cells = new String[values.size() + 1];
    cells[0] = label;
    for (int i = 0; i < values.size(); i++) {
      cells[i + 1] = cell.apply(values.get(i));
    }
    return cells;
  }

  private static String number(long value) {
    return String.format("%,d", value);
  }

  /** The {@link #format()} table. */
  @Override
  public String toString() {
    return format();
  }

  /**
   * The counts of one namespace, one region, or the totals.
   *
   * @param hits fresh values returned without calling the delegate, including values handed over
   *     by a caller that computed the same key in this process
   * @param misses calls answered by the delegate: absent, expired, invalidated, undecodable, a
   *     fault, or a stale entry this caller refreshed
   * @param staleHits stale values returned at once while another caller refreshes the entry
   * @param stores values written to the transport
   * @param storeFailures writes that failed (serialization, transport, no generation)
   * @param oversizeValues values too large to store even in chunks; the delegate's value was used
   * @param decodeFailures stored bytes that could not be used, by the name of their
   *     {@link DecodeFailure}; reasons that never happened are absent
   * @param transportErrors transport faults on any operation (each made the call fail open),
   *     timeouts included
   * @param lockWaits calls that waited for another caller's computation of the same key
   * @param lockWaitTime the total time those calls waited
   * @param lockTimeouts waits that reached the region's lock timeout (the caller then computed)
   * @param invalidations {@code invalidate} and {@code invalidateAll} calls
   * @param transportTimeouts the transport faults that were operation timeouts (a slow or frozen
   *     server); {@code transportErrors - transportTimeouts} are refused connections, server
   *     errors and the like
   * @param serializedBytes bytes the serializer produced for the stored values, before compression
   * @param storedBytes bytes sent to the store for them: entries and chunks, headers included
   * @param compressedStores stored values whose payload is compressed
   * @param chunkedWrites stored values split into chunks (larger than one item)
   * @param chunksWritten the chunks those writes stored
   * @param hitBytes stored bytes read by hits (fresh and stale), chunks included
   * @param nearHits the part of {@code hits} answered by the near cache, without reading the store
   *     (see {@link Cachet.Builder#nearCache}); they read no bytes
   * @param storesRefused values computed by a miss that were returned but not stored, because
   *     their key or namespace was invalidated while they were computed, or their lease lapsed (the
   *     computation outlived the region's lock timeout): storing them could have undone the
   *     invalidation (docs/consistency.md)
   * @param invalidationsUnacknowledged invalidations the store did not acknowledge at once (an
   *     {@code invalidateAll} counts one per server that did not): each is retried
   * @param invalidationsRetried of those, the ones a retry landed
   * @param invalidationsAbandoned of those, the ones given up while the entries they target could
   *     still be served: the {@link Cachet} closed first, or too many were pending; the others
   *     stopped when their entries had expired anyway
   * @param invalidationsPending invalidations waiting to be retried at the time of the snapshot
   *     (a gauge, not a count); until one lands this process serves nothing it targets
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
      long invalidations,
      long transportTimeouts,
      long serializedBytes,
      long storedBytes,
      long compressedStores,
      long chunkedWrites,
      long chunksWritten,
      long hitBytes,
      long nearHits,
      long storesRefused,
      long invalidationsUnacknowledged,
      long invalidationsRetried,
      long invalidationsAbandoned,
      long invalidationsPending) {

    static final Counts ZERO =
        new Counts(
            0, 0, 0, 0, 0, 0, Map.of(), 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

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

    /** Transport faults that were not timeouts: refused connections, server errors and the like. */
    public long otherTransportErrors() {
      return transportErrors - transportTimeouts;
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
          invalidations + other.invalidations,
          transportTimeouts + other.transportTimeouts,
          serializedBytes + other.serializedBytes,
          storedBytes + other.storedBytes,
          compressedStores + other.compressedStores,
          chunkedWrites + other.chunkedWrites,
          chunksWritten + other.chunksWritten,
          hitBytes + other.hitBytes,
          nearHits + other.nearHits,
          storesRefused + other.storesRefused,
          invalidationsUnacknowledged + other.invalidationsUnacknowledged,
          invalidationsRetried + other.invalidationsRetried,
          invalidationsAbandoned + other.invalidationsAbandoned,
          invalidationsPending + other.invalidationsPending);
    }
  }
}
