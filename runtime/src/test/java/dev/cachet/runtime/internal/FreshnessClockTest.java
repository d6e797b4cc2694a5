package dev.cachet.runtime.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.testing.MutableClock;
import dev.cachet.runtime.testing.Waiting;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/** The time hits check freshness against: ticked while read, by one thread, exact when given. */
class FreshnessClockTest {
  private static final long DEADLINE_NANOS = 5_000_000_000L;

  @Test
  void whileReadItFollowsTheSystemClockAndIsNeverAheadOfIt() throws Exception {
    FreshnessClock clock = FreshnessClock.ticking(new FreshnessClock.Ticker(FreshnessClock.Ticker.IDLE_TICKS));
    assertFollowsTheSystemClock(clock::millis);
  }

  @Test
  void noThreadTicksUntilTheFirstReadNorAfterAnIdleSpellAndAReadThenIsCurrent() throws Exception {
    // 50 ticks: long enough running for the checks below to see it on a loaded machine.
    FreshnessClock.Ticker ticker = new FreshnessClock.Ticker(50);
    // Real time is the subject: a thread started by mistake would be ticking 20 ms later.
    Thread.sleep(20);
    assertTrue(ticker.stopped(), "ticking before any read");

    ticker.millis();
    awaitTrue(() -> !ticker.stopped(), "ticking after the first read");
    awaitTrue(ticker::stopped, "stopped after 50 ticks without a read");
    // Real time is the subject: the stopped clock falls 100 ms behind, which the read must not show.
    Thread.sleep(100);

    long before = System.currentTimeMillis();
    long read = ticker.millis();

    assertTrue(read >= before, "a read while stopped gave " + (before - read) + " ms old time");
    awaitTrue(() -> !ticker.stopped(), "ticking again after a read");
  }

  @Test
  void manyClocksReadAtOnceShareOneThread() throws Exception {
    FreshnessClock.Ticker ticker = new FreshnessClock.Ticker(FreshnessClock.Ticker.IDLE_TICKS);
    List<FreshnessClock> clocks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      clocks.add(FreshnessClock.ticking(ticker));
    }
    CountDownLatch gate = new CountDownLatch(1);
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread reader =
          new Thread(
              () -> {
                try {
                  gate.await();
                } catch (InterruptedException e) {
                  return;
                }
                clocks.forEach(FreshnessClock::millis);
              });
      reader.start();
      readers.add(reader);
    }
    gate.countDown();
    for (Thread reader : readers) {
      reader.join();
    }
    awaitTrue(() -> !ticker.stopped(), "ticking after reads");

    assertEquals(1, ticker.threadsStarted());
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
  void theTickedSystemClockOfTheInMemoryStoreFollowsTheSystemClockInAnyZone() throws Exception {
    Clock utc = FreshnessClock.tickedSystemClock();
    Clock paris = utc.withZone(ZoneId.of("Europe/Paris"));
    assertEquals(ZoneOffset.UTC, utc.getZone());
    assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
    assertSame(utc, utc.withZone(ZoneOffset.UTC));

    assertFollowsTheSystemClock(paris::millis);
    assertFollowsTheSystemClock(() -> utc.instant().toEpochMilli());
    // Nothing a Cachet closes stops it: the store's expiry outlives any one FreshnessClock.
    FreshnessClock.ticking().close();
    assertTrue(utc.millis() < Long.MAX_VALUE);
  }

  @Test
  void onceClosedNothingIsFresh() {
    FreshnessClock ticking = FreshnessClock.ticking();
    ticking.millis();
    FreshnessClock other = FreshnessClock.ticking();
    ticking.close();
    FreshnessClock reading = FreshnessClock.reading(MutableClock.fixed());
    reading.close();

    assertEquals(Long.MAX_VALUE, ticking.millis());
    assertEquals(Long.MAX_VALUE, reading.millis());
    assertTrue(other.millis() < Long.MAX_VALUE, "closing one clock closed another");
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

      AtomicReference<Object> latest = new AtomicReference<>();
      Waiting.eventually(
          Duration.ofNanos(DEADLINE_NANOS),
          () -> {
            latest.set(operation.get(key));
            return latest.get() instanceof Load;
          });
      Object later = latest.get();
      long goneMillis = (System.nanoTime() - started) / 1_000_000;

      if (earlyMillis < 150) {
        assertEquals("v", early, "served within its fresh period");
      }
      assertTrue(later instanceof Load, "still served as fresh after 5 s: " + later);
      assertTrue(goneMillis >= 190, "gone after " + goneMillis + " ms, before its 200 ms");
      ((Load) later).abandon();
    }
  }

  /** Read every millisecond, {@code clock} is never ahead of the system clock and advances. */
  private static void assertFollowsTheSystemClock(LongSupplier clock) {
    long first = clock.getAsLong();
    everyMillisecond("advancing 20 ms")
        .until(
            () -> {
              long before = System.currentTimeMillis();
              long read = clock.getAsLong();
              assertTrue(read <= System.currentTimeMillis(), "ahead of the system clock");
              assertTrue(read > before - 5_000, "more than 5 s behind the system clock");
              return read >= first + 20;
            });
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    everyMillisecond(what).until(condition::getAsBoolean);
  }

  /** Polls every millisecond from now, for 5 s: a ticker's 50 ticks last only 50 ms. */
  private static ConditionFactory everyMillisecond(String what) {
    return await(what)
        .atMost(Duration.ofNanos(DEADLINE_NANOS))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1));
  }
}
