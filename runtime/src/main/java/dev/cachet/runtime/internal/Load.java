package dev.cachet.runtime.internal;

import dev.cachet.runtime.internal.coordination.InFlight;
import dev.cachet.runtime.internal.coordination.Lookup;
import dev.cachet.runtime.internal.coordination.Misses;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A miss in progress: returned by {@link CachedOperation#get} when the caller must call the
 * delegate. It may hold the entry's lease: then its value is stored only if nobody invalidated the
 * key or its namespace since the lease was taken. {@link CachedOperation#put} or {@link #abandon()}
 * ends it.
 */
public final class Load {
  // The operations' own log, where a load's other lines are.
  private static final Logger log = LoggerFactory.getLogger(CachedOperation.class);

  /** The miss protocol this load is part of: the waiters and the lease it releases. */
  private final Misses misses;
  final String entryKey;
  /** The namespace generation the value is computed under, or {@link Lookup#NO_GENERATION}. */
  final long generation;
  /**
   * The compare-and-swap id of the item the store must replace (this caller's placeholder, or the
   * stale item being refreshed), or {@link Misses.Outcome#NO_LEASE}: then nothing is stored.
   */
  final long casId;
  /** This caller's placeholder under the entry key, to remove if nothing replaces it; or null. */
  final byte[] placeholder;
  /** The token of the refresh lock ({@code <entry>/lock}) this caller holds, or {@code null}. */
  final byte[] lockToken;
  /** This process's record of the load, when this caller owns it; other threads wait on it. */
  final InFlight inFlight;
  /** Where the stored value goes in the near cache, or {@code null} without one. */
  final NearCache.Arguments nearArguments;

  /** The renewal of the lease while the value is computed, or {@code null}. */
  private final Future<?> renewal;

  private final AtomicBoolean ended = new AtomicBoolean();

  Load(
      Misses misses,
      String entryKey,
      Misses.Outcome outcome,
      NearCache.Arguments nearArguments) {
    this.misses = misses;
    this.entryKey = entryKey;
    this.generation = outcome.generation;
    this.casId = outcome.casId;
    this.placeholder = outcome.placeholder;
    this.lockToken = outcome.lockToken;
    this.inFlight = outcome.inFlight;
    this.renewal = outcome.renewal;
    this.nearArguments = nearArguments;
  }

  /**
   * Ends the load without storing anything: the delegate threw (or a future failed). Waiters in
   * this process try again, and a held lease is released so that other processes' waiters claim
   * it at once.
   */
  public void abandon() {
    if (!end()) {
      return;
    }
    stopRenewing();
    if (inFlight != null) {
      misses.abandon(entryKey, inFlight);
    }
    misses.release(entryKey, placeholder, casId, lockToken, false);
    log.debug("abandon {} -> abandoned", entryKey);
  }

  void stopRenewing() {
    if (renewal != null) {
      renewal.cancel(false);
    }
  }

  /** {@code true} exactly once: a second put or abandon is ignored. */
  boolean end() {
    return ended.compareAndSet(false, true);
  }
}
