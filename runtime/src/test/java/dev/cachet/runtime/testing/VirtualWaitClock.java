package dev.cachet.runtime.testing;

import dev.cachet.runtime.internal.coordination.WaitClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A wait clock on virtual time, shared by every thread of a test. A pause returns at once and
 * moves the clock by its length, so a waiter's lock timeout passes after exactly the polls its
 * backoff schedules, however loaded the machine. A wait for a future ends when the future
 * completes or when the clock has reached its deadline, moved by a pause of another thread or by
 * {@link #advance}; real time never ends it.
 */
public final class VirtualWaitClock implements WaitClock {
  /** Guards every field: the waiters wait on it, and the clock moves under it. */
  private final Object lock = new Object();

  private long now;
  private long paused;
  /** The waiters for a future now blocked in {@link #await}. */
  private int blocked;
  /** Counts the moves of {@link #advance}; a blocked waiter acknowledges each one. */
  private long moves;
  /** Blocked waiters that have not yet looked at the clock since the last {@link #advance}. */
  private int behind;

  @Override
  public long nanoTime() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public void sleepNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    synchronized (lock) {
      now += nanos;
      paused += nanos;
      lock.notifyAll();
    }
  }

  @Override
  public <T> T await(CompletableFuture<T> future, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    future.whenComplete((value, failure) -> wake());
    synchronized (lock) {
      long deadline = now + nanos;
      long seen = moves;
      blocked++;
      try {
        while (true) {
          if (future.isDone()) {
            return future.get();
          }
          if (now - deadline >= 0) {
            throw new TimeoutException("virtual time reached the deadline");
          }
          lock.wait();
          if (seen != moves) {
            seen = moves;
            acknowledge();
          }
        }
      } finally {
        blocked--;
        if (seen != moves) {
          acknowledge();
        }
      }
    }
  }

  /**
   * Moves the clock by {@code by} and returns once every thread waiting for a future has seen the
   * new time: it has returned or thrown, or waits again, which {@link #waiting} then counts.
   */
  public void advance(Duration by) throws InterruptedException {
    synchronized (lock) {
      now += by.toNanos();
      moves++;
      behind = blocked;
      lock.notifyAll();
      while (behind > 0) {
        lock.wait();
      }
    }
  }

  /** The threads waiting for a future on this clock now. */
  public int waiting() {
    synchronized (lock) {
      return blocked;
    }
  }

  /** The pauses taken so far, in nanoseconds. */
  public long pausedNanos() {
    synchronized (lock) {
      return paused;
    }
  }

  private void acknowledge() {
    behind--;
    lock.notifyAll();
  }

  private void wake() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }
}
