package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The time a caller waiting for another's computation reads, and how it waits: the lock timeout,
 * the backoff between polls of a lease and the wait for this process's load of a key all go
 * through it. {@link #SYSTEM} is the monotonic clock, a real sleep and a timed {@code get}; a test
 * gives one on virtual time, so that waits of seconds are tested in milliseconds, and
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

        @Override
        public <T> T await(CompletableFuture<T> future, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
          return future.get(nanos, TimeUnit.NANOSECONDS);
        }
      };

  /** Now, in nanoseconds, on a clock only differences of which mean anything. */
  long nanoTime();

  /** Pauses for {@code nanos}, or until interrupted. */
  void sleepNanos(long nanos) throws InterruptedException;

  /**
   * Waits for {@code future} for at most {@code nanos} of this clock's time, in the calling
   * thread, and returns its value.
   *
   * @throws TimeoutException when that time passed first
   */
  <T> T await(CompletableFuture<T> future, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException;
}
