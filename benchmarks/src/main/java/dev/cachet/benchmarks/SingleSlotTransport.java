package dev.cachet.benchmarks;

import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A transport that keeps items in a plain map, so an encode-and-decode benchmark measures the
 * pipeline and not a network. Single-threaded, as JMH runs it here.
 */
final class SingleSlotTransport implements Transport {
  private final Map<String, byte[]> items = new HashMap<>();
  /** Each held item's compare-and-swap id, new on every store as memcached's CAS unique is. */
  private final Map<String, Long> casIds = new HashMap<>();
  private long lastCasId;
  private final int maxItemBytes;

  SingleSlotTransport(int maxItemBytes) {
    this.maxItemBytes = maxItemBytes;
  }

  byte[] item(String key) {
    return items.get(key);
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    Map<String, byte[]> found = new HashMap<>();
    for (String key : keys) {
      byte[] value = items.get(key);
      if (value != null) {
        found.put(key, value);
      }
    }
    return found;
  }

  @Override
  public void set(String key, byte[] value, Duration expiry) {
    items.put(key, value);
    casIds.put(key, ++lastCasId);
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
    casIds.remove(key);
    return items.remove(key) != null;
  }

  @Override
  public Versioned gets(String key) {
    byte[] value = items.get(key);
    return value == null ? null : new Versioned(value, casIds.get(key));
  }

  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    Long held = casIds.get(key);
    if (held == null || held != casId) {
      return false;
    }
    set(key, value, expiry);
    return true;
  }

  /** Expiry is not modelled here: a present key is touched. */
  @Override
  public boolean touch(String key, Duration expiry) {
    return items.containsKey(key);
  }

  @Override
  public int maxItemBytes() {
    return maxItemBytes;
  }

  @Override
  public String describe() {
    return "benchmark map";
  }

  @Override
  public void close() {}
}
