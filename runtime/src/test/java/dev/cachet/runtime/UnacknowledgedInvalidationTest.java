package dev.cachet.runtime;

import static dev.cachet.runtime.testing.Waiting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.testing.FaultyTransport;
import dev.cachet.runtime.testing.FaultyTransport.Fault;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An invalidation the store does not acknowledge is not dropped: the caller learns it, it is
 * retried until it lands, and until then this process serves nothing it targets. Here the store
 * refuses deletes alone, so the rules are shown one at a time; the same against real memcached
 * servers that are paused, killed and restarted is {@code MemcachedUnacknowledgedInvalidationTest}.
 */
class UnacknowledgedInvalidationTest {
  private static final CacheKey KEY = Decorated.key("image", "a");

  private final FaultyTransport transport = new FaultyTransport(new InMemoryTransport());

  private Cachet open(Duration expiry) {
    return Cachet.builder().transport(transport).region("r", expiry).build();
  }

  @Test
  void theCallerLearnsWhetherTheStoreAcknowledgedIt() {
    try (Cachet cachet = open(Duration.ofMinutes(10))) {
      assertTrue(cachet.invalidateAcknowledged(KEY));
      transport.failDeletes(Fault.TIMEOUT);
      assertFalse(cachet.invalidateAcknowledged(KEY));

      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(2, counts.invalidations());
      assertEquals(1, counts.invalidationsUnacknowledged());
      assertEquals(1, counts.invalidationsPending());
    }
  }

  @Test
  void whileItIsPendingThisProcessNeitherServesNorStoresTheEntry() {
    try (Cachet cachet = open(Duration.ofMinutes(10))) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      image.get(KEY, () -> "old");
      transport.failDeletes(Fault.REFUSED);
      cachet.invalidate(KEY);

      assertEquals("new", image.get(KEY, () -> "new"), "the old entry is still in the store");
      assertEquals("newer", image.get(KEY, () -> "newer"), "nothing was stored over it either");
      assertEquals("o", image.get(Decorated.key("image", "other"), () -> "o"));
      assertEquals("o", image.get(Decorated.key("image", "other"), () -> "not called"), "other keys cache");
    }
  }

  @Test
  void itIsRetriedUntilItLandsAndThenTheKeyCachesAgain() {
    try (Cachet cachet = open(Duration.ofMinutes(10))) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      image.get(KEY, () -> "old");
      transport.failDeletes(Fault.TIMEOUT);
      assertFalse(cachet.invalidateAcknowledged(KEY));
      transport.failDeletes(Fault.NONE);

      assertTrue(eventually(() -> cachet.statistics().namespace("image").invalidationsPending() == 0));
      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(1, counts.invalidationsRetried());
      assertEquals(0, counts.invalidationsAbandoned());
      assertEquals("new", image.get(KEY, () -> "new"), "the retry deleted the old entry");
      assertEquals("new", image.get(KEY, () -> "not called"));
    }
  }

  @Test
  void itStopsOnceTheEntriesItTargetsHaveExpiredAnyway() {
    try (Cachet cachet = open(Duration.ofMillis(300))) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      image.get(KEY, () -> "old");
      transport.failDeletes(Fault.REFUSED);
      assertFalse(cachet.invalidateAcknowledged(KEY));

      assertTrue(eventually(() -> cachet.statistics().namespace("image").invalidationsPending() == 0));
      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(0, counts.invalidationsRetried());
      assertEquals(0, counts.invalidationsAbandoned(), "its entries expired: nothing was lost");
    }
  }

  @Test
  void noRetryThreadIsLeftOnceNothingIsPending() {
    Set<Thread> before = retryThreads();
    try (Cachet cachet = open(Duration.ofMinutes(10))) {
      transport.failDeletes(Fault.REFUSED);
      cachet.invalidate(KEY);
      assertTrue(eventually(() -> !before.containsAll(retryThreads())), "retries run on their own thread");
      Set<Thread> ours = retryThreads();
      ours.removeAll(before);
      transport.failDeletes(Fault.NONE);

      // A Cachet that is never closed must not keep a thread once its invalidations have landed.
      assertTrue(
          eventually(() -> ours.stream().noneMatch(Thread::isAlive)),
          "a retry thread outlived what it retried");
    }
  }

  /** The live threads that retry invalidations, of any Cachet in this JVM. */
  private static Set<Thread> retryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("cachet-invalidation-retry"))
        .collect(Collectors.toCollection(HashSet::new));
  }

  @Test
  void closingGivesUpWhatIsPendingAndCountsIt() {
    Cachet cachet = open(Duration.ofMinutes(10));
    transport.failDeletes(Fault.REFUSED);
    cachet.invalidate(KEY);
    cachet.close();

    CacheStatistics.Counts counts = cachet.statistics().namespace("image");
    assertEquals(1, counts.invalidationsAbandoned());
    assertEquals(0, counts.invalidationsPending());
  }

  @Test
  void aLaterInvalidationThatLandsEndsTheOneStillPending() {
    try (Cachet cachet = open(Duration.ofMinutes(10))) {
      transport.failDeletes(Fault.REFUSED);
      cachet.invalidate(KEY);
      transport.failDeletes(Fault.NONE);
      assertTrue(cachet.invalidateAcknowledged(KEY));

      assertEquals(0, cachet.statistics().namespace("image").invalidationsPending());
    }
  }

}
