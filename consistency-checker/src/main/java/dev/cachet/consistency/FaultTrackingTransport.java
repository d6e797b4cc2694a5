package dev.cachet.consistency;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The worker's transport: another transport (memcached), with every operation watched from the
 * thread that makes it. An operation that throws a {@link TransportException} marks its thread as
 * having hit a fault, and every round trip is counted on its thread, so that the worker can record,
 * per call, whether the cache could not reach the store during it, and whether it reached the
 * store at all. The checker needs both to tell the stale reads the model allows (a call that could
 * not reach the store, an invalidation the store did not acknowledge) from those it does not.
 *
 * <p>All the cache work of a call runs on the caller's thread; what Cachet does on threads of its
 * own (the retries of unacknowledged invalidations, the clean-up of timed-out adds) marks those
 * threads, whose marks nobody reads, so a call is never charged with a background fault.
 *
 * <p>Every method of {@link Transport} is forwarded, the default ones included: the defaults are
 * those of a store that is one server, so a {@code beside} or {@code everywhere} left to them would
 * turn each server's copy of a namespace's generation into one key (an {@code invalidateAll} would
 * then reach only that key), and a {@code processLocal} left to it would change Cachet's clock.
 */
final class FaultTrackingTransport implements Transport {
  private final Transport inner;
  private final ThreadLocal<Call> calls = ThreadLocal.withInitial(Call::new);

  FaultTrackingTransport(Transport inner) {
    this.inner = inner;
  }

  /** Forgets what this thread's previous call did: call it before each call to watch. */
  void begin() {
    Call call = calls.get();
    call.faulted = false;
    call.roundTrips = 0;
  }

  /** Whether an operation of this thread threw a {@link TransportException} since {@link #begin()}. */
  boolean faulted() {
    return calls.get().faulted;
  }

  /** How many operations that reach the store this thread made since {@link #begin()}. */
  int roundTrips() {
    return calls.get().roundTrips;
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    Call call = started();
    try {
      return inner.getAll(keys);
    } catch (TransportException e) {
      call.faulted = true;
      throw e;
    }
  }

  @Override
  public void set(String key, byte[] value, Duration expiry) {
    Call call = started();
    try {
      inner.set(key, value, expiry);
    } catch (TransportException e) {
      call.faulted = true;
      throw e;
    }
  }

  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    Call call = started();
    try {
      return inner.add(key, value, expiry);
    } catch (TransportException e) {
      call.faulted = true;
      throw e;
    }
  }

  @Override
  public boolean delete(String key) {
    Call call = started();
    try {
      return inner.delete(key);
    } catch (TransportException e) {
      call.faulted = true;
      throw e;
    }
  }

  /** One round trip of this call (the sequences go at once); a fault in any marks the call. */
  @Override
  public List<TransportException> writeSequences(List<List<Write>> sequences) {
    Call call = started();
    List<TransportException> outcomes = inner.writeSequences(sequences);
    if (outcomes.stream().anyMatch(fault -> fault != null)) {
      call.faulted = true;
    }
    return outcomes;
  }

  @Override
  public Versioned gets(String key) {
    Call call = started();
    try {
      return inner.gets(key);
    } catch (TransportException e) {
      call.faulted = true;
      throw e;
    }
  }

  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    Call call = started();
    try {
      return inner.cas(key, value, expiry, casId);
    } catch (TransportException e) {
      call.faulted = true;
      throw e;
    }
  }

  /**
   * Sent by the runtime's lease-renewal thread, never by a call's own thread: a fault here is no
   * call's, so it is forwarded untracked.
   */
  @Override
  public boolean touch(String key, Duration expiry) {
    return inner.touch(key, expiry);
  }

  /** Queued for the inner transport's own thread: no round trip of this call, and it never throws. */
  @Override
  public void deleteWhenReachable(String key, byte[] ifHolding) {
    inner.deleteWhenReachable(key, ifHolding);
  }

  @Override
  public String beside(String key, String neighbour) {
    return inner.beside(key, neighbour);
  }

  @Override
  public List<String> everywhere(String key) {
    return inner.everywhere(key);
  }

  @Override
  public boolean processLocal() {
    return inner.processLocal();
  }

  @Override
  public int maxItemBytes() {
    return inner.maxItemBytes();
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public Map<String, Map<String, String>> serverStatistics() {
    return inner.serverStatistics();
  }

  @Override
  public void close() {
    inner.close();
  }

  private Call started() {
    Call call = calls.get();
    call.roundTrips++;
    return call;
  }

  /** What one thread's current call did; read and written by that thread only. */
  private static final class Call {
    private boolean faulted;
    private int roundTrips;
  }
}
