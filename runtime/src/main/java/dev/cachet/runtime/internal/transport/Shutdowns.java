package dev.cachet.runtime.internal.transport;

import java.time.Duration;

/**
 * Closing a client whose shutdown a frozen server can hold up: the shutdown runs on a daemon
 * thread and the caller waits for it at most a bound, so closing a {@code Cachet} never hangs
 * the application's own shutdown. Public for the Redis store, whose clients do the same.
 */
public final class Shutdowns {
  private Shutdowns() {}

  /** Runs {@code shutdown} on a daemon thread named {@code thread}, waiting for it at most {@code within}. */
  public static void within(Duration within, String thread, Runnable shutdown) {
    Thread closer = new Thread(shutdown, thread);
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(within.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
