package dev.cachet.runtime.internal;

import dev.cachet.runtime.internal.value.Compression;
import java.time.Duration;

/**
 * The settings of one region, resolved by {@link Cachet.Builder#build()}.
 *
 * <p>In dogpile.cache terms {@code fresh} is {@code expiration_time}, {@code fresh + staleWindow}
 * the backend's hard expiry, and {@code lockTimeout} both how long a caller waits for another's
 * computation and the lease the computing caller holds.
 */
public record Region(
    String name,
    Duration fresh,
    Duration staleWindow,
    Duration lockTimeout,
    int compressionThreshold,
    Compression compression) {

  /** What the transport is told: after this the entry is gone for everybody. */
  Duration hardExpiry() {
    return fresh.plus(staleWindow);
  }

  /**
   * How long a lease's placeholder lives unless renewed: the lock timeout and a second more,
   * because memcached counts expiry in whole seconds on a clock that ticks once a second (an
   * expiry of one second may end at once), and renewals every third of the lock timeout must reach
   * it before it lapses.
   */
  Duration leaseTime() {
    return lockTimeout.plusSeconds(1);
  }

  long lockTimeoutNanos() {
    return lockTimeout.toNanos();
  }
}
