package dev.cachet.runtime;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The time a hit checks freshness against. Reading the system clock costs about 30 ns on the
 * virtual machines measured here: a tenth of an in-memory hit, more than a whole near hit. So
 * with the system clock a daemon thread publishes the time every {@value #TICK_MILLIS} ms and a
 * hit reads a field; an entry may then be served up to one tick past its fresh period (longer
 * only if the ticker is starved of CPU for longer).
 *
 * <p>The ticker ticks only while hits read it: after {@value #IDLE_TICKS} ticks without a read it
 * parks until the next read, which reads the system clock itself and wakes it. An idle process
 * therefore has no thread waking a thousand times a second. With a clock given to the builder
 * (tests, simulations) every check reads that clock: exact, and deterministic.
 */
final class FreshnessClock implements AutoCloseable {
  static final long TICK_MILLIS = 1;
  /** Ticks without a read after which the ticker sleeps until the next read. */
  static final int IDLE_TICKS = 1000;
  /** Published while the ticker sleeps: the reader reads the system clock and wakes it. */
  private static final long ASLEEP = Long.MIN_VALUE;

  /** The clock read on every check, or {@code null} when a ticker publishes the time. */
  private final Clock exact;
  private final int idleTicks;
  private final Thread ticker;
  private volatile long ticked = ASLEEP;
  /** Set by the first read after a tick, cleared by the ticker: one write per tick, not per read. */
  private volatile boolean read;
  private volatile boolean closed;

  private FreshnessClock(Clock exact, int idleTicks) {
    this.exact = exact;
    this.idleTicks = idleTicks;
    if (exact != null) {
      this.ticker = null;
      return;
    }
    this.ticker = new Thread(this::tick, "cachet-freshness-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  /** Ticks the system clock while it is read. */
  static FreshnessClock ticking() {
    return new FreshnessClock(null, IDLE_TICKS);
  }

  /** As {@link #ticking()}, sleeping after {@code idleTicks} ticks without a read (tests). */
  static FreshnessClock ticking(int idleTicks) {
    return new FreshnessClock(null, idleTicks);
  }

  /** Reads {@code clock} on every check. */
  static FreshnessClock reading(Clock clock) {
    return new FreshnessClock(clock, 0);
  }

  /** Milliseconds since the epoch; {@link Long#MAX_VALUE} once closed, so nothing is fresh. */
  long millis() {
    if (exact != null) {
      return closed ? Long.MAX_VALUE : exact.millis();
    }
    if (!read) {
      read = true;
    }
    long now = ticked;
    return now != ASLEEP ? now : wake();
  }

  /** {@code true} while the ticker sleeps for want of reads. */
  boolean asleep() {
    return ticked == ASLEEP;
  }

  @Override
  public void close() {
    closed = true;
    ticked = Long.MAX_VALUE;
    if (ticker != null) {
      LockSupport.unpark(ticker);
    }
  }

  private long wake() {
    LockSupport.unpark(ticker);
    return closed ? Long.MAX_VALUE : System.currentTimeMillis();
  }

  private void tick() {
    int idle = idleTicks; // asleep until the first read
    while (!closed) {
      if (read) {
        read = false;
        idle = 0;
      } else if (++idle >= idleTicks) {
        ticked = ASLEEP;
        // A read after this line sees ASLEEP and unparks; one before it set the flag seen here.
        if (!read) {
          LockSupport.park(this);
        }
        idle = 0;
      }
      ticked = System.currentTimeMillis();
      if (closed) {
        // close() may have run between the loop's check and the write above.
        ticked = Long.MAX_VALUE;
      }
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
    }
  }
}
