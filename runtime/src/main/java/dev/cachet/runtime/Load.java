package dev.cachet.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A miss in progress: returned by {@link CachedOperation#get} when the caller must call the
 * delegate. It may hold the entry's lease (the stampede lock); {@link CachedOperation#put} or
 * {@link #abandon()} releases it.
 */
public final class Load {
  final CachedOperation<?> operation;
  final String entryKey;
  /** The namespace generation read with the miss, or {@link Lookup#NO_GENERATION}. */
  final long generation;
  /** The token of the lease this caller holds on the entry, or {@code null}. */
  final byte[] leaseToken;
  /** This process's record of the load, when this caller owns it; other threads wait on it. */
  final InFlight inFlight;
  /** {@code false} when the transport just failed: storing would only cost another timeout. */
  final boolean store;
  /** Where the stored value goes in the near cache, or {@code null} without one. */
  final NearCache.Arguments nearArguments;

  private final AtomicBoolean ended = new AtomicBoolean();

  Load(
      CachedOperation<?> operation,
      String entryKey,
      long generation,
      byte[] leaseToken,
      InFlight inFlight,
      boolean store,
      NearCache.Arguments nearArguments) {
    this.operation = operation;
    this.entryKey = entryKey;
    this.generation = generation;
    this.leaseToken = leaseToken;
    this.inFlight = inFlight;
    this.store = store;
    this.nearArguments = nearArguments;
  }

  /** Ends the load without storing anything: the delegate threw. Releases a held lease. */
  public void abandon() {
    if (end()) {
      operation.abandoned(this);
    }
  }

  /** {@code true} exactly once: a second put or abandon is ignored. */
  boolean end() {
    return ended.compareAndSet(false, true);
  }
}
