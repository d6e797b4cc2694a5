package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.DecodeFailure;
import dev.cachet.runtime.internal.settings.Region;
import dev.cachet.runtime.internal.value.StoredValue;
import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.internal.value.WriteResult;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The read path of one cached method, and its one owner: the lookup (the entry with its
 * generation, in one round trip), what the bytes read hold (decoded, typed, fresh or stale), and
 * the store of a computed value. The facade generated code calls and the miss protocol ({@link
 * Misses}, {@link Leases}) both call down into it; it calls nothing above it.
 *
 * <p>Never throws for cache faults: a transport error is a {@link Lookup.State#FAULT} or a store
 * not made, undecodable bytes are {@link Lookup.State#ABSENT}; each is counted and logged. Unusable
 * bytes are counted by the first lookup of a call only: the re-reads of the lease protocol see the
 * same bytes again.
 */
public final class Entries {
  private final Transport transport;
  private final Coordination coordination;
  private final FaultLog faults;
  private final NamespaceEvents counted;
  private final Generations.Reader generations;
  private final ValueStore values;
  private final String generationKey;
  private final Class<?> type;
  private final boolean cacheNulls;
  private final long freshMillis;
  private final long staleWindowMillis;
  private final Duration hardExpiry;
  /** Freshness is checked against it, in epoch milliseconds. */
  private final LongSupplier clock;

  Entries(
      Coordination coordination,
      String namespace,
      NamespaceEvents counted,
      ValueStore values,
      Region region,
      Class<?> type,
      boolean cacheNulls,
      LongSupplier clock) {
    this.transport = coordination.transport;
    this.coordination = coordination;
    this.faults = coordination.faults;
    this.counted = counted;
    this.generations = coordination.generations.reader(counted);
    this.values = values;
    this.generationKey = WireFormat.generationKey(namespace);
    this.type = type;
    this.cacheNulls = cacheNulls;
    this.freshMillis = millis(region.expiry());
    this.staleWindowMillis = millis(region.staleWindow());
    this.hardExpiry = region.hardExpiry();
    this.clock = clock;
  }

  /** What {@link #store} did, for the log, and whether the value replaced the lease's item. */
  public record Stored(boolean stored, String outcome) {}

  /**
   * One round trip: the generation's copy on the entry's server, and the entry. Never throws: a
   * fault is counted, logged and returned as {@link Lookup.State#FAULT}.
   */
  public Lookup lookup(String entryKey) {
    return lookup(entryKey, false);
  }

  /** {@link #lookup} again, for the lease protocol: unusable bytes are not counted twice. */
  Lookup reread(String entryKey) {
    return lookup(entryKey, true);
  }

  /** What {@code bytes}, read under {@code entryKey} in a re-read, hold under {@code generation}. */
  Lookup decode(String entryKey, long generation, byte[] bytes) {
    return decode(entryKey, generation, bytes, true);
  }

  private Lookup lookup(String entryKey, boolean reread) {
    String copyKey = transport.beside(generationKey, entryKey);
    if (coordination.pending(entryKey, copyKey)) {
      // An invalidation of it has not landed yet: what the store holds cannot be trusted, and
      // nothing may be stored over it; the delegate answers, as for a fault.
      return Lookup.fault();
    }
    Map<String, byte[]> found;
    try {
      found = transport.getAll(List.of(copyKey, entryKey));
    } catch (RuntimeException e) {
      counted.transportFault(e);
      faults.warn("transport:get", "lookup of " + entryKey + " answered by the delegate", e);
      return Lookup.fault();
    }
    long generation = generations.read(copyKey, found.get(copyKey));
    if (generation == Lookup.NO_GENERATION) {
      // Without the generation an entry cannot be trusted: it may predate an invalidateAll.
      return Lookup.absent(generation);
    }
    return decode(entryKey, generation, found.get(entryKey), reread);
  }

  private Lookup decode(String entryKey, long generation, byte[] bytes, boolean reread) {
    if (bytes == null) {
      return Lookup.absent(generation);
    }
    if (WireFormat.isLeasePlaceholder(bytes)) {
      // A lease taken under an older generation guards a computation nobody can use.
      return WireFormat.leaseGeneration(bytes) == generation
          ? Lookup.leased(generation, bytes)
          : Lookup.absent(generation);
    }
    StoredValue stored;
    try {
      stored = values.readIfGeneration(entryKey, bytes, generation);
    } catch (ValueException e) {
      if (!reread) {
        DecodeFailure reason = e.decodeFailure();
        counted.decodeFailure(reason);
        faults.warn("value:" + reason, "entry " + entryKey + " unreadable, treated as a miss", e);
      }
      return Lookup.absent(generation);
    } catch (TransportException e) {
      counted.transportFault(e);
      faults.warn("transport:get", "chunks of " + entryKey + " unreadable, answered by the delegate", e);
      return Lookup.fault();
    } catch (RuntimeException e) {
      if (!reread) {
        counted.decodeFailure(DecodeFailure.UNEXPECTED);
        faults.warn("value:UNEXPECTED", "entry " + entryKey + " unreadable, treated as a miss", e);
      }
      return Lookup.absent(generation);
    }
    if (stored == null) {
      return Lookup.absent(generation); // written before the last invalidateAll
    }
    Object value = stored.value();
    if (value == null ? !cacheNulls : !type.isInstance(value)) {
      if (value != null && !reread) {
        counted.decodeFailure(DecodeFailure.TYPE_MISMATCH);
        faults.warn(
            "value:TYPE_MISMATCH",
            "entry " + entryKey + " holds a " + value.getClass().getName() + ", not a " + type.getName(),
            null);
      }
      return Lookup.absent(generation);
    }
    // In milliseconds, as creation times are stored: no Instant arithmetic on every hit.
    long now = clock.getAsLong();
    long freshUntil = freshUntil(stored.createdAt().toEpochMilli());
    if (now < freshUntil) {
      return Lookup.found(Lookup.State.FRESH, value, generation, stored.storedBytes(), freshUntil, bytes);
    }
    if (now < saturatedAdd(freshUntil, staleWindowMillis)) {
      return Lookup.found(Lookup.State.STALE, value, generation, stored.storedBytes(), freshUntil, bytes);
    }
    // Past the hard expiry by our clock even if the store still holds it.
    return Lookup.absent(generation);
  }

  /** When a value created at {@code createdMillis} stops being fresh. */
  public long freshUntil(long createdMillis) {
    return saturatedAdd(createdMillis, freshMillis);
  }

  /**
   * Stores {@code value} unconditionally (no lease), under the namespace's current generation,
   * establishing one when none is stored. Nothing is stored while an invalidation of the key or
   * its namespace made by this process has not landed.
   */
  public Stored set(String entryKey, Object value) {
    String copyKey = transport.beside(generationKey, entryKey);
    if (coordination.pending(entryKey, copyKey)) {
      return new Stored(false, "not stored: an invalidation has not landed yet");
    }
    long generation;
    try {
      generation = generations.read(copyKey, transport.getAll(List.of(copyKey)).get(copyKey));
    } catch (RuntimeException e) {
      counted.transportFault(e);
      counted.storeFailed();
      faults.warn("transport:get", "generation of " + entryKey + " unknown, not stored", e);
      return new Stored(false, "not stored: generation unknown");
    }
    if (generation == Lookup.NO_GENERATION) {
      generation = generations.establish(copyKey);
      if (generation == Lookup.NO_GENERATION) {
        counted.storeFailed();
        return new Stored(false, "not stored: no generation could be established");
      }
    }
    return store(entryKey, value, generation, ValueStore.UNCONDITIONAL);
  }

  /**
   * Writes the value under the generation it was computed in, over the item the lease guards
   * (compare-and-swap with {@code casId}; {@link ValueStore#UNCONDITIONAL} for {@link #set}).
   */
  public Stored store(String entryKey, Object value, long generation, long casId) {
    try {
      WriteResult written = values.write(entryKey, value, generation, hardExpiry, casId);
      if (!written.stored()) {
        counted.storeRefused();
        return new Stored(false, "not stored: invalidated while computed, or the lease lapsed");
      }
      counted.stored(written);
      return new Stored(
          true,
          "stored "
              + written.storedBytes()
              + " bytes ("
              + written.serializedBytes()
              + " serialized"
              + (written.compressed() ? ", compressed)" : ")")
              + (written.chunks() > 0 ? " in " + written.chunks() + " chunks" : ""));
    } catch (ValueException e) {
      String reason = e.reason().name();
      if (e.reason() == ValueException.Reason.TOO_LARGE) {
        counted.oversize();
        faults.warn(
            "value:TOO_LARGE", "value of " + entryKey + " not cached; the delegate's value was returned", e);
        return new Stored(false, "not stored: too large");
      }
      counted.storeFailed();
      faults.warn("value:" + reason, "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: " + reason);
    } catch (TransportException e) {
      counted.transportFault(e);
      counted.storeFailed();
      faults.warn("transport:set", "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: transport fault");
    } catch (RuntimeException e) {
      counted.storeFailed();
      faults.warn("store", "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: " + e);
    }
  }

  private static long millis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException longerThanAnyClock) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
