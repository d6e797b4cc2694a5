package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs cache faults at WARN, at most one line per kind every {@value #INTERVAL_SECONDS} seconds,
 * with how many were suppressed since the last line: a memcached outage under load writes a few
 * lines, not one per call. Rate limiting uses the monotonic clock, never the injected one.
 */
public final class FaultLog {
  public static final int INTERVAL_SECONDS = 10;
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
  /** Every fault is logged under the logger users already configure for the cache. */
  private static final Logger log = LoggerFactory.getLogger("dev.cachet.runtime.Cachet");

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param kind what failed, e.g. {@code transport:get}; each kind has its own rate limit
   * @param message what the cache did about it, e.g. {@code answered by the delegate}
   * @return whether a line was written
   */
  public boolean warn(String kind, String message, Throwable cause) {
    Window window = windows.computeIfAbsent(kind, k -> new Window());
    long suppressed;
    synchronized (window) {
      long now = System.nanoTime();
      if (window.logged && now - window.lastLoggedNanos < INTERVAL_NANOS) {
        window.suppressed++;
        return false;
      }
      suppressed = window.suppressed;
      window.suppressed = 0;
      window.logged = true;
      window.lastLoggedNanos = now;
    }
    String tail =
        suppressed == 0
            ? ""
            : " (" + suppressed + " more in the last " + INTERVAL_SECONDS + " s not logged)";
    log.warn("cache fault [{}]: {}: {}{}", kind, message, describe(cause), tail);
    if (log.isDebugEnabled() && cause != null) {
      log.debug("cache fault [" + kind + "] stack trace", cause);
    }
    return true;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "-";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == cause ? cause.toString() : cause + " caused by " + root;
  }

  private static final class Window {
    boolean logged;
    long lastLoggedNanos;
    long suppressed;
  }
}
