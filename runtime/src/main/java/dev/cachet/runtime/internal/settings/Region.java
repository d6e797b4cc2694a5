package dev.cachet.runtime.internal.settings;

import dev.cachet.runtime.internal.value.Compression;
import java.time.Duration;

/**
 * The settings of one region, resolved by {@link dev.cachet.runtime.Cachet.Builder#build()}.
 *
 * <p>{@code expiry} is the fresh period, as the builder ({@code region(name, expiry)}) and the
 * properties ({@code cachet.region.<name>.expire}) call it: {@code expiration_time} in
 * dogpile.cache terms. {@code expiry + staleWindow} is the backend's hard expiry, and {@code
 * lockTimeout} both how long a caller waits for another's computation and the lease the computing
 * caller holds.
 */
public record Region(
    String name,
    Duration expiry,
    Duration staleWindow,
    Duration lockTimeout,
    int compressionThreshold,
    Compression compression) {

  /** What the transport is told: after this the entry is gone for everybody. */
  public Duration hardExpiry() {
    return expiry.plus(staleWindow);
  }

  /**
   * How long a lease's placeholder lives unless renewed: the lock timeout and a second more,
   * because memcached counts expiry in whole seconds on a clock that ticks once a second (an
   * expiry of one second may end at once), and renewals every third of the lock timeout must reach
   * it before it lapses.
   */
  public Duration leaseTime() {
    return lockTimeout.plusSeconds(1);
  }
}
