package dev.cachet.runtime;

import static dev.cachet.runtime.testing.Waiting.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.metrics.CachetMetrics;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TextClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The near cache over memcached: copies are served in-process, and stop within the staleness
 * bound of another process's invalidation, or of the last confirmation that this process is in
 * step when a server is paused or killed (docs/consistency.md, the near cache over memcached).
 * Two {@link Cachet}s on the same server play two processes.
 *
 * <p>Every read records when it began and what it returned; the assertions are about the reads
 * that began later than the bound after the event. The protocol's bound holds on the ticked
 * clock, a millisecond behind the system clock, so reads are allowed {@link #TICK_SLACK} more.
 */
class NearCacheOverMemcachedTest {
  static final Duration BOUND = Duration.ofMillis(300);
  static final Duration TICK_SLACK = Duration.ofMillis(20);
  // Generous: a timeout on a loaded machine would turn a hit into a miss the tests do not expect.
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(1);
  static final String NS = "image";

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  private Cachet open(Consumer<Cachet.Builder> more) {
    Cachet.Builder builder =
        Cachet.builder()
            .memcached(memcached.addresses())
            .operationTimeout(OPERATION_TIMEOUT)
            .circuitBreaker(1_000, Duration.ofSeconds(1))
            .region("r", Duration.ofMinutes(10));
    more.accept(builder);
    return builder.build();
  }

  private Cachet openNear() {
    return open(builder -> builder.nearCache(64, BOUND));
  }

  /** One read: when it began (nanoTime) and what it returned. */
  record Read(long startedNanos, String value) {}

  /** Reads {@code key} through {@code reader} for {@code duration}, the delegate answering {@code fresh}. */
  static List<Read> readFor(Decorated<String> reader, CacheKey key, String fresh, Duration duration) {
    List<Read> reads = new ArrayList<>();
    long until = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < until) {
      long started = System.nanoTime();
      reads.add(new Read(started, reader.get(key, () -> fresh)));
      Thread.onSpinWait();
    }
    return reads;
  }

  /** The last read that began after {@code event} and returned {@code old}, in ms after it; -1 if none. */
  static long lastOldReadAfter(List<Read> reads, long event, String old) {
    long last = -1;
    for (Read read : reads) {
      if (read.startedNanos() >= event && read.value().equals(old)) {
        last = Duration.ofNanos(read.startedNanos() - event).toMillis();
      }
    }
    return last;
  }

  static long nearHits(Cachet cachet) {
    return cachet.statistics().namespace(NS).nearHits();
  }

  static void awaitInSync(Cachet cachet) {
    assertTrue(
        eventually(
            () -> cachet.statistics().nearSyncAge().orElseThrow().compareTo(BOUND.dividedBy(2)) < 0),
        "never in sync: " + cachet.statistics().nearSyncAge());
  }

  /**
   * Reads {@code key} until it is served from the near cache; a miss (a store that timed out on a
   * loaded machine) computes {@code value} again.
   */
  static void awaitNearHit(Cachet cachet, Decorated<String> reader, CacheKey key, String value) {
    assertTrue(
        eventually(
            () -> {
              long before = nearHits(cachet);
              return reader.get(key, () -> value).equals(value) && nearHits(cachet) > before;
            }),
        "the copy was never served from the near cache");
  }

  /**
   * Serves {@code old} near, lets another process {@code invalidate}, then reads for three bounds
   * with the delegate answering {@code fresh}: how long after the invalidation returned the old
   * copy was last served (ms; -1 if never), once the reads ended with {@code fresh}.
   */
  static long oldCopyServedAfter(
      Cachet reader, Decorated<String> read, CacheKey key, String old, String fresh, BooleanSupplier invalidate) {
    awaitNearHit(reader, read, key, old);
    assertTrue(invalidate.getAsBoolean(), "the invalidation was not acknowledged");
    long invalidated = System.nanoTime();
    List<Read> reads = readFor(read, key, fresh, BOUND.multipliedBy(3));
    assertEquals(fresh, reads.get(reads.size() - 1).value());
    return lastOldReadAfter(reads, invalidated, old);
  }

  @Test
  void anotherProcessesInvalidationStopsTheCopyWithinTheBound() {
    try (Cachet writer = open(builder -> {});
        Cachet reader = openNear()) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey key = Decorated.key(NS, "a");
      awaitInSync(reader);

      long lastOld = oldCopyServedAfter(reader, read, key, "old", "new", () -> writer.invalidateAcknowledged(key));
      System.out.println("another process's invalidate: old copy served until " + lastOld + " ms after it");
      assertTrue(lastOld < BOUND.plus(TICK_SLACK).toMillis(), "old copy served " + lastOld + " ms after");
    }
  }

  @Test
  void anotherProcessesInvalidateAllStopsTheCopiesWithinTheBound() {
    try (Cachet writer = open(builder -> {});
        Cachet reader = openNear()) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey key = Decorated.key(NS, "a");
      awaitInSync(reader);

      long lastOld = oldCopyServedAfter(reader, read, key, "old", "new", () -> writer.invalidateAllAcknowledged(NS));
      System.out.println("another process's invalidateAll: old copy served until " + lastOld + " ms after it");
      assertTrue(lastOld < BOUND.plus(TICK_SLACK).toMillis(), "old copy served " + lastOld + " ms after");
    }
  }

  @Test
  void theInvalidatingProcessSeesItsOwnInvalidationAtOnce() {
    try (Cachet cachet = openNear()) {
      Decorated<String> read = Decorated.of(cachet, NS, "r", String.class);
      CacheKey key = Decorated.key(NS, "a");
      read.get(key, () -> "old");
      awaitInSync(cachet);
      awaitNearHit(cachet, read, key, "old");

      cachet.invalidate(key);
      assertEquals("new", read.get(key, () -> "new"));
    }
  }

  @Test
  void aPausedServerStopsTheCopiesOnceTheBoundHasPassed() {
    MemcachedServer server = memcached.get();
    try (Cachet reader = openNear()) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey key = Decorated.key(NS, "a");
      read.get(key, () -> "copy");
      awaitInSync(reader);
      awaitNearHit(reader, read, key, "copy");

      server.pause();
      long paused = System.nanoTime();
      // Without the server, only the near cache can answer "copy"; the delegate answers "delegate".
      List<Read> reads = readFor(read, key, "delegate", BOUND.multipliedBy(3));
      server.resume();

      long lastCopy = lastOldReadAfter(reads, paused, "copy");
      System.out.println("paused server: copy served until " + lastCopy + " ms after the pause");
      // Not asserted that the copy is served after the pause at all (awaitNearHit showed it served
      // just before): stopping earlier than the bound is allowed, and pausing takes a forked kill.
      assertTrue(lastCopy < BOUND.plus(TICK_SLACK).toMillis(), "copy served " + lastCopy + " ms after");
      assertTrue(reads.stream().anyMatch(r -> r.value().equals("delegate")));
      // Once the server answers again, the process is in step again and serves copies.
      awaitInSync(reader);
      awaitNearHit(reader, read, key, "copy");
    }
  }

  @Test
  void aKilledServerStopsTheCopiesOnceTheBoundHasPassed() {
    MemcachedServer server = memcached.get();
    try (Cachet reader = openNear()) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey key = Decorated.key(NS, "a");
      read.get(key, () -> "copy");
      awaitInSync(reader);
      awaitNearHit(reader, read, key, "copy");

      server.kill();
      long killed = System.nanoTime();
      List<Read> reads = readFor(read, key, "delegate", BOUND.multipliedBy(3));

      long lastCopy = lastOldReadAfter(reads, killed, "copy");
      System.out.println("killed server: copy served until " + lastCopy + " ms after the kill");
      assertTrue(lastCopy < BOUND.plus(TICK_SLACK).toMillis(), "copy served " + lastCopy + " ms after");
      assertEquals("delegate", reads.get(reads.size() - 1).value());

      // Restarted empty: the change mark is gone with everything else, so the copy is not trusted.
      server.restart();
      awaitInSync(reader);
      assertEquals("recomputed", read.get(key, () -> "recomputed"));
    }
  }

  @Test
  void aMissingMarkDropsTheCopies() throws IOException {
    try (Cachet reader = openNear()) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey key = Decorated.key(NS, "a");
      read.get(key, () -> "copy");
      awaitInSync(reader);
      awaitNearHit(reader, read, key, "copy");

      // As if memcached had evicted it: an invalidation could have been lost with it.
      long hitsBefore;
      // The server's own copy of the mark (one per server: an invalidation writes the copy beside
      // what it changed).
      String mark = Internals.transport(reader).everywhere(WireFormat.changesKey(NS)).get(0);
      try (TextClient client = new TextClient(memcached.get().port(), 2_000)) {
        client.exchange("delete " + mark + "\r\n", "\r\n");
        hitsBefore = nearHits(reader);
        // Only a sync that read the mark missing, so after the delete, adds it again.
        assertTrue(
            eventually(() -> get(client, mark).startsWith("VALUE")),
            "the missing mark was never added again");
      }
      // That sync drops the copies after adding the mark; it is over once the next one has asked.
      long gets = getsAnswered();
      assertTrue(eventually(() -> getsAnswered() > gets), "no sync after the mark was added");
      // The copy is gone: this read goes to the store (a hit there), the next one is near again.
      assertEquals("copy", read.get(key, () -> "not called"));
      assertEquals(hitsBefore, nearHits(reader), "a copy taken before the mark vanished was served");
      assertEquals("copy", read.get(key, () -> "not called"));
      assertEquals(
          hitsBefore + 1, nearHits(reader), "the copies were dropped again, for the mark added");
    }
  }

  private static String get(TextClient client, String key) {
    try {
      return client.exchange("get " + key + "\r\n", "END\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How many keys the server was asked for ({@code cmd_get}): while a test only waits, the near
   * sync is the one that asks, once per sync.
   */
  private long getsAnswered() {
    try (TextClient client = new TextClient(memcached.get().port(), 2_000)) {
      String stats = client.exchange("stats\r\n", "END\r\n");
      for (String line : stats.split("\r\n")) {
        if (line.startsWith("STAT cmd_get ")) {
          return Long.parseLong(line.substring("STAT cmd_get ".length()).trim());
        }
      }
      throw new AssertionError("no cmd_get in " + stats);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void propertiesAndStatisticsShowTheBoundAndTheLastSync() {
    Properties properties = new Properties();
    properties.setProperty("cachet.servers", memcached.addresses());
    properties.setProperty("cachet.near-cache", "16");
    properties.setProperty("cachet.near-cache-staleness", "PT0.3S");
    properties.setProperty("cachet.region.r.expire", "PT10M");
    try (Cachet cachet = Cachet.fromProperties(properties)) {
      Decorated<String> read = Decorated.of(cachet, NS, "r", String.class);
      read.get(Decorated.key(NS, "a"), () -> "v");
      awaitInSync(cachet);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new CachetMetrics(cachet).bindTo(registry);
      double age = registry.get("cachet.near.sync.age").gauge().value();
      assertTrue(age >= 0 && age < BOUND.toMillis() / 1e3, "gauge: " + age + " s");
    }
    try (Cachet withoutNear = open(builder -> {})) {
      assertFalse(withoutNear.statistics().nearSyncAge().isPresent());
    }
    properties.remove("cachet.near-cache");
    IllegalArgumentException alone =
        assertThrows(
            IllegalArgumentException.class, () -> Cachet.fromProperties(properties));
    assertTrue(alone.getMessage().contains("needs cachet.near-cache"), alone.getMessage());
  }
}
