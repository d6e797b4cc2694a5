package dev.cachet.runtime.value;

import dev.cachet.runtime.Transport;
import dev.cachet.runtime.TransportException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare map behind the {@link Transport} SPI for the value pipeline's unit tests: it records the
 * calls and expiries and lets a test reach behind the cache. It enforces an item-size limit like
 * memcached does, rejecting larger items.
 */
final class MapTransport implements Transport {
  final Map<String, byte[]> items = new ConcurrentHashMap<>();
  final Map<String, Duration> expiries = new ConcurrentHashMap<>();
  final AtomicInteger getAllCalls = new AtomicInteger();
  final AtomicInteger setCalls = new AtomicInteger();
  /** Keys in the order they were set. */
  final java.util.List<String> setOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final int maxItemBytes;

  MapTransport(int maxItemBytes) {
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
  public void set(String key, byte[] value, Duration expiry) {
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
  public boolean add(String key, byte[] value, Duration expiry) {
    if (items.containsKey(key)) {
      return false;
    }
    set(key, value, expiry);
    return true;
  }

  @Override
  public boolean delete(String key) {
    return items.remove(key) != null;
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
