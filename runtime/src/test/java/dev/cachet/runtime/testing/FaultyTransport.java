package dev.cachet.runtime.testing;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that fails every operation when told to, the way a refused connection or a timeout
 * would reach the core; otherwise it forwards to the store it wraps.
 */
public final class FaultyTransport implements Transport {
  /** What every operation does. */
  public enum Fault { NONE, REFUSED, TIMEOUT }

  private final Transport store;
  private volatile Fault fault = Fault.NONE;
  private volatile Fault deleteFault = Fault.NONE;
  private final AtomicInteger touches = new AtomicInteger();

  public FaultyTransport(Transport store) {
    this.store = store;
  }

  public void fail(Fault fault) {
    this.fault = fault;
  }

  /** Deletes alone fail so, while reads and writes work: an invalidation the store never acknowledges. */
  public void failDeletes(Fault fault) {
    this.deleteFault = fault;
  }

  /** How many {@code touch}es reached the store. */
  public int touches() {
    return touches.get();
  }

  private void check() {
    check(fault);
  }

  private static void check(Fault fault) {
    switch (fault) {
      case REFUSED -> throw new TransportException("connection refused");
      case TIMEOUT -> throw new TransportException("timed out", new TimeoutException("250 ms"));
      case NONE -> { }
    }
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    check();
    return store.getAll(keys);
  }

  @Override
  public void set(String key, byte[] value, Duration expiry) {
    check();
    store.set(key, value, expiry);
  }

  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    check();
    return store.add(key, value, expiry);
  }

  @Override
  public boolean delete(String key) {
    check();
    check(deleteFault);
    return store.delete(key);
  }

  /**
   * A sequence meets the fault every operation meets, or, holding a delete, the deletes' fault,
   * and then none of its writes reach the store (as a refused connection); the others are
   * forwarded together, so the store orders them as it would.
   */
  @Override
  public List<TransportException> writeSequences(List<List<Write>> sequences) {
    List<TransportException> outcomes = new ArrayList<>(sequences.size());
    List<List<Write>> forwarded = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (List<Write> sequence : sequences) {
      TransportException failure = faultOf(fault);
      if (failure == null && sequence.stream().anyMatch(Write::isDelete)) {
        failure = faultOf(deleteFault);
      }
      if (failure == null) {
        at.add(outcomes.size());
        forwarded.add(sequence);
      }
      outcomes.add(failure);
    }
    if (!forwarded.isEmpty()) {
      List<TransportException> stored = store.writeSequences(forwarded);
      for (int i = 0; i < at.size(); i++) {
        outcomes.set(at.get(i), stored.get(i));
      }
    }
    return outcomes;
  }

  private static TransportException faultOf(Fault fault) {
    try {
      check(fault);
      return null;
    } catch (TransportException e) {
      return e;
    }
  }

  @Override
  public Versioned gets(String key) {
    check();
    return store.gets(key);
  }

  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    check();
    return store.cas(key, value, expiry, casId);
  }

  @Override
  public boolean touch(String key, Duration expiry) {
    check();
    touches.incrementAndGet();
    return store.touch(key, expiry);
  }

  @Override
  public int maxItemBytes() {
    return store.maxItemBytes();
  }

  @Override
  public String describe() {
    return "faulty " + store.describe();
  }

  @Override
  public void close() {
    store.close();
  }
}
