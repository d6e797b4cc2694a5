package dev.cachet.runtime;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The time the near cache checks freshness against. Reading the system clock costs about 30 ns
 * on the virtual machines measured here: more than a whole near hit. So with the system clock a
 * daemon thread publishes the time every {@value #TICK_MILLIS} ms and a hit reads a field; a
 * near entry may then be served up to one tick past its fresh period. With a clock given to the
 * builder (tests, simulations) every check reads that clock: exact, and still deterministic.
 */
final class NearClock implements AutoCloseable {
  static final long TICK_MILLIS = 1;

  /** The clock read on every check, or {@code null} when a ticker publishes the time. */
  private final Clock exact;
  private final Thread ticker;
  private volatile long ticked;
  private volatile boolean closed;

  private NearClock(Clock exact) {
    this.exact = exact;
    if (exact != null) {
      this.ticker = null;
      return;
    }
    this.ticked = System.currentTimeMillis();
    this.ticker = new Thread(this::tick, "cachet-near-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  /** Ticks the system clock. */
  static NearClock ticking() {
    return new NearClock(null);
  }

  /** Reads {@code clock} on every check. */
  static NearClock reading(Clock clock) {
    return new NearClock(clock);
  }

  /** Milliseconds since the epoch; {@link Long#MAX_VALUE} once closed, so nothing is fresh. */
  long millis() {
    if (exact == null) {
      return ticked;
    }
    return closed ? Long.MAX_VALUE : exact.millis();
  }

  @Override
  public void close() {
    closed = true;
    ticked = Long.MAX_VALUE;
    if (ticker != null) {
      LockSupport.unpark(ticker);
    }
  }

  private void tick() {
    while (!closed) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
      ticked = System.currentTimeMillis();
      if (closed) {
        // close() may have run between the loop's check and the write above.
        ticked = Long.MAX_VALUE;
      }
    }
  }
}
