package dev.cachet.runtime.internal;

import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.internal.coordination.Coordination;
import dev.cachet.runtime.internal.coordination.FaultLog;
import dev.cachet.runtime.internal.coordination.NearSync;
import dev.cachet.runtime.internal.coordination.WaitClock;
import dev.cachet.runtime.internal.settings.Region;
import dev.cachet.runtime.internal.settings.Settings;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.internal.value.ClassAllowlist;
import dev.cachet.runtime.internal.value.ForySerializer;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a {@code Cachet} is made of: the transport, the regions with their value stores, the
 * counters and the coordination shared with other processes.
 *
 * <p>{@code dev.cachet.runtime.Cachet} is its one subclass, the public face: generated code hands
 * a {@code Cachet} to {@link CachedOperation#create}, which reads this engine's package-private
 * parts directly. Java has no other way to let an exported class reach the implementation behind
 * another package's public class without a public accessor or a static loan; the constructor and
 * every member {@code Cachet} calls are protected, so users see none of them.
 */
@SuppressWarnings("exports") // Settings is named by the constructor Cachet alone calls
public abstract class Engine implements AutoCloseable {
  final Transport transport;
  final Clock clock;
  final FaultLog faults = new FaultLog();
  /** Generations, leases, in-flight loads and invalidations: shared with every other process. */
  final Coordination coordination;
  /**
   * The time hits check freshness against: the configured clock, else the system clock, ticked by
   * a thread for a process-local store (where 30 ns per read is a tenth of a hit) and read
   * directly for memcached (where it is noise next to the round trip).
   */
  final FreshnessClock freshness;
  /** What lock waits read and pause by; a call's start is read from it too. */
  final WaitClock waitClock;

  private final Map<String, Region> regions;
  private final Map<String, ValueStore> valueStores;
  private final ConcurrentHashMap<String, NamespaceCounters> counters = new ConcurrentHashMap<>();
  private final ClassAllowlist allowlist;
  private final int nearSlots;

  /** Opens the transport the settings choose and everything that works on it. */
  protected Engine(Settings settings) {
    this.transport = openTransport(settings);
    this.clock = settings.effectiveClock();
    this.nearSlots = settings.nearSlots();
    // Ticked where a hit is too fast for a clock read to be noise: in-process stores, near copies.
    this.freshness =
        settings.clock() == null && (transport.processLocal() || nearSlots > 0)
            ? FreshnessClock.ticking()
            : FreshnessClock.reading(clock);
    Serializer serializer =
        settings.serializer() != null ? settings.serializer() : new ForySerializer();
    // A ForySerializer brought in keeps its own list; allow(...) adds to it all the same.
    this.allowlist =
        serializer instanceof ForySerializer fory ? fory.allowlist() : new ClassAllowlist();
    settings.allowedClasses().forEach(allowlist::allow);
    this.regions = settings.regions();
    Map<String, ValueStore> stores = new HashMap<>();
    for (Region region : regions.values()) {
      stores.put(region.name(), new ValueStore(transport, serializer, settings.values(region)));
    }
    this.valueStores = Map.copyOf(stores);
    // Locals, not this: the coordination starts threads that call these before Cachet is built.
    Map<String, NamespaceCounters> counted = this.counters;
    Map<String, Region> defined = this.regions;
    this.coordination =
        new Coordination(
            transport,
            faults,
            settings.signingKey(),
            namespace -> countersOf(counted, namespace),
            namespace -> longestHardExpiry(defined, countersOf(counted, namespace)),
            settings.nearBound(),
            // A clock given to the builder keeps tests deterministic; otherwise the bound is kept
            // on a monotonic clock, which no starved thread or step of the wall clock can stretch.
            settings.clock() != null ? freshness::millis : () -> System.nanoTime() / 1_000_000L,
            settings.waitClock());
    this.waitClock = settings.waitClock();
  }

  /**
   * The transport the settings choose, opened (the user's own, memcached, one a provider opens
   * such as Redis, or in memory) and wrapped as they say.
   */
  private static Transport openTransport(Settings settings) {
    Transport opened = openStore(settings);
    if (settings.transportWrapper() == null) {
      return opened;
    }
    try {
      return Objects.requireNonNull(settings.transportWrapper().apply(opened), "wrapped transport");
    } catch (RuntimeException | Error e) {
      opened.close();
      throw e;
    }
  }

  private static Transport openStore(Settings settings) {
    if (settings.transport() != null) {
      return settings.transport();
    }
    if (settings.provider() != null) {
      return settings.provider().open(settings.providerRequest());
    }
    if (!settings.servers().isEmpty()) {
      return MemcachedTransport.connect(settings.memcached());
    }
    // Expiry is checked for every key a hit reads: by the ticked system clock, as freshness is,
    // instead of a 30 ns read of the system clock per hit.
    return new InMemoryTransport(
        settings.clock() != null ? settings.clock() : FreshnessClock.tickedSystemClock(),
        InMemoryTransport.DEFAULT_CAPACITY_BYTES,
        settings.itemSize() != null ? settings.itemSize() : InMemoryTransport.DEFAULT_ITEM_SIZE);
  }

  // ------------------------------------------------------------ for Cachet

  protected final boolean invalidateEntry(String namespace, String key) {
    return coordination.invalidate(namespace, key);
  }

  protected final boolean invalidateNamespace(String namespace) {
    return coordination.invalidateAll(namespace);
  }

  /** The counters of every namespace used so far, with its pending invalidations. */
  protected final Map<String, CacheStatistics.Counts> namespaceCounts() {
    Map<String, CacheStatistics.Counts> snapshot = new HashMap<>();
    counters.forEach(
        (namespace, counts) ->
            snapshot.put(namespace, counts.snapshot(coordination.pendingOf(namespace))));
    return snapshot;
  }

  /** The regions each namespace's methods use in this process. */
  protected final Map<String, Set<String>> namespaceRegions() {
    Map<String, Set<String>> used = new HashMap<>();
    counters.forEach(
        (namespace, counts) -> {
          if (!counts.regions().isEmpty()) {
            used.put(namespace, Set.copyOf(counts.regions()));
          }
        });
    return used;
  }

  protected final Map<String, Map<String, String>> storeStatistics() {
    try {
      return transport.serverStatistics();
    } catch (RuntimeException e) {
      faults.warn("transport:stats", "server statistics of " + transport.describe() + " unavailable", e);
      return Map.of();
    }
  }

  /** Closes the transport. Calls made afterwards are answered by their delegates. */
  @Override
  public void close() {
    coordination.close();
    freshness.close();
    try {
      transport.close();
    } catch (RuntimeException e) {
      faults.warn("transport:close", "closing " + transport.describe(), e);
    }
  }

  /** The transport, wrapped as configured: for the store's inspector, which reads it raw. */
  protected final Transport storeTransport() {
    return transport;
  }

  /** The names of the regions, in definition order. */
  protected final Set<String> regionNames() {
    return Collections.unmodifiableSet(regions.keySet());
  }

  /** The transport and the regions, for {@code toString}. */
  protected final String describe() {
    return transport.describe() + ", regions=" + regions.values();
  }

  // ------------------------------------------------------------ for generated decorators

  /**
   * Throws {@link IllegalArgumentException} naming every one of {@code regions} this engine does
   * not define, and how to define it.
   */
  void requireRegions(String decorator, String... regions) {
    Set<String> missing = new LinkedHashSet<>();
    for (String region : regions) {
      if (!this.regions.containsKey(region)) {
        missing.add(region);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    StringBuilder message =
        new StringBuilder(decorator)
            .append(missing.size() == 1 ? " uses a region" : " uses regions")
            .append(" this Cachet does not define: ")
            .append(String.join(", ", missing))
            .append(". Define ")
            .append(missing.size() == 1 ? "it" : "each")
            .append(" on the builder");
    for (String region : missing) {
      message.append(", .region(\"").append(region).append("\", Duration.ofMinutes(10))");
    }
    message.append(", or in properties");
    for (String region : missing) {
      message.append(", ").append("cachet.region.").append(region).append(".expire=PT10M");
    }
    message.append(
        this.regions.isEmpty()
            ? ". It defines no region."
            : ". It defines: " + String.join(", ", new TreeSet<>(this.regions.keySet())) + ".");
    throw new IllegalArgumentException(message.toString());
  }

  void allow(Class<?> type) {
    allowlist.allow(type);
  }

  void allow(String binaryName) {
    allowlist.allow(binaryName);
  }

  void allowPackage(String packageName) {
    allowlist.allowPackage(packageName);
  }

  Region region(String name) {
    Region region = regions.get(name);
    if (region == null) {
      requireRegions("CachedOperation", name);
    }
    return region;
  }

  ValueStore values(Region region) {
    return valueStores.get(region.name());
  }

  /** A near cache for one method of {@code namespace}, or {@code null} when they are off. */
  NearCache nearCache(String namespace, NamespaceCounters counters) {
    if (nearSlots == 0) {
      return null;
    }
    NearSync sync = coordination.nearSync();
    sync.keepNear(namespace);
    return new NearCache(nearSlots, namespace, counters, coordination.epoch(namespace), freshness, sync);
  }

  /**
   * How long ago this process last confirmed its near copies in step with other processes, or
   * {@code -1} when it has none to confirm (no near cache, or a store no other process shares).
   */
  protected final long nearSyncAgeMillis() {
    return nearSlots == 0 ? -1 : coordination.nearSync().syncAgeMillis();
  }

  NamespaceCounters counters(String namespace) {
    return countersOf(counters, namespace);
  }

  private static NamespaceCounters countersOf(Map<String, NamespaceCounters> counters, String namespace) {
    return counters.computeIfAbsent(namespace, n -> new NamespaceCounters());
  }

  /**
   * How long an entry of {@code namespace} may be served: the longest hard expiry of the regions
   * its methods use in this process, or of every region when none is known yet.
   */
  private static Duration longestHardExpiry(Map<String, Region> regions, NamespaceCounters namespace) {
    Collection<Region> used = new ArrayList<>();
    for (String name : namespace.regions()) {
      Region region = regions.get(name);
      if (region != null) {
        used.add(region);
      }
    }
    Duration longest = Duration.ZERO;
    for (Region region : used.isEmpty() ? regions.values() : used) {
      if (region.hardExpiry().compareTo(longest) > 0) {
        longest = region.hardExpiry();
      }
    }
    return longest;
  }
}
