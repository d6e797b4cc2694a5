package dev.cachet.runtime.internal;

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
// Public for Cachet.RegionOptions in the module's API package; its Compression stays unexported.
@SuppressWarnings("exports")
public record Region(
    String name,
    Duration expiry,
    Duration staleWindow,
    Duration lockTimeout,
    int compressionThreshold,
    Compression compression) {

  /** What the transport is told: after this the entry is gone for everybody. */
  Duration hardExpiry() {
    return expiry.plus(staleWindow);
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
