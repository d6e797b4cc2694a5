package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.internal.settings.Region;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.spi.Transport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The coordination of one {@code Cachet} with every other thread and process sharing its store:
 * namespace generations, leases, this process's in-flight loads and invalidations. The runtime
 * drives this package through here, {@link Entries} (the read path) and {@link Misses} (the miss
 * protocol, which reads through {@link Entries}); its other public types are what those take
 * ({@link NamespaceEvents}, {@link FaultLog}) or hand back ({@link Lookup}, {@link InFlight},
 * {@link Epoch}). The bytes and keys it writes are laid out by
 * {@link dev.cachet.runtime.internal.value.WireFormat}.
 */
public final class Coordination implements AutoCloseable {
  final Transport transport;
  final FaultLog faults;
  /** What lock waits read and pause by. */
  final WaitClock waitClock;
  final LocalLoads loads = new LocalLoads();
  final Generations generations;
  final Leases leases;
  private final Invalidations invalidations;
  private final NearSync nearSync;
  private final ConcurrentHashMap<String, Epoch> epochs = new ConcurrentHashMap<>();

  /**
   * @param signingKey signs namespace generations, as the value pipeline signs entries; {@code
   *     null} for none
   * @param namespaces the events of a namespace, by name
   * @param longestHardExpiry how long the entries of a namespace may be served: the longest hard
   *     expiry of its regions
   * @param nearBound how long after another process's invalidation a near copy may be served;
   *     {@code null} when this process keeps no near copies of a store other processes share
   * @param nearClock the clock near hits check against, in milliseconds
   * @param waitClock what a caller waiting for another's computation reads and pauses by
   */
  public Coordination(
      Transport transport,
      FaultLog faults,
      byte[] signingKey,
      Function<String, NamespaceEvents> namespaces,
      Function<String, Duration> longestHardExpiry,
      Duration nearBound,
      LongSupplier nearClock,
      WaitClock waitClock) {
    this.transport = transport;
    this.faults = faults;
    this.waitClock = waitClock;
    SecureRandom random = new SecureRandom();
    this.generations = new Generations(transport, faults, random, signingKey);
    this.leases = new Leases(transport, faults, random);
    this.invalidations =
        new Invalidations(transport, random, generations, faults, namespaces, this::epoch, longestHardExpiry);
    this.nearSync =
        nearBound == null || transport.processLocal()
            ? NearSync.LOCAL
            : new NearSync(transport, nearClock, nearBound, faults, this::epoch, random);
  }

  /** The invalidation epoch of {@code namespace} in this process. */
  public Epoch epoch(String namespace) {
    return epochs.computeIfAbsent(namespace, n -> new Epoch());
  }

  /** How near copies stay in step with other processes' invalidations. */
  public NearSync nearSync() {
    return nearSync;
  }

  /**
   * The read path of one cached method: its lookups, decoding and stores.
   *
   * @param clock the time freshness is checked against, in epoch milliseconds
   */
  public Entries entries(
      String namespace,
      NamespaceEvents events,
      ValueStore values,
      Region region,
      Class<?> type,
      boolean cacheNulls,
      LongSupplier clock) {
    return new Entries(this, namespace, events, values, region, type, cacheNulls, clock);
  }

  /** The misses of one cached method, which read through its {@code entries}. */
  public Misses misses(
      String namespace,
      NamespaceEvents events,
      Entries entries,
      Class<?> type,
      Duration lockTimeout,
      Duration leaseTime) {
    return new Misses(this, namespace, events, epoch(namespace), entries, type, lockTimeout, leaseTime);
  }

  public Generations generations() {
    return generations;
  }

  /** Deletes {@code entryKey}; {@code true} when the store acknowledged it, else it is retried. */
  public boolean invalidate(String namespace, String entryKey) {
    return invalidations.invalidate(namespace, entryKey);
  }

  /**
   * Replaces the namespace's generation on every server; {@code true} when every server
   * acknowledged it, else the others are retried.
   */
  public boolean invalidateAll(String namespace) {
    return invalidations.invalidateAll(namespace);
  }

  /**
   * {@code true} while an invalidation of {@code entryKey}, or of the generation copy
   * {@code generationKey} it is read beside, has not landed: the lookup must not trust the store.
   */
  public boolean pending(String entryKey, String generationKey) {
    return invalidations.pending(entryKey, generationKey);
  }

  /** How many invalidations of {@code namespace} wait to be retried. */
  public int pendingOf(String namespace) {
    return invalidations.pendingOf(namespace);
  }

  /** Stops renewing leases and gives up pending invalidations (counted and logged). */
  @Override
  public void close() {
    nearSync.close();
    leases.close();
    invalidations.close();
  }
}
