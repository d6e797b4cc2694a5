package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * When lease renewals run: {@link #onDaemonThread} in production, on virtual time in the tests of
 * {@link Leases}, so that a schedule of seconds is tested exactly and without waiting.
 */
interface Renewals extends AutoCloseable {
  /**
   * Runs {@code renewal} every {@code periodMillis}, the first time one period from now, until
   * it returns {@code false} (then the returned future is cancelled) or the future is cancelled;
   * returns {@code null} once closed.
   */
  Future<?> every(long periodMillis, BooleanSupplier renewal);

  /** Runs no renewal from now on. */
  @Override
  void close();

  /** Renewals on one daemon thread, which ends a second after the last renewal. */
  static Renewals onDaemonThread() {
    ScheduledThreadPoolExecutor renewer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "cachet-lease-renewal");
              thread.setDaemon(true);
              return thread;
            });
    renewer.setKeepAliveTime(1, TimeUnit.SECONDS);
    renewer.allowCoreThreadTimeOut(true);
    renewer.setRemoveOnCancelPolicy(true);
    return new Renewals() {
      @Override
      public Future<?> every(long periodMillis, BooleanSupplier renewal) {
        AtomicReference<Future<?>> self = new AtomicReference<>();
        Runnable renew =
            () -> {
              Future<?> scheduled = self.get();
              if (!renewal.getAsBoolean() && scheduled != null) {
                scheduled.cancel(false);
              }
            };
        try {
          Future<?> scheduled =
              renewer.scheduleWithFixedDelay(renew, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
          self.set(scheduled);
          return scheduled;
        } catch (RejectedExecutionException closed) {
          return null;
        }
      }

      @Override
      public void close() {
        renewer.shutdownNow();
      }
    };
  }
}
