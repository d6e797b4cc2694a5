package dev.cachet.runtime.internal.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** memcached's exptime field, which reads seconds up to 30 days and a unix time beyond. */
final class Exptime {
  /** memcached reads an exptime above 30 days as an absolute unix time. */
  static final long MAX_RELATIVE_EXPTIME_SECONDS = 60L * 60 * 24 * 30;

  private Exptime() {}

  /**
   * memcached's exptime for {@code expiry}: 0 for none, whole seconds rounded up for up to 30
   * days, an absolute unix time (from the clock) beyond that, capped at the largest one memcached
   * parses.
   */
  static int of(Duration expiry, Clock clock) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative()) {
      throw new IllegalArgumentException("negative expiry: " + expiry);
    }
    if (expiry.isZero()) {
      return 0;
    }
    long seconds = expiry.getSeconds() + (expiry.getNano() > 0 ? 1 : 0);
    if (seconds <= MAX_RELATIVE_EXPTIME_SECONDS) {
      return (int) seconds;
    }
    long absolute = clock.instant().getEpochSecond() + seconds;
    return absolute > Integer.MAX_VALUE || absolute < 0 ? Integer.MAX_VALUE : (int) absolute;
  }
}
