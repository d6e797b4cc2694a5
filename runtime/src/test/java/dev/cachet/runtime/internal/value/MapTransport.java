package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare map behind the {@link Transport} SPI for the value pipeline's unit tests: it records the
 * calls and expiries and lets a test reach behind the cache. It enforces an item-size limit like
 * memcached does, rejecting larger items. Writes are synchronized, so that {@link #add} and
 * {@link #cas} are atomic as on a server; reads are not.
 */
public final class MapTransport implements Transport {
  final Map<String, byte[]> items = new ConcurrentHashMap<>();
  final Map<String, Duration> expiries = new ConcurrentHashMap<>();
  final AtomicInteger getAllCalls = new AtomicInteger();
  final AtomicInteger setCalls = new AtomicInteger();
  /** Keys in the order they were set. */
  final java.util.List<String> setOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final int maxItemBytes;
  /**
   * The id given to each key's array by {@link #gets}: a test may put arrays into {@link #items}
   * directly, so an id belongs to an array, and a new array gets a new id when next read.
   */
  private final Map<String, Versioned> casIds = new HashMap<>();
  private long lastCasId;

  public MapTransport(int maxItemBytes) {
    this.maxItemBytes = maxItemBytes;
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    getAllCalls.incrementAndGet();
    Map<String, byte[]> found = new LinkedHashMap<>();
    for (String key : keys) {
      byte[] value = items.get(key);
      if (value != null) {
        found.put(key, value.clone());
      }
    }
    return found;
  }

  @Override
  public synchronized void set(String key, byte[] value, Duration expiry) {
    setCalls.incrementAndGet();
    if (key.length() > 250 || key.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new TransportException("invalid key " + key);
    }
    if (value.length > maxItemBytes) {
      throw new TransportException("item of " + value.length + " bytes over " + maxItemBytes);
    }
    items.put(key, value.clone());
    expiries.put(key, expiry);
    setOrder.add(key);
  }

  @Override
  public synchronized boolean add(String key, byte[] value, Duration expiry) {
    if (items.containsKey(key)) {
      return false;
    }
    set(key, value, expiry);
    return true;
  }

  @Override
  public synchronized boolean delete(String key) {
    return items.remove(key) != null;
  }

  @Override
  public synchronized Versioned gets(String key) {
    byte[] value = items.get(key);
    return value == null ? null : new Versioned(value.clone(), idOf(key, value));
  }

  @Override
  public synchronized boolean cas(String key, byte[] value, Duration expiry, long casId) {
    byte[] held = items.get(key);
    if (held == null || idOf(key, held) != casId) {
      return false;
    }
    set(key, value, expiry);
    return true;
  }

  /** Expiry is not modelled here: a present key is touched. */
  @Override
  public synchronized boolean touch(String key, Duration expiry) {
    return items.containsKey(key);
  }

  private long idOf(String key, byte[] held) {
    Versioned known = casIds.get(key);
    if (known == null || known.value() != held) {
      known = new Versioned(held, ++lastCasId);
      casIds.put(key, known);
    }
    return known.casId();
  }

  @Override
  public int maxItemBytes() {
    return maxItemBytes;
  }

  @Override
  public String describe() {
    return "map";
  }

  @Override
  public void close() {}
}
