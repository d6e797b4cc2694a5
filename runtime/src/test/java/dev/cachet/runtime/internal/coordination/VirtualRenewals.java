package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Lease renewals on virtual time, run by the test's own thread: {@link #advance} moves the time,
 * and the store's clock with it, renewal by renewal, so a test sees the schedule exactly.
 */
final class VirtualRenewals implements Renewals {
  private final MutableClock storeClock;
  private final List<Scheduled> scheduled = new ArrayList<>();
  private long nowMillis;
  private boolean closed;

  /** @param storeClock the clock the store expires by, moved along with the renewals' time */
  VirtualRenewals(MutableClock storeClock) {
    this.storeClock = storeClock;
  }

  private static final class Scheduled {
    final long periodMillis;
    final BooleanSupplier renewal;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    long dueMillis;

    Scheduled(long periodMillis, BooleanSupplier renewal, long dueMillis) {
      this.periodMillis = periodMillis;
      this.renewal = renewal;
      this.dueMillis = dueMillis;
    }
  }

  @Override
  public Future<?> every(long periodMillis, BooleanSupplier renewal) {
    if (closed) {
      return null;
    }
    Scheduled task = new Scheduled(periodMillis, renewal, nowMillis + periodMillis);
    scheduled.add(task);
    return task.future;
  }

  /** Moves the time by {@code by}, running each renewal that falls due on the way at its moment. */
  void advance(Duration by) {
    long until = nowMillis + by.toMillis();
    while (true) {
      scheduled.removeIf(task -> task.future.isDone());
      Scheduled next = null;
      for (Scheduled task : scheduled) {
        if (task.dueMillis <= until && (next == null || task.dueMillis < next.dueMillis)) {
          next = task;
        }
      }
      if (next == null || closed) {
        break;
      }
      moveTo(next.dueMillis);
      if (next.renewal.getAsBoolean()) {
        next.dueMillis += next.periodMillis;
      } else {
        next.future.cancel(false);
      }
    }
    moveTo(until);
  }

  /** Milliseconds of virtual time since this was made. */
  long nowMillis() {
    return nowMillis;
  }

  private void moveTo(long millis) {
    storeClock.advance(Duration.ofMillis(millis - nowMillis));
    nowMillis = millis;
  }

  @Override
  public void close() {
    closed = true;
    scheduled.forEach(task -> task.future.cancel(false));
    scheduled.clear();
  }
}
