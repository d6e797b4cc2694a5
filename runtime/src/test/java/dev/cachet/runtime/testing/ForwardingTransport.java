package dev.cachet.runtime.testing;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A transport that hands every operation to {@code store}: a test's own transport overrides only
 * the operations it watches, holds or breaks.
 */
public class ForwardingTransport implements Transport {
  protected final Transport store;

  public ForwardingTransport(Transport store) {
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
  public void deleteWhenReachable(String key, byte[] ifHolding) {
    store.deleteWhenReachable(key, ifHolding);
  }

  @Override
  public String beside(String key, String neighbour) {
    return store.beside(key, neighbour);
  }

  @Override
  public List<String> everywhere(String key) {
    return store.everywhere(key);
  }

  @Override
  public boolean processLocal() {
    return store.processLocal();
  }

  @Override
  public Map<String, Map<String, String>> serverStatistics() {
    return store.serverStatistics();
  }

  @Override
  public int maxItemBytes() {
    return store.maxItemBytes();
  }

  @Override
  public String describe() {
    return store.describe();
  }

  @Override
  public void close() {
    store.close();
  }
}
