package dev.cachet.consistency;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The delegate: reads and bumps versions in the {@link VersionFile}. {@link #item} pauses a random
 * 0 to {@code maxPause} after reading, so that a miss holds an old version for a while before the
 * decorator stores it: the window in which a write and its invalidation can overtake it.
 *
 * <p>Each call leaves a {@link CallTrace} for its thread (generated decorators call the delegate on
 * the caller's thread), so the worker can record whether a read was answered by its own delegate
 * call and when that call read the truth, and when a write's increment happened.
 */
final class VersionedInventory implements Inventory {
  private final VersionFile truth;
  private final long maxPauseNanos;
  private final LongAdder itemCalls = new LongAdder();
  private final LongAdder writeCalls = new LongAdder();
  private final ThreadLocal<CallTrace> traces = ThreadLocal.withInitial(CallTrace::new);

  VersionedInventory(VersionFile truth, long maxPauseNanos) {
    if (maxPauseNanos < 0) {
      throw new IllegalArgumentException("negative pause: " + maxPauseNanos);
    }
    this.truth = truth;
    this.maxPauseNanos = maxPauseNanos;
  }

  @Override
  public Item item(int id) {
    itemCalls.increment();
    long version = truth.version(id);
    traces.get().called(System.nanoTime(), version);
    if (maxPauseNanos > 0) {
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxPauseNanos + 1));
    }
    return new Item(id, version);
  }

  @Override
  public long write(int id) {
    writeCalls.increment();
    long version = truth.increment(id);
    traces.get().called(System.nanoTime(), version);
    return version;
  }

  @Override
  public long writeAndInvalidateAll(int id) {
    return write(id);
  }

  /** The calling thread's trace. */
  CallTrace trace() {
    return traces.get();
  }

  /** {@link #item} calls made so far in this process. */
  long itemCalls() {
    return itemCalls.sum();
  }

  /** Write calls made so far in this process, through either write method. */
  long writeCalls() {
    return writeCalls.sum();
  }

  /** What the last delegate call on one thread did; read and reset by that thread only. */
  static final class CallTrace {
    private boolean called;
    private long truthNanos;
    private long version;

    /** Forgets the previous operation's call. */
    void reset() {
      called = false;
      truthNanos = -1;
      version = -1;
    }

    private void called(long nanos, long seen) {
      called = true;
      truthNanos = nanos;
      version = seen;
    }

    /** Whether the delegate was called since {@link #reset()}. */
    boolean called() {
      return called;
    }

    /** When the call read or bumped the version ({@code System.nanoTime()}), or -1. */
    long truthNanos() {
      return truthNanos;
    }

    /** The version it read or wrote, or -1. */
    long version() {
      return version;
    }
  }
}
