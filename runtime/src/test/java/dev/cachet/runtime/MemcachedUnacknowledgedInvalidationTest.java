package dev.cachet.runtime;

import static dev.cachet.runtime.testing.Waiting.eventually;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invalidations that a real server could not acknowledge (paused past the operation timeout,
 * behind an open circuit breaker, killed) are retried until they land, so that a server coming back
 * does not serve what was invalidated while it was away. Two {@link Cachet}s on the same servers
 * play two processes: one invalidates, the other only reads. Each test prints how long the reader
 * still saw the old value once the server answered again: the window docs/consistency.md states.
 */
class MemcachedUnacknowledgedInvalidationTest {
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(250);
  private static final Duration WINDOW_BOUND = Duration.ofSeconds(3);

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(2);

  private Cachet open() {
    return Cachet.builder()
        .memcached(memcached.addresses())
        .operationTimeout(OPERATION_TIMEOUT)
        .region("r", Duration.ofMinutes(10))
        .build();
  }

  @Test
  void anInvalidationOfAPausedServerLandsWhenItResumes() throws Exception {
    try (Cachet writer = open();
        Cachet reader = open()) {
      Decorated<String> written = Decorated.of(writer, "image", "r", String.class);
      Decorated<String> read = Decorated.of(reader, "image", "r", String.class);
      CacheKey key = Decorated.key("image", "a");
      written.get(key, () -> "old");
      assertEquals("old", read.get(key, () -> "not called"));
      MemcachedServer server = serverOf(writer, key);

      server.pause();
      long started = System.nanoTime();
      assertFalse(writer.invalidateAcknowledged(key), "a paused server acknowledged a delete");
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(OPERATION_TIMEOUT.multipliedBy(3)) < 0);
      assertEquals("during", written.get(key, () -> "during"), "the invalidating process served what it invalidated");
      server.resume();

      Duration window = oldValueSeenFor(read, key);
      System.out.println("paused server: the reader saw the invalidated value for " + window.toMillis() + " ms after resume");
      assertTrue(eventually(() -> writer.statistics().namespace("image").invalidationsPending() == 0));
      assertTrue(writer.statistics().namespace("image").invalidationsRetried() >= 1);
      assertFalse(read.get(key, () -> "new").equals("old"), "the old value came back");
    }
  }

  @Test
  void anInvalidationRefusedByAnOpenCircuitBreakerLandsWhenTheServerAnswers() throws Exception {
    try (Cachet writer = open();
        Cachet reader = open()) {
      Decorated<String> written = Decorated.of(writer, "image", "r", String.class);
      Decorated<String> read = Decorated.of(reader, "image", "r", String.class);
      CacheKey key = Decorated.key("image", "a");
      written.get(key, () -> "old");
      MemcachedServer server = serverOf(writer, key);

      server.pause();
      for (int i = 0; i < 4; i++) {
        written.get(key, () -> "down"); // three timeouts in a row open the breaker
      }
      long started = System.nanoTime();
      assertFalse(writer.invalidateAcknowledged(key));
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(OPERATION_TIMEOUT) < 0, "the open breaker refused at once");
      server.resume();

      Duration window = oldValueSeenFor(read, key);
      System.out.println("open breaker: the reader saw the invalidated value for " + window.toMillis() + " ms after resume");
      assertTrue(eventually(() -> writer.statistics().namespace("image").invalidationsPending() == 0));
    }
  }

  @Test
  void anInvalidationOfAKilledServerLandsWhenItRestarts() throws Exception {
    try (Cachet writer = open()) {
      Decorated<String> written = Decorated.of(writer, "image", "r", String.class);
      CacheKey key = Decorated.key("image", "a");
      written.get(key, () -> "old");
      MemcachedServer server = serverOf(writer, key);

      server.kill();
      assertFalse(writer.invalidateAcknowledged(key));
      assertEquals(1, writer.statistics().namespace("image").invalidationsPending());
      server.restart();
      assertTrue(eventually(() -> writer.statistics().namespace("image").invalidationsPending() == 0));
      assertEquals("new", written.get(key, () -> "new"));
      assertEquals("new", written.get(key, () -> "not called"), "caching resumed");
    }
  }

  @Test
  void anInvalidateAllThatOneServerMissedLandsThereWhenItResumes() throws Exception {
    try (Cachet writer = open();
        Cachet reader = open()) {
      Decorated<String> written = Decorated.of(writer, "image", "r", String.class);
      Decorated<String> read = Decorated.of(reader, "image", "r", String.class);
      List<CacheKey> keys = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        CacheKey key = Decorated.key("image", "k" + i);
        keys.add(key);
        written.get(key, () -> "old");
      }
      CacheKey onPaused = keys.get(0);
      MemcachedServer paused = serverOf(writer, onPaused);
      CacheKey onLive = keys.stream().filter(k -> serverOf(writer, k) != paused).findFirst().orElseThrow();

      paused.pause();
      assertFalse(writer.invalidateAllAcknowledged("image"), "one server of two could not acknowledge");
      assertEquals("new", read.get(onLive, () -> "new"), "the live server's copy was replaced at once");
      paused.resume();

      Duration window = oldValueSeenFor(read, onPaused);
      System.out.println("invalidateAll, paused server: the reader saw an invalidated value for " + window.toMillis() + " ms after resume");
      assertTrue(eventually(() -> writer.statistics().namespace("image").invalidationsPending() == 0));
      for (CacheKey key : keys) {
        assertTrue(!read.get(key, () -> "new").equals("old"), key + " survived the invalidateAll");
      }
    }
  }

  /**
   * Reads {@code key} until the old value is gone, and returns for how long it was still served;
   * fails past {@link #WINDOW_BOUND}. Each read that is not a hit computes "new".
   */
  private static Duration oldValueSeenFor(Decorated<String> read, CacheKey key) {
    long resumed = System.nanoTime();
    AtomicLong lastOld = new AtomicLong(resumed);
    await(key + " still served its invalidated value " + WINDOW_BOUND + " after the server answered")
        .atMost(WINDOW_BOUND)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              if (read.get(key, () -> "new").equals("old")) {
                lastOld.set(System.nanoTime());
                return false;
              }
              return true;
            });
    return Duration.ofNanos(lastOld.get() - resumed);
  }

  /** The server holding {@code key}'s entry: the one whose copy of the generation it is read beside. */
  private MemcachedServer serverOf(Cachet cachet, CacheKey key) {
    String generationCopy = Internals.transport(cachet).beside(WireFormat.generationKey(key.namespace()), key.key());
    for (int i = 0; i < 2; i++) {
      if (generationCopy.endsWith("@" + memcached.get(i).address())) {
        return memcached.get(i);
      }
    }
    throw new AssertionError("no server for " + generationCopy);
  }
}
