package dev.cachet.runtime;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One store shared by several {@link Cachet}s in a test, as processes share a memcached pool:
 * closing a cache leaves it open. The test closes the store itself.
 */
final class SharedTransport implements Transport {
  private final Transport store;

  SharedTransport(Transport store) {
    this.store = store;
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    return store.getAll(keys);
  }

  @Override
  public void set(String key, byte[] value, Duration expiry) {
    store.set(key, value, expiry);
  }

  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    return store.add(key, value, expiry);
  }

  @Override
  public boolean delete(String key) {
    return store.delete(key);
  }

  @Override
  public List<TransportException> writeSequences(List<List<Write>> sequences) {
    return store.writeSequences(sequences);
  }

  @Override
  public Versioned gets(String key) {
    return store.gets(key);
  }

  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    return store.cas(key, value, expiry, casId);
  }

  @Override
  public boolean touch(String key, Duration expiry) {
    return store.touch(key, expiry);
  }

  @Override
  public int maxItemBytes() {
    return store.maxItemBytes();
  }

  @Override
  public String describe() {
    return "shared " + store.describe();
  }

  @Override
  public void close() {}
}
