package dev.cachet.runtime.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits that prove something started waiting, or happened, instead of sleeping and hoping: a test
 * that asserts "the waiter has not finished" must first know the waiter is waiting, or the
 * assertion also passes when the waiter never ran. Every wait here gives up, failing the test, after
 * ten seconds.
 */
public final class Waiting {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  /** The frames of a lock wait: the system's wait clock (an inner class) or the virtual one. */
  private static final String[] LOCK_WAIT_CLASSES = {
    "dev.cachet.runtime.internal.coordination.WaitClock", VirtualWaitClock.class.getName()
  };

  private Waiting() {}

  /**
   * A pool of {@code threads} whose threads are added to {@code into} as it makes them, so a test
   * can ask {@link #lockWaiting} of each.
   */
  public static ExecutorService poolRecordingThreads(int threads, List<Thread> into) {
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread thread = new Thread(task);
          synchronized (into) {
            into.add(thread);
          }
          return thread;
        });
  }

  /**
   * Returns once {@code thread} is parked (waiting or timed-waiting) inside code of {@code
   * packagePrefix}.
   */
  public static void untilParkedIn(Thread thread, String packagePrefix) {
    await("thread " + thread.getName() + " parked in " + packagePrefix)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(2))
        .until(() -> parkedIn(thread, packagePrefix));
  }

  /**
   * Returns once {@code thread} waits for another caller's computation through a wait clock:
   * pausing between polls of a lease, or waiting for this process's load of the key. A thread
   * that waits for a reply of the store, which a lookup made by the same code does, is not taken
   * for one.
   */
  public static void untilLockWaiting(Thread thread) {
    await("thread " + thread.getName() + " waiting for another caller's computation")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(2))
        .until(() -> lockWaiting(thread));
  }

  /** Whether {@code thread} waits now for another caller's computation, as {@link #untilLockWaiting}. */
  public static boolean lockWaiting(Thread thread) {
    return parkedIn(thread, LOCK_WAIT_CLASSES);
  }

  /**
   * Whether {@code condition} came to hold within {@code atMost}, polled every 10 ms: for a test
   * that asserts it with a message of its own.
   */
  public static boolean eventually(Duration atMost, BooleanSupplier condition) {
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException timedOut) {
      return false;
    }
  }

  /** {@link #eventually(Duration, BooleanSupplier)} within ten seconds. */
  public static boolean eventually(BooleanSupplier condition) {
    return eventually(PATIENCE, condition);
  }

  /** Returns once {@code condition} holds, polled every 10 ms; {@code what} names it on failure. */
  public static void until(String what, BooleanSupplier condition) {
    await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
  }

  private static boolean parkedIn(Thread thread, String... prefixes) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      for (String prefix : prefixes) {
        if (frame.getClassName().startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }
}
