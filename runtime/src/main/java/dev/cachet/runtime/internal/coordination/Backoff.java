package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The pauses of a caller polling for another's computation: 10 ms doubling to 200 ms, each
 * jittered to between half and all of its value so that waiters in many processes spread out.
 */
final class Backoff {
  static final long FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  static final long MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private long next = FIRST_NANOS;

  /** The next pause in nanoseconds. */
  long nextPauseNanos() {
    long base = next;
    next = Math.min(MAX_NANOS, next * 2);
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }
}
