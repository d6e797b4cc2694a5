package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.testing.MutableClock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The time hits check freshness against: ticked while read, asleep when not, exact when given. */
class FreshnessClockTest {
  private static final long DEADLINE_NANOS = 5_000_000_000L;

  @Test
  void whileReadItFollowsTheSystemClockAndIsNeverAheadOfIt() throws Exception {
    try (FreshnessClock clock = FreshnessClock.ticking()) {
      long first = clock.millis();
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      long read;
      do {
        long before = System.currentTimeMillis();
        read = clock.millis();
        assertTrue(read <= System.currentTimeMillis(), "ahead of the system clock");
        assertTrue(read > before - 5_000, "more than 5 s behind the system clock");
        Thread.sleep(1);
      } while (read < first + 20 && System.nanoTime() < deadline);
      assertTrue(read >= first + 20, "did not advance 20 ms in 5 s: " + (read - first));
    }
  }

  @Test
  void unreadItSleepsAndTheFirstReadAfterwardsIsCurrentAndWakesIt() throws Exception {
    // 50 ticks: long enough awake for the check below to see it on a loaded machine.
    try (FreshnessClock clock = FreshnessClock.ticking(50)) {
      clock.millis();
      awaitTrue(clock::asleep, "asleep after 50 ticks without a read");
      Thread.sleep(100);

      long before = System.currentTimeMillis();
      long read = clock.millis();

      assertTrue(read >= before, "a read while asleep gave " + (before - read) + " ms old time");
      awaitTrue(() -> !clock.asleep(), "awake after a read");
    }
  }

  @Test
  void aNewClockTicksOnlyOnceRead() throws Exception {
    try (FreshnessClock clock = FreshnessClock.ticking()) {
      Thread.sleep(20);
      assertTrue(clock.asleep(), "ticking before any read");
      clock.millis();
      awaitTrue(() -> !clock.asleep(), "awake after the first read");
    }
  }

  @Test
  void aGivenClockIsReadOnEveryCheck() {
    MutableClock given = MutableClock.fixed();
    try (FreshnessClock clock = FreshnessClock.reading(given)) {
      long start = clock.millis();
      given.advance(Duration.ofMillis(7));
      assertEquals(start + 7, clock.millis());
    }
  }

  @Test
  void onceClosedNothingIsFresh() {
    FreshnessClock ticking = FreshnessClock.ticking();
    ticking.millis();
    ticking.close();
    FreshnessClock reading = FreshnessClock.reading(MutableClock.fixed());
    reading.close();

    assertEquals(Long.MAX_VALUE, ticking.millis());
    assertEquals(Long.MAX_VALUE, reading.millis());
    assertFalse(ticking.asleep());
  }

  @Test
  void onTheInMemoryStoreACopyHitStopsAfterItsFreshPeriodByTheSystemClock() throws Exception {
    // The stale window keeps the item in the store: only the freshness check ends the hits.
    try (Cachet cachet =
        Cachet.builder()
            .region("r", Duration.ofMillis(200), r -> r.staleWindow(Duration.ofMinutes(1)))
            .build()) {
      CachedOperation<Object> operation = CachedOperation.create(cachet, "fresh", "r", Object.class, true);
      CacheKey key = KeyBuilder.of("fresh", "0").add("a").build();
      long started = System.nanoTime();
      Object first = operation.get(key);
      assertTrue(first instanceof Load, "an empty store hits: " + first);
      operation.put((Load) first, "v");
      Object early = operation.get(key);
      long earlyMillis = (System.nanoTime() - started) / 1_000_000;

      long deadline = System.nanoTime() + DEADLINE_NANOS;
      Object later;
      do {
        Thread.sleep(10);
        later = operation.get(key);
      } while (!(later instanceof Load) && System.nanoTime() < deadline);
      long goneMillis = (System.nanoTime() - started) / 1_000_000;

      if (earlyMillis < 150) {
        assertEquals("v", early, "served within its fresh period");
      }
      assertTrue(later instanceof Load, "still served as fresh after 5 s: " + later);
      assertTrue(goneMillis >= 190, "gone after " + goneMillis + " ms, before its 200 ms");
      ((Load) later).abandon();
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not " + what + " within 5 s");
      Thread.sleep(1);
    }
  }
}
