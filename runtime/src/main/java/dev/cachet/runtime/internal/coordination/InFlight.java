package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.CompletableFuture;

/**
 * One key being loaded in this process. Other threads missing the same key wait on
 * {@link #outcome} instead of taking the lease or calling the delegate themselves; it completes
 * with the computed value (possibly {@code null}) or with {@link #ABANDONED}.
 *
 * <p>How long they wait follows the loading thread: until the lock timeout while it waits for a
 * lease held elsewhere, and one lock timeout from the moment a computation starts (this thread
 * took the lease, another process took over a lapsed lease, or this thread gave up waiting and
 * computes itself), but never past twice the lock timeout from the start of the load. Without
 * that, every waiting thread would give up at the same instant as the loading thread and call
 * the delegate too, the stampede the lock exists to prevent. For the same reason the loading
 * thread itself stops waiting for the lease a little earlier ({@link #ownerGivesUpNanos()}), so it
 * has started computing, and moved their deadline, before they would give up.
 *
 * <p>A thread may wait for this load only if the load's outcome cannot predate an invalidation
 * that completed before the thread's call began ({@link LocalLoads#joinable} checks it): no
 * invalidation of the namespace ran in this process since the load began ({@link #epoch}), and the
 * thread's own lookup, made after its call began, saw the placeholder this load holds or waits for
 * ({@link #witness}) still in the store. An invalidation deletes that placeholder (or retires its
 * generation), so seeing it intact proves none completed since it was taken.
 */
public final class InFlight {
  /** The outcome of a load whose delegate threw or whose caller gave up: waiters try again. */
  static final Object ABANDONED = new Object();

  private static final long MAX_OWNER_MARGIN_NANOS = 100_000_000L;

  final CompletableFuture<Object> outcome = new CompletableFuture<>();
  /** The namespace's invalidation epoch in this process when the load began. */
  final long epoch;
  /**
   * The placeholder this load holds, or the one of the caller it waits for, once known; its value
   * is derived from events after that placeholder was taken.
   */
  volatile byte[] witness;

  private final long lockTimeoutNanos;
  private final WaitClock clock;
  private final long latestNanos;
  private volatile long waitUntilNanos;

  InFlight(WaitClock clock, long startedNanos, long lockTimeoutNanos, long epoch) {
    this.clock = clock;
    this.epoch = epoch;
    this.lockTimeoutNanos = lockTimeoutNanos;
    this.latestNanos = startedNanos + 2 * lockTimeoutNanos;
    this.waitUntilNanos = startedNanos + lockTimeoutNanos;
  }

  /** When other threads of this process stop waiting for this load. */
  long waitUntilNanos() {
    return waitUntilNanos;
  }

  /**
   * When the loading thread stops waiting for a lease held elsewhere: a tenth of the lock timeout
   * (at most 100 ms) before its waiters would.
   */
  long ownerGivesUpNanos() {
    return waitUntilNanos - Math.min(lockTimeoutNanos / 10, MAX_OWNER_MARGIN_NANOS);
  }

  /** A computation of the key started now: waiting for it may take one more lock timeout. */
  void computationStarted() {
    long extended = Math.min(latestNanos, clock.nanoTime() + lockTimeoutNanos);
    if (extended > waitUntilNanos) {
      waitUntilNanos = extended;
    }
  }

  /** Nobody ended this load in time (a future that never completed): a newcomer may replace it. */
  boolean overdue() {
    return clock.nanoTime() - latestNanos > 0;
  }
}
