package dev.cachet.runtime.internal;

import dev.cachet.runtime.internal.coordination.Epoch;
import dev.cachet.runtime.internal.coordination.NearSync;
import dev.cachet.runtime.internal.value.WireFormat;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decoded values of one {@code @Cached} method, kept in this process in front of the value
 * pipeline ({@link dev.cachet.runtime.Cachet.Builder#nearCache}), so that a hit returns the stored
 * object itself: no key string, no bytes, no deserialization.
 *
 * <p>A direct-mapped table: each entry sits in the one slot its arguments hash to, and a newer
 * entry replaces whatever was there. Lookups take no lock; entries are immutable (final fields),
 * so a racing reader sees a whole old entry, a whole new one, or none. Collisions only cost a
 * trip through the pipeline, which puts the entry back.
 *
 * <p>An entry is served while all of these hold, and is otherwise ignored:
 *
 * <ul>
 *   <li>its arguments equal the call's ({@link Objects#equals}): the processor passes the key
 *       arguments themselves only when every key parameter is an immutable scalar whose equality
 *       is its key's equality, and the entry key string otherwise;
 *   <li>it was taken at the namespace's current {@linkplain Epoch epoch}:
 *       every {@code invalidate} and {@code invalidateAll} of the namespace advances it after
 *       changing the store, and an entry records the epoch read <em>before</em> its value was read
 *       or computed, so no invalidation can be missed;
 *   <li>the region's fresh period has not ended by the {@link FreshnessClock}. Stale entries are
 *       never served from here: the stale window and its single refresh belong to the pipeline;
 *   <li>with a store other processes share, this process is {@linkplain NearSync in sync} with
 *       their invalidations of the entry's server: its last sync that server answered was sent
 *       less than the staleness bound ago.
 * </ul>
 *
 * <p>Only values the store accepted are kept: a value that failed to serialize or was too large
 * stays uncached, as without the near cache.
 */
final class NearCache {
  private final Entry[] table;
  private final int mask;
  private final Epoch epoch;
  private final LongAdder nearHits;
  private final FreshnessClock clock;
  private final NearSync sync;
  /** The namespace's change mark, whose copy beside an entry governs the entry's near copies. */
  private final String changesKey;

  NearCache(
      int slots, String namespace, NamespaceCounters counters, Epoch epoch, FreshnessClock clock, NearSync sync) {
    int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
    this.table = new Entry[size];
    this.mask = size - 1;
    this.epoch = epoch;
    this.nearHits = counters.nearHits;
    this.clock = clock;
    this.sync = sync;
    this.changesKey = WireFormat.changesKey(namespace);
  }

  /** The epoch to record with a value about to be read or computed. */
  long epoch() {
    return epoch.current();
  }

  Object get(Object a) {
    Entry entry = table[slot(hash(a))];
    if (entry != null && entry.arity == 1 && equal(entry.a, a) && current(entry)) {
      nearHits.increment();
      return entry.value;
    }
    return CachedOperation.NOT_NEAR;
  }

  Object get(Object a, Object b) {
    Entry entry = table[slot(hash(a, b))];
    if (entry != null
        && entry.arity == 2
        && equal(entry.a, a)
        && equal(entry.b, b)
        && current(entry)) {
      nearHits.increment();
      return entry.value;
    }
    return CachedOperation.NOT_NEAR;
  }

  Object get(Object a, Object b, Object c) {
    Entry entry = table[slot(hash(a, b, c))];
    if (entry != null
        && entry.arity == 3
        && equal(entry.a, a)
        && equal(entry.b, b)
        && equal(entry.c, c)
        && current(entry)) {
      nearHits.increment();
      return entry.value;
    }
    return CachedOperation.NOT_NEAR;
  }

  Object get(Object[] arguments) {
    Entry entry = table[slot(Arrays.hashCode(arguments))];
    if (entry != null
        && entry.arity == -1
        && Arrays.equals(entry.rest, arguments)
        && current(entry)) {
      nearHits.increment();
      return entry.value;
    }
    return CachedOperation.NOT_NEAR;
  }

  /**
   * Keeps {@code value}, the value of {@code entryKey}, until {@code freshUntil}, under the epoch
   * its arguments recorded, served while the sync of the entry's server is recent.
   */
  void put(Arguments arguments, String entryKey, Object value, long freshUntil) {
    table[slot(arguments.hash)] = new Entry(arguments, value, freshUntil, sync.watch(changesKey, entryKey));
  }

  private boolean current(Entry entry) {
    // In sync first, the epoch second: a sync advances epochs before it extends the time.
    return sync.inSync(entry.watch)
        && entry.epoch == epoch.current()
        && clock.millis() < entry.freshUntil;
  }

  private int slot(int hash) {
    return (hash ^ (hash >>> 16)) & mask;
  }

  private static boolean equal(Object stored, Object given) {
    return stored == given || (stored != null && stored.equals(given));
  }

  static int hash(Object a) {
    return Objects.hashCode(a);
  }

  static int hash(Object a, Object b) {
    return 31 * Objects.hashCode(a) + Objects.hashCode(b);
  }

  static int hash(Object a, Object b, Object c) {
    return 31 * (31 * Objects.hashCode(a) + Objects.hashCode(b)) + Objects.hashCode(c);
  }

  /**
   * The arguments of one call, carried from a near miss through the pipeline to the moment its
   * value is known, with the namespace's epoch read before the value was looked up. {@code arity}
   * is 1 to 3 for {@code a..c}, and -1 for {@code rest}.
   */
  static class Arguments {
    final long epoch;
    final int arity;
    final Object a;
    final Object b;
    final Object c;
    final Object[] rest;
    final int hash;

    Arguments(long epoch, int arity, Object a, Object b, Object c, Object[] rest, int hash) {
      this.epoch = epoch;
      this.arity = arity;
      this.a = a;
      this.b = b;
      this.c = c;
      this.rest = rest;
      this.hash = hash;
    }

    static Arguments of(long epoch, Object a) {
      return new Arguments(epoch, 1, a, null, null, null, hash(a));
    }

    static Arguments of(long epoch, Object a, Object b) {
      return new Arguments(epoch, 2, a, b, null, null, hash(a, b));
    }

    static Arguments of(long epoch, Object a, Object b, Object c) {
      return new Arguments(epoch, 3, a, b, c, null, hash(a, b, c));
    }

    static Arguments of(long epoch, Object[] arguments) {
      return new Arguments(epoch, -1, null, null, null, arguments, Arrays.hashCode(arguments));
    }
  }

  /** One kept value; immutable, so it may be published through a plain array store. */
  private static final class Entry extends Arguments {
    final Object value;
    final long freshUntil;
    final NearSync.Watch watch;

    Entry(Arguments arguments, Object value, long freshUntil, NearSync.Watch watch) {
      super(
          arguments.epoch,
          arguments.arity,
          arguments.a,
          arguments.b,
          arguments.c,
          arguments.rest,
          arguments.hash);
      this.value = value;
      this.freshUntil = freshUntil;
      this.watch = watch;
    }
  }
}
