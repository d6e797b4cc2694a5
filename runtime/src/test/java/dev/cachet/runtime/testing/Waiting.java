package dev.cachet.runtime.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * Waits that prove something started waiting, instead of sleeping and hoping: a test that asserts
 * "the waiter has not finished" must first know the waiter is waiting, or the assertion also
 * passes when the waiter never ran.
 */
public final class Waiting {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private Waiting() {}

  /**
   * Returns once {@code thread} is parked (waiting or timed-waiting) inside code of {@code
   * packagePrefix}, such as {@code "dev.cachet.runtime.internal.coordination"} for a lock wait.
   */
  public static void untilParkedIn(Thread thread, String packagePrefix) {
    await("thread " + thread.getName() + " parked in " + packagePrefix)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(2))
        .until(() -> parkedIn(thread, packagePrefix));
  }

  private static boolean parkedIn(Thread thread, String packagePrefix) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().startsWith(packagePrefix)) {
        return true;
      }
    }
    return false;
  }
}
