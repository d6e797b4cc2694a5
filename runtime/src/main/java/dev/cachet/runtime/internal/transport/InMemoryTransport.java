package dev.cachet.runtime.internal.transport;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded default {@link Transport}: items live in this JVM, bounded by a byte capacity,
 * least recently used first out.
 *
 * <p>It answers like a memcached 1.6.18 server started with the default {@code -I 1m}: an item
 * whose key and value together exceed {@value #DEFAULT_ITEM_SIZE} bytes is refused with
 * {@code SERVER_ERROR object too large for cache}, so the value pipeline chunks exactly as it
 * would against a server. Expiry is read from the injected {@link Clock}; an expired item is
 * invisible at once and removed when next touched (or evicted).
 *
 * <p>Concurrency: reads go straight to a {@link ConcurrentHashMap} and never block. Like memcached,
 * a read moves an item to the most-recently-used end only when it was last moved at least
 * {@value #MOVE_INTERVAL_MILLIS} ms before (memcached waits 60 s), so a hot item costs the recency
 * lock once a second rather than on every read; and only when the lock is free, so under heavy
 * read contention the order is approximate, never a bottleneck. Writes, deletes and evictions take
 * the lock, which keeps the map, the recency list and the byte count consistent and makes
 * {@link #add} and {@link #cas} atomic.
 *
 * <p>Like memcached's CAS unique, every item stored by {@link #set}, {@link #add} or {@link #cas}
 * carries a new id from a per-transport counter, so an id read by {@link #gets} matches only the
 * very item it was read from. A {@code cas} refused as too large keeps the held item, as
 * memcached's text protocol does (a {@code set} refused so removes it).
 *
 * <p>Values are copied on the way in (callers may reuse their buffers). Values returned by
 * {@link #getAll} and {@link #gets} are the stored arrays themselves, not copies: callers must not
 * mutate them.
 */
public final class InMemoryTransport implements Transport {
  /**
   * Key plus value bytes that memcached 1.6.18 accepts in one item with {@code -I 1m}: measured,
   * a 10-byte key took a value of 1,048,507 bytes and refused one more.
   */
  public static final int DEFAULT_ITEM_SIZE = 1_048_517;

  /** Like {@code memcached -m 64}. */
  public static final long DEFAULT_CAPACITY_BYTES = 64L * 1024 * 1024;

  /** The longest key memcached accepts; {@link #maxItemBytes()} leaves room for it. */
  static final int LONGEST_KEY_BYTES = MemcachedKeys.LONGEST_KEY_BYTES;

  /**
   * Bytes charged per item on top of key and value, for the entry, its map node and its string;
   * without it a flood of tiny items could outgrow the capacity many times over.
   */
  static final int ENTRY_OVERHEAD_BYTES = 96;

  private static final long NEVER = Long.MAX_VALUE;

  /** A read moves an item to the most-recently-used end at most once per this many ms. */
  static final long MOVE_INTERVAL_MILLIS = 1_000;

  private final Clock clock;
  /** The id of the latest item made; memcached's CAS uniques likewise start at 1. */
  private final AtomicLong lastCasId = new AtomicLong();
  private final int itemSize;
  private final long capacityBytes;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  /** Sentinel of the circular recency list: {@code head.next} is the least recently used. */
  private final Entry head = new Entry("", new byte[0], NEVER, 0, 0, 0);
  private long usedBytes;

  /** The defaults: system UTC clock, 64 MiB, memcached's 1 MiB item size. */
  public InMemoryTransport() {
    this(Clock.systemUTC());
  }

  /** Expiry read from {@code clock}; 64 MiB, memcached's 1 MiB item size. */
  public InMemoryTransport(Clock clock) {
    this(clock, DEFAULT_CAPACITY_BYTES, DEFAULT_ITEM_SIZE);
  }

  /**
   * @param clock the time source of expiry
   * @param capacityBytes bytes held before the least recently used items are evicted
   * @param itemSize the largest key length plus value length of one item
   */
  public InMemoryTransport(Clock clock, long capacityBytes, int itemSize) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (itemSize <= LONGEST_KEY_BYTES) {
      throw new IllegalArgumentException(
          "itemSize must exceed the longest key (" + LONGEST_KEY_BYTES + "): " + itemSize);
    }
    if (capacityBytes < itemSize + (long) ENTRY_OVERHEAD_BYTES) {
      throw new IllegalArgumentException(
          "capacityBytes must hold at least one item of " + itemSize + " bytes: " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
    this.itemSize = itemSize;
    head.previous = head;
    head.next = head;
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    int size = keys.size();
    Map<String, byte[]> found = new HashMap<>(size + size / 3 + 1);
    Entry[] used = null; // allocated only when an item is due to move: rarely, on a hit
    int count = 0;
    long now = clock.millis();
    for (String key : keys) {
      Entry entry = entries.get(key);
      if (entry == null) {
        continue;
      }
      if (entry.expiresAtMillis <= now) {
        removeIfSame(entry);
        continue;
      }
      found.put(key, entry.value);
      if (now - entry.movedAtMillis >= MOVE_INTERVAL_MILLIS) {
        if (used == null) {
          used = new Entry[size];
        }
        used[count++] = entry;
      }
    }
    touch(used, count, now);
    return found;
  }

  /**
   * Like memcached, a set refused as too large also removes the key's old item, so a reader
   * never mistakes the old value for the one just written.
   */
  @Override
  public void set(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Entry fresh;
    try {
      fresh = newEntry(key, value, expiry);
    } catch (TransportException tooLarge) {
      delete(key);
      throw tooLarge;
    }
    lock.lock();
    try {
      Entry old = entries.put(key, fresh);
      if (old != null) {
        unlink(old);
      }
      linkAndEvict(fresh);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    Entry fresh = newEntry(key, value, expiry);
    lock.lock();
    try {
      Entry old = entries.get(key);
      if (old != null) {
        if (old.expiresAtMillis > clock.millis()) {
          return false;
        }
        unlink(old);
      }
      entries.put(key, fresh);
      linkAndEvict(fresh);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Like {@link #getAll} for one key: no copy, expiry honoured, recency moved at most once a second. */
  @Override
  public Versioned gets(String key) {
    MemcachedKeys.requireValid(key);
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    long now = clock.millis();
    if (entry.expiresAtMillis <= now) {
      removeIfSame(entry);
      return null;
    }
    if (now - entry.movedAtMillis >= MOVE_INTERVAL_MILLIS) {
      touch(new Entry[] {entry}, 1, now);
    }
    return new Versioned(entry.value, entry.casId);
  }

  /**
   * Replaces the item only if it is the one {@code casId} was read from and has not expired. Too
   * large a value throws before the item is looked at, so the held item stays (see the class
   * comment).
   */
  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    Entry fresh = newEntry(key, value, expiry);
    lock.lock();
    try {
      Entry old = entries.get(key);
      if (old == null || old.casId != casId || old.expiresAtMillis <= clock.millis()) {
        return false;
      }
      entries.put(key, fresh);
      unlink(old);
      linkAndEvict(fresh);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** As memcached's {@code touch}: the same bytes and compare-and-swap id, a new expiry. */
  @Override
  public boolean touch(String key, Duration expiry) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative()) {
      throw new IllegalArgumentException("negative expiry: " + expiry);
    }
    lock.lock();
    try {
      Entry old = entries.get(key);
      long now = clock.millis();
      if (old == null || old.expiresAtMillis <= now) {
        return false;
      }
      long expiresAt = expiry.isZero() ? NEVER : saturatedAdd(now, ceilMillis(expiry));
      Entry touched = new Entry(key, old.value, expiresAt, old.chargedBytes, now, old.casId);
      entries.put(key, touched);
      unlink(old);
      linkAndEvict(touched);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      Entry old = entries.remove(key);
      if (old == null) {
        return false;
      }
      unlink(old);
      return old.expiresAtMillis > clock.millis();
    } finally {
      lock.unlock();
    }
  }

  /**
   * One server, one lock: each write is applied before the next begins, so a sequence's writes
   * are applied in order, as the contract asks; a sequence stops at its first fault (a value too
   * large), and its later writes are not applied.
   */
  @Override
  public List<TransportException> writeSequences(List<List<Write>> sequences) {
    List<TransportException> outcomes = new ArrayList<>(sequences.size());
    for (List<Write> sequence : sequences) {
      TransportException fault = null;
      for (Write write : sequence) {
        try {
          if (write.isDelete()) {
            delete(write.key());
          } else {
            set(write.key(), write.value(), write.expiry());
          }
        } catch (TransportException e) {
          fault = e;
          break;
        }
      }
      outcomes.add(fault);
    }
    return outcomes;
  }

  /** {@value #DEFAULT_ITEM_SIZE} minus the longest key, by default 1,048,267. */
  @Override
  public int maxItemBytes() {
    return itemSize - LONGEST_KEY_BYTES;
  }

  /** Only this process can reach it: {@link dev.cachet.runtime.Cachet.Builder#nearCache} may be used. */
  @Override
  public boolean processLocal() {
    return true;
  }

  @Override
  public String describe() {
    return "in-memory";
  }

  /** Drops every item. */
  @Override
  public void close() {
    lock.lock();
    try {
      entries.clear();
      head.previous = head;
      head.next = head;
      usedBytes = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Like memcached's {@code stats}, for the one embedded "server": {@code curr_items} and
   * {@code bytes} held now (expired items included until they are removed), {@code limit_maxbytes}
   * and {@code item_size_max}.
   */
  @Override
  public Map<String, Map<String, String>> serverStatistics() {
    Map<String, String> stats = new LinkedHashMap<>();
    lock.lock();
    try {
      stats.put("curr_items", Integer.toString(entries.size()));
      stats.put("bytes", Long.toString(usedBytes));
    } finally {
      lock.unlock();
    }
    stats.put("limit_maxbytes", Long.toString(capacityBytes));
    stats.put("item_size_max", Integer.toString(itemSize));
    return Map.of(describe(), stats);
  }

  /** Bytes charged for the items held now, expired ones included until they are removed. */
  long usedBytes() {
    lock.lock();
    try {
      return usedBytes;
    } finally {
      lock.unlock();
    }
  }

  private Entry newEntry(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative()) {
      throw new IllegalArgumentException("negative expiry: " + expiry);
    }
    int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
    if ((long) keyBytes + value.length > itemSize) {
      throw new TransportException("SERVER_ERROR object too large for cache");
    }
    long now = clock.millis();
    long expiresAt = expiry.isZero() ? NEVER : saturatedAdd(now, ceilMillis(expiry));
    return new Entry(
        key,
        value.clone(),
        expiresAt,
        keyBytes + value.length + ENTRY_OVERHEAD_BYTES,
        now,
        lastCasId.incrementAndGet());
  }

  /** Sub-millisecond expiries round up so that a positive expiry never means "already expired". */
  private static long ceilMillis(Duration expiry) {
    try {
      long millis = expiry.toMillis();
      return expiry.minusMillis(millis).isZero() ? millis : millis + 1;
    } catch (ArithmeticException tooLong) {
      return NEVER;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? NEVER : sum;
  }

  /**
   * Moves the first {@code count} entries to the most-recently-used end, in order, under one lock
   * (a hit reads two), unless another thread holds the lock.
   */
  private void touch(Entry[] used, int count, long now) {
    if (count > 0 && lock.tryLock()) {
      try {
        for (int i = 0; i < count; i++) {
          Entry entry = used[i];
          if (entry.linked()) {
            unlinkFromList(entry);
            linkLast(entry);
            entry.movedAtMillis = now;
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void removeIfSame(Entry entry) {
    lock.lock();
    try {
      if (entries.remove(entry.key, entry)) {
        unlink(entry);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: links a new entry, then evicts from the cold end until it fits. */
  private void linkAndEvict(Entry fresh) {
    linkLast(fresh);
    usedBytes += fresh.chargedBytes;
    // Capacity holds at least one largest item, so the fresh entry itself is never evicted.
    while (usedBytes > capacityBytes && head.next != fresh) {
      Entry coldest = head.next;
      entries.remove(coldest.key, coldest);
      unlink(coldest);
    }
  }

  private void unlink(Entry entry) {
    if (entry.linked()) {
      unlinkFromList(entry);
      usedBytes -= entry.chargedBytes;
    }
  }

  private void unlinkFromList(Entry entry) {
    entry.previous.next = entry.next;
    entry.next.previous = entry.previous;
    entry.previous = null;
    entry.next = null;
  }

  private void linkLast(Entry entry) {
    entry.previous = head.previous;
    entry.next = head;
    head.previous.next = entry;
    head.previous = entry;
  }

  /**
   * An item; {@code previous}/{@code next} are guarded by the lock, {@code movedAtMillis} is
   * written under it and read without, the rest is immutable.
   */
  private static final class Entry {
    final String key;
    final byte[] value;
    final long expiresAtMillis;
    final int chargedBytes;
    final long casId;
    Entry previous;
    Entry next;
    /** When the item was stored or last moved to the most-recently-used end. */
    volatile long movedAtMillis;

    Entry(String key, byte[] value, long expiresAtMillis, int chargedBytes, long movedAtMillis, long casId) {
      this.key = key;
      this.value = value;
      this.expiresAtMillis = expiresAtMillis;
      this.chargedBytes = chargedBytes;
      this.movedAtMillis = movedAtMillis;
      this.casId = casId;
    }

    boolean linked() {
      return previous != null;
    }
  }
}
