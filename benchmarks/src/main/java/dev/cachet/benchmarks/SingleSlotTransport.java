package dev.cachet.benchmarks;

import dev.cachet.runtime.Transport;
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
  }

  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    return items.putIfAbsent(key, value) == null;
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
    return "benchmark map";
  }

  @Override
  public void close() {}
}
