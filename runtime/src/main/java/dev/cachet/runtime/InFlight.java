package dev.cachet.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * One key being computed in this process. Other threads missing the same key wait on
 * {@link #outcome} instead of taking the lease or calling the delegate themselves; it completes
 * with the computed value (possibly {@code null}) or with {@link #ABANDONED}.
 */
final class InFlight {
  /** The outcome of a load whose delegate threw or whose caller gave up: waiters try again. */
  static final Object ABANDONED = new Object();

  final CompletableFuture<Object> outcome = new CompletableFuture<>();
  final long startedNanos = System.nanoTime();
}
