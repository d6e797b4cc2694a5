package dev.cachet.runtime.internal.transport;

import java.util.function.LongSupplier;

/**
 * The circuit breaker of one memcached server. A server frozen by SIGSTOP or a stalled host keeps
 * its TCP connection, so Xmemcached keeps routing its keys to it and every operation on them
 * waits the whole op timeout. After {@code timeoutsToOpen} consecutive timeouts the breaker opens:
 * operations on the server's keys are refused at once for the cool-off period. Then one operation
 * is let through as a probe (half-open); its success closes the breaker, its failure opens it for
 * another cool-off. Any success closes it, so a server that merely hiccuped is back at once.
 *
 * <p>Thread-safe. The closed path reads one volatile field; transitions are synchronized. Public
 * for the Redis store, the one module this package is exported to.
 */
public final class CircuitBreaker {
  /** What {@link #tryAcquire()} allows. */
  public enum Permit {
    /** Closed: go ahead. */
    PASS,
    /** Half-open: go ahead as the one probe, and report how it went. */
    PROBE,
    /** Open: fail fast. */
    REFUSED
  }

  private final int timeoutsToOpen;
  private final long coolOffNanos;
  private final LongSupplier nanoTime;

  private volatile boolean open;
  private volatile int consecutiveTimeouts;
  private long retryAtNanos;
  private boolean probing;
  private long probeStartedNanos;
  private long timesOpened;

  public CircuitBreaker(int timeoutsToOpen, long coolOffNanos, LongSupplier nanoTime) {
    if (timeoutsToOpen < 1) {
      throw new IllegalArgumentException("timeoutsToOpen must be at least 1: " + timeoutsToOpen);
    }
    this.timeoutsToOpen = timeoutsToOpen;
    this.coolOffNanos = coolOffNanos;
    this.nanoTime = nanoTime;
  }

  /** Whether an operation may go to the server now. */
  public Permit tryAcquire() {
    if (!open) {
      return Permit.PASS;
    }
    synchronized (this) {
      if (!open) {
        return Permit.PASS;
      }
      long now = nanoTime.getAsLong();
      // A probe whose outcome never came back (its thread died) must not keep the server out.
      boolean probeLost = probing && now - probeStartedNanos >= coolOffNanos;
      if (now - retryAtNanos >= 0 && (!probing || probeLost)) {
        probing = true;
        probeStartedNanos = now;
        return Permit.PROBE;
      }
      return Permit.REFUSED;
    }
  }

  /** The server answered: whatever the state, it is alive. */
  public void onSuccess() {
    if (!open && consecutiveTimeouts == 0) {
      return;
    }
    synchronized (this) {
      open = false;
      probing = false;
      consecutiveTimeouts = 0;
    }
  }

  /** An operation waited its whole op timeout without an answer. */
  public synchronized void onTimeout(Permit permit) {
    if (permit == Permit.PROBE) {
      reopen();
      return;
    }
    if (open) {
      return; // a late report from an operation sent before the breaker opened
    }
    consecutiveTimeouts++;
    if (consecutiveTimeouts >= timeoutsToOpen) {
      reopen();
    }
  }

  /**
   * Any other fault (refused, closed connection, server error). It does not count towards
   * opening, a frozen server is what the breaker is for, but a failed probe keeps it open.
   */
  public synchronized void onOtherFailure(Permit permit) {
    if (permit == Permit.PROBE) {
      reopen();
    }
  }

  public boolean isOpen() {
    return open;
  }

  /** How many times the breaker opened: the log line of an opening says it. */
  public synchronized long timesOpened() {
    return timesOpened;
  }

  private void reopen() {
    if (!open) {
      timesOpened++;
    }
    open = true;
    probing = false;
    retryAtNanos = nanoTime.getAsLong() + coolOffNanos;
  }
}
