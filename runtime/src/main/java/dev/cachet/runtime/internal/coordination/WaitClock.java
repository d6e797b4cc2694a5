package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.TimeUnit;

/**
 * The time a caller waiting for another's computation reads, and how it pauses between polls:
 * the lock timeout, the backoff and the deadlines of this process's loads all go through it.
 * {@link #SYSTEM} is the monotonic clock and a real sleep; a test gives one that advances a
 * virtual clock by each pause, so that waits of seconds are tested in milliseconds, and
 * deterministically.
 */
public interface WaitClock {
  WaitClock SYSTEM =
      new WaitClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };

  /** Now, in nanoseconds, on a clock only differences of which mean anything. */
  long nanoTime();

  /** Pauses for {@code nanos}, or until interrupted. */
  void sleepNanos(long nanos) throws InterruptedException;
}
