package dev.cachet.runtime.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Clock} that tests move by hand, so expiry and lock timeouts are tested without sleeping. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** A clock standing at 2026-01-01T00:00:00Z. */
  public static MutableClock fixed() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves the clock forward (or back, with a negative duration). */
  public void advance(Duration by) {
    now.updateAndGet(instant -> instant.plus(by));
  }

  /** Puts the clock at {@code instant}. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public long millis() {
    return now.get().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving time seen in another zone: advancing either moves both. */
  @Override
  public Clock withZone(ZoneId otherZone) {
    return new MutableClock(now, otherZone);
  }
}
