package dev.cachet.runtime.metrics;

import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.DecodeFailure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link Cachet}'s statistics to Micrometer: one set of meters per namespace, tagged
 * {@code cache=<namespace>} and {@code region=<region>}, with the names Micrometer's own cache
 * binders use where one exists ({@code cache.gets} with {@code result=hit|miss},
 * {@code cache.puts}) and {@code cachet.*} for the rest.
 *
 * <pre>{@code
 * new CachetMetrics(cachet).bindTo(registry);       // after the decorators are created
 * }</pre>
 *
 * <table>
 *   <caption>Meters per namespace</caption>
 *   <tr><th>name</th><th>extra tags</th><th>what</th></tr>
 *   <tr><td>cache.gets</td><td>result=hit</td><td>fresh and stale hits</td></tr>
 *   <tr><td>cache.gets</td><td>result=miss</td><td>calls answered by the delegate</td></tr>
 *   <tr><td>cache.puts</td><td></td><td>values stored</td></tr>
 *   <tr><td>cachet.gets.near</td><td></td><td>hits answered by the near cache (also in cache.gets hit)</td></tr>
 *   <tr><td>cachet.gets.stale</td><td></td><td>stale hits (also in cache.gets hit)</td></tr>
 *   <tr><td>cachet.puts.failed</td><td></td><td>writes that failed</td></tr>
 *   <tr><td>cachet.puts.compressed</td><td></td><td>values stored compressed</td></tr>
 *   <tr><td>cachet.puts.chunked</td><td></td><td>values split into chunks</td></tr>
 *   <tr><td>cachet.chunks.written</td><td></td><td>the chunks of those</td></tr>
 *   <tr><td>cachet.values.oversize</td><td></td><td>values too large to store</td></tr>
 *   <tr><td>cachet.bytes</td><td>stage=serialized|stored|read</td><td>bytes before and after
 *       compression, and read by hits</td></tr>
 *   <tr><td>cachet.decode.failures</td><td>reason=checksum|signature|format|...</td><td>stored
 *       bytes that could not be used</td></tr>
 *   <tr><td>cachet.transport.errors</td><td>kind=timeout|other</td><td>transport faults</td></tr>
 *   <tr><td>cachet.lock.waits</td><td></td><td>a timer: waits for another caller's computation
 *       and their total time</td></tr>
 *   <tr><td>cachet.lock.timeouts</td><td></td><td>waits that reached the lock timeout</td></tr>
 *   <tr><td>cachet.invalidations</td><td></td><td>invalidate and invalidateAll calls</td></tr>
 * </table>
 *
 * <p>With a near cache over a store other processes share, one more gauge, without the namespace
 * tags: {@code cachet.near.sync.age}, seconds since this process last confirmed its near copies
 * in step with other processes' invalidations (its copies stop past the staleness bound).
 *
 * <p>Namespaces are those known when {@link #bindTo} runs: a decorator's constructor makes its
 * namespaces known, so bind after creating the decorators (as Spring does, binding once the beans
 * exist), or bind again for namespaces that came later (Micrometer ignores meters already
 * registered). Each meter reads a fresh {@link Cachet#statistics()} snapshot: a few sums per
 * namespace, cheap at scrape rates. Meters hold the {@link Cachet} weakly, as Micrometer's function
 * meters do.
 */
// Its users bring Micrometer, whose automatic module cannot be required transitively.
@SuppressWarnings("exports")
public final class CachetMetrics implements MeterBinder {
  private final Cachet cachet;
  private final Iterable<Tag> tags;

  /** Meters for every namespace {@code cachet} knows when bound. */
  public CachetMetrics(Cachet cachet) {
    this(cachet, Tags.empty());
  }

  /** The same, with {@code tags} added to every meter (e.g. {@code application=catalog}). */
  public CachetMetrics(Cachet cachet, Iterable<Tag> tags) {
    this.cachet = Objects.requireNonNull(cachet, "cachet");
    this.tags = Objects.requireNonNull(tags, "tags");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    CacheStatistics statistics = cachet.statistics();
    if (statistics.nearSyncAge().isPresent()) {
      Gauge.builder(
              "cachet.near.sync.age",
              cachet,
              c -> c.statistics().nearSyncAge().map(age -> age.toMillis() / 1e3).orElse(Double.NaN))
          .tags(Tags.of(tags))
          .baseUnit("seconds")
          .description("Time since near copies were last confirmed in step with other processes")
          .register(registry);
    }
    for (String namespace : statistics.namespaces().keySet()) {
      Set<String> regions = statistics.regionsOf(namespace);
      Tags namespaceTags =
          Tags.of(tags)
              .and("cache", namespace)
              .and("region", regions.isEmpty() ? "none" : String.join(",", regions));
      bindNamespace(registry, namespace, namespaceTags);
    }
  }

  private void bindNamespace(MeterRegistry registry, String namespace, Tags tags) {
    counter(registry, "cache.gets", tags.and("result", "hit"), namespace,
        c -> c.hits() + c.staleHits(), "Lookups answered from the cache, fresh or stale", null);
    counter(registry, "cache.gets", tags.and("result", "miss"), namespace,
        CacheStatistics.Counts::misses, "Lookups answered by the delegate", null);
    counter(registry, "cache.puts", tags, namespace, CacheStatistics.Counts::stores,
        "Values stored", null);
    counter(registry, "cachet.gets.near", tags, namespace, CacheStatistics.Counts::nearHits,
        "Hits answered by the near cache, without reading the store", null);
    counter(registry, "cachet.gets.stale", tags, namespace, CacheStatistics.Counts::staleHits,
        "Stale values served while another caller refreshed them", null);
    counter(registry, "cachet.puts.failed", tags, namespace, CacheStatistics.Counts::storeFailures,
        "Writes that failed (serialization, transport, no generation)", null);
    counter(registry, "cachet.puts.refused", tags, namespace, CacheStatistics.Counts::storesRefused,
        "Computed values not stored: their key was invalidated, or their lease lapsed, meanwhile", null);
    counter(registry, "cachet.puts.compressed", tags, namespace,
        CacheStatistics.Counts::compressedStores, "Values stored compressed", null);
    counter(registry, "cachet.puts.chunked", tags, namespace, CacheStatistics.Counts::chunkedWrites,
        "Values larger than one item, stored in chunks", null);
    counter(registry, "cachet.chunks.written", tags, namespace, CacheStatistics.Counts::chunksWritten,
        "Chunks written for chunked values", null);
    counter(registry, "cachet.values.oversize", tags, namespace, CacheStatistics.Counts::oversizeValues,
        "Values too large to store even in chunks", null);
    counter(registry, "cachet.bytes", tags.and("stage", "serialized"), namespace,
        CacheStatistics.Counts::serializedBytes, "Bytes of stored values before compression", "bytes");
    counter(registry, "cachet.bytes", tags.and("stage", "stored"), namespace,
        CacheStatistics.Counts::storedBytes, "Bytes sent to the store, headers and chunks included", "bytes");
    counter(registry, "cachet.bytes", tags.and("stage", "read"), namespace,
        CacheStatistics.Counts::hitBytes, "Stored bytes read by hits", "bytes");
    // Every reason gets its meter from the start, at 0.
    for (DecodeFailure failure : DecodeFailure.values()) {
      String reason = failure.name();
      counter(registry, "cachet.decode.failures", tags.and("reason", reason.toLowerCase(Locale.ROOT)),
          namespace, c -> c.decodeFailures().getOrDefault(reason, 0L),
          "Stored bytes that could not be used; each was a miss", null);
    }
    counter(registry, "cachet.transport.errors", tags.and("kind", "timeout"), namespace,
        CacheStatistics.Counts::transportTimeouts, "Transport operations that timed out", null);
    counter(registry, "cachet.transport.errors", tags.and("kind", "other"), namespace,
        CacheStatistics.Counts::otherTransportErrors, "Transport faults other than timeouts", null);
    FunctionTimer.builder(
            "cachet.lock.waits",
            cachet,
            countOf(namespace, CacheStatistics.Counts::lockWaits),
            c -> c.statistics().namespace(namespace).lockWaitTime().toNanos(),
            TimeUnit.NANOSECONDS)
        .tags(tags)
        .description("Waits for another caller's computation of the same key")
        .register(registry);
    counter(registry, "cachet.lock.timeouts", tags, namespace, CacheStatistics.Counts::lockTimeouts,
        "Waits that reached the region's lock timeout", null);
    counter(registry, "cachet.invalidations", tags, namespace, CacheStatistics.Counts::invalidations,
        "invalidate and invalidateAll calls", null);
    counter(registry, "cachet.invalidations.unacknowledged", tags, namespace,
        CacheStatistics.Counts::invalidationsUnacknowledged,
        "Invalidations the store did not acknowledge at once (one per server for invalidateAll); retried",
        null);
    counter(registry, "cachet.invalidations.retried", tags, namespace,
        CacheStatistics.Counts::invalidationsRetried, "Unacknowledged invalidations a retry landed", null);
    counter(registry, "cachet.invalidations.abandoned", tags, namespace,
        CacheStatistics.Counts::invalidationsAbandoned,
        "Unacknowledged invalidations given up while their entries could still be served", null);
    Gauge.builder("cachet.invalidations.pending", cachet,
            c -> c.statistics().namespace(namespace).invalidationsPending())
        .tags(tags)
        .description("Invalidations waiting to be retried; this process serves nothing they target")
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      Tags tags,
      String namespace,
      ToLongFunction<CacheStatistics.Counts> count,
      String description,
      String baseUnit) {
    ToDoubleFunction<Cachet> read = c -> count.applyAsLong(c.statistics().namespace(namespace));
    FunctionCounter.Builder<Cachet> builder =
        FunctionCounter.builder(name, cachet, read).tags(tags).description(description);
    if (baseUnit != null) {
      builder.baseUnit(baseUnit);
    }
    builder.register(registry);
  }

  private static ToLongFunction<Cachet> countOf(
      String namespace, ToLongFunction<CacheStatistics.Counts> count) {
    return c -> count.applyAsLong(c.statistics().namespace(namespace));
  }
}
