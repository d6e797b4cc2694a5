package dev.cachet.runtime;

import static dev.cachet.runtime.NearCacheOverMemcachedTest.BOUND;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.NS;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.TICK_SLACK;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.awaitInSync;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.awaitNearHit;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.lastOldReadAfter;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.nearHits;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.readFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.NearCacheOverMemcachedTest.Read;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TextClient;
import dev.cachet.runtime.testing.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The near cache over a pool of two servers, one of which goes down: each server's copy of the
 * change mark governs the near copies of the entries it holds, so a server the sync cannot read
 * stops the copies of its own entries at once, and only those; the calls go on being answered,
 * and another process's invalidation on a live server still stops its copy within the bound
 * (docs/consistency.md, the near cache over memcached).
 */
class NearCacheOverAPoolTest {
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(1);

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(2);

  private Cachet open(boolean near) {
    Cachet.Builder builder =
        Cachet.builder()
            .memcached(memcached.addresses())
            .operationTimeout(OPERATION_TIMEOUT)
            .region("r", Duration.ofMinutes(10));
    if (near) {
      builder.nearCache(64, BOUND);
    }
    return builder.build();
  }

  /** A key of {@link NearCacheOverMemcachedTest#NS} whose entry lives on server {@code index}. */
  private CacheKey keyOn(Cachet cachet, int index) {
    String server = memcached.get(index).address();
    for (int i = 0; ; i++) {
      CacheKey key = Decorated.key(NS, "k" + i);
      String copy = Internals.transport(cachet).beside(WireFormat.changesKey(NS), key.key());
      if (server.equals(WireFormat.copyServer(copy))) {
        return key;
      }
    }
  }

  private static String get(int port, String key) {
    try (TextClient client = new TextClient(port, 2_000)) {
      return client.exchange("get " + key + "\r\n", "END\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aKilledServerStopsTheCopiesOfItsOwnEntriesAtOnceAndTheOthersGoOn() {
    try (Cachet reader = open(true)) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey onLive = keyOn(reader, 0);
      CacheKey onKilled = keyOn(reader, 1);
      read.get(onLive, () -> "copy");
      read.get(onKilled, () -> "copy");
      awaitInSync(reader);
      awaitNearHit(reader, read, onLive, "copy");
      awaitNearHit(reader, read, onKilled, "copy");

      memcached.get(1).kill();
      long killed = System.nanoTime();
      // Without its server, only the near cache can answer "copy"; the delegate answers "delegate".
      List<Read> reads = readFor(read, onKilled, "delegate", BOUND.multipliedBy(3));

      long lastCopy = lastOldReadAfter(reads, killed, "copy");
      System.out.println("pool, killed server: its copy served until " + lastCopy + " ms after the kill");
      assertTrue(lastCopy < BOUND.plus(TICK_SLACK).toMillis(), "copy served " + lastCopy + " ms after the kill");
      assertEquals("delegate", reads.get(reads.size() - 1).value(), "the call was not answered by the delegate");

      // Three bounds after the kill, copies of the live server's entries are served still: the
      // syncs since then read that server's marks and extended its copies alone.
      long hitsBefore = nearHits(reader);
      for (int i = 0; i < 100; i++) {
        assertEquals("copy", read.get(onLive, () -> "not called"));
      }
      assertEquals(100, nearHits(reader) - hitsBefore, "copies of the live server's entries stopped too");
    }
  }

  @Test
  void anotherProcessesInvalidationOnALiveServerStopsItsCopyWithinTheBoundWhileAnotherIsDown() {
    try (Cachet writer = open(false);
        Cachet reader = open(true)) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey onLive = keyOn(reader, 0);
      read.get(onLive, () -> "old");
      awaitInSync(reader);
      awaitNearHit(reader, read, onLive, "old");

      memcached.get(1).kill();
      awaitNearHit(reader, read, onLive, "old");
      assertTrue(writer.invalidateAcknowledged(onLive), "the invalidation on the live server was not acknowledged");
      long invalidated = System.nanoTime();
      List<Read> reads = readFor(read, onLive, "new", BOUND.multipliedBy(3));

      long lastOld = lastOldReadAfter(reads, invalidated, "old");
      System.out.println("pool, one server down: old copy served until " + lastOld + " ms after the invalidation");
      assertTrue(lastOld < BOUND.plus(TICK_SLACK).toMillis(), "old copy served " + lastOld + " ms after");
      assertEquals("new", reads.get(reads.size() - 1).value());
    }
  }

  @Test
  void aServerBackEmptyDropsTheCopiesAndTheProcessIsInSyncAgain() {
    try (Cachet reader = open(true)) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey onLive = keyOn(reader, 0);
      CacheKey onKilled = keyOn(reader, 1);
      read.get(onLive, () -> "copy");
      read.get(onKilled, () -> "copy");
      awaitInSync(reader);
      awaitNearHit(reader, read, onLive, "copy");

      memcached.get(1).kill();
      memcached.get(1).restart();
      // A sync reads the restarted server's copy of the mark missing, adds it anew and drops the
      // namespace's copies; the sync after it sees the copies dropped.
      String mark = WireFormat.copy(WireFormat.changesKey(NS), memcached.get(1).address());
      Waiting.until("the missing copy of the mark added again", () -> get(memcached.get(1).port(), mark).startsWith("VALUE"));
      long added = System.nanoTime();
      Waiting.until(
          "a sync every server answered, sent after the mark was added",
          () -> reader.statistics().nearSyncAge().orElseThrow().toMillis() + 1
              < Duration.ofNanos(System.nanoTime() - added).toMillis());
      int calls = read.delegateCalls.get();
      assertEquals("recomputed", read.get(onKilled, () -> "recomputed"));
      assertEquals(calls + 1, read.delegateCalls.get());
      awaitNearHit(reader, read, onKilled, "recomputed");
    }
  }
}
