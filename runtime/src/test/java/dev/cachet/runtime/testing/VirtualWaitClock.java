package dev.cachet.runtime.testing;

import dev.cachet.runtime.internal.coordination.WaitClock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wait clock on virtual time: a pause returns at once and moves the clock by its length, so a
 * waiter's lock timeout passes after exactly the polls its backoff schedules, however loaded the
 * machine. Shared by every thread of a test.
 */
public final class VirtualWaitClock implements WaitClock {
  private final AtomicLong now = new AtomicLong();
  private final AtomicLong paused = new AtomicLong();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleepNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    now.addAndGet(nanos);
    paused.addAndGet(nanos);
  }

  /** The pauses taken so far, in nanoseconds. */
  public long pausedNanos() {
    return paused.get();
  }
}
