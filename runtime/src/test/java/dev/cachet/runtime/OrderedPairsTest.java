package dev.cachet.runtime;

import static dev.cachet.runtime.NearCacheOverMemcachedTest.BOUND;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.TICK_SLACK;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.awaitInSync;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.awaitNearHit;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.lastOldReadAfter;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.nearHits;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.readFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.NearCacheOverMemcachedTest.Read;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.ForwardingTransport;
import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.CommandProxy;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.Nutcracker;
import dev.cachet.runtime.testing.TextClient;
import dev.cachet.runtime.testing.TurnCountingProxy;
import dev.cachet.runtime.testing.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ordered pair an invalidation becomes (docs/consistency.md, fewer round trips: ordered
 * pairs): the store change, then the change mark beside it, pipelined on one connection of a
 * server probed to be memcached. One test per failure case of that section, each on real
 * memcached; the store is reached through a {@link CommandProxy} where a test must freeze, cut,
 * refuse or hold one command of the pair, and {@link Cachet}s on one store play processes.
 * Every wait is for a gate or an observed state, never a sleep.
 */
class OrderedPairsTest {
  private static final String NS = NearCacheOverMemcachedTest.NS;
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(300);

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(3);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void closeAll() throws Exception {
    background.shutdownNow();
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  /** With the short operation timeout that a frozen server's pair must run out of. */
  private Cachet open(String servers, Consumer<Cachet.Builder> more) {
    return open(servers, OPERATION_TIMEOUT, more);
  }

  private Cachet open(String servers, Duration operationTimeout, Consumer<Cachet.Builder> more) {
    Cachet.Builder builder =
        Cachet.builder().memcached(servers).operationTimeout(operationTimeout).region("r", Duration.ofMinutes(10));
    more.accept(builder);
    return opened(builder.build());
  }

  /** Generous: a timeout on a loaded machine would turn a near sync into a failed one. */
  private Cachet openNear(String servers) {
    return open(servers, Duration.ofSeconds(1), builder -> builder.nearCache(64, BOUND));
  }

  // ---------------------------------------------------------------- the pair on one server

  @Test
  void aTimedOutPairIsUnacknowledgedAndRetried() {
    MemcachedServer server = memcached.get(0);
    CommandProxy proxy = opened(CommandProxy.to(server.address()));
    Cachet cachet = open(proxy.address(), builder -> {});
    Decorated<String> image = Decorated.of(cachet, NS, "r", String.class);
    CacheKey key = Decorated.key(NS, "a");
    image.get(key, () -> "old");
    String mark = markOf(cachet, key);
    String markBefore = get(server, mark);

    server.pause();
    boolean acknowledged;
    try {
      acknowledged = cachet.invalidateAcknowledged(key);
    } finally {
      server.resume();
    }

    assertFalse(acknowledged, "a pair the frozen server never answered was acknowledged");
    awaitNothingPending(cachet);
    assertTrue(counts(cachet).invalidationsRetried() >= 1);
    // The frozen server applied what was queued on the connection, in order, and the retry too.
    assertEquals("END\r\n", get(server, key.key()), "the entry survived");
    assertNotEquals(markBefore, get(server, mark), "the mark was not rewritten");
    assertEveryMarkFollowsItsDelete(proxy, key, mark);
  }

  @Test
  void aConnectionClosedUnderThePairLeavesItUnacknowledged() {
    MemcachedServer server = memcached.get(0);
    CommandProxy proxy = opened(CommandProxy.to(server.address()));
    Cachet cachet = open(proxy.address(), builder -> {});
    Decorated<String> image = Decorated.of(cachet, NS, "r", String.class);
    CacheKey key = Decorated.key(NS, "a");
    image.get(key, () -> "old");
    String mark = markOf(cachet, key);
    String markBefore = get(server, mark);

    // The delete reaches the server; the connection closes before the mark.
    proxy.cutBefore(line -> line.startsWith("set " + mark + " "));
    assertFalse(cachet.invalidateAcknowledged(key), "a pair whose connection closed was acknowledged");
    assertEquals(1, proxy.cuts());
    assertEquals(markBefore, get(server, mark), "the mark reached the server after its connection closed");

    // Retried whole on the connection Xmemcached opens again: delete and mark, in that order.
    awaitNothingPending(cachet);
    assertEquals("END\r\n", get(server, key.key()), "the entry survived");
    assertNotEquals(markBefore, get(server, mark), "the retry did not rewrite the mark");
    assertEveryMarkFollowsItsDelete(proxy, key, mark);
  }

  @Test
  void aRefusedFirstWriteLeavesThePairUnacknowledged() {
    MemcachedServer server = memcached.get(0);
    CommandProxy proxy = opened(CommandProxy.to(server.address()));
    Cachet cachet = open(proxy.address(), builder -> {});
    Decorated<String> image = Decorated.of(cachet, NS, "r", String.class);
    CacheKey key = Decorated.key(NS, "a");
    image.get(key, () -> "old");
    String mark = markOf(cachet, key);
    String markBefore = get(server, mark);

    // memcached refuses a delete with an argument it does not take (CLIENT_ERROR); the mark after
    // it lands.
    proxy.rewriteOnce(line -> verbAndKey(line).equals("delete " + key.key()), "delete " + key.key() + " 5\r\n");
    assertFalse(cachet.invalidateAcknowledged(key), "a pair whose delete was refused was acknowledged");

    awaitNothingPending(cachet);
    assertEquals(1, counts(cachet).invalidationsUnacknowledged());
    assertEquals("END\r\n", get(server, key.key()), "the entry survived the retry");
    assertNotEquals(markBefore, get(server, mark));
    List<String> sent = proxy.passedPerConnection().stream().flatMap(List::stream).toList();
    int refused = sent.indexOf("delete " + key.key() + " 5");
    assertTrue(refused >= 0, "the refused delete was never sent: " + sent);
    assertEquals("set " + mark, verbAndKey(sent.get(refused + 1)), "the mark did not follow the refused delete");
    assertTrue(sent.subList(refused + 2, sent.size()).contains("delete " + key.key()), "no retry of the delete: " + sent);
  }

  /**
   * What the order of the pair prevents, shown by breaking it: a store that applies the mark
   * first lets another process's sync drop its copy, read the entry again before the delete and
   * keep that old value under the new mark, past the bound and until its fresh period ends.
   * This test passes when the promise is broken; its twin below, with the order kept, asserts the
   * promise.
   */
  @Test
  void aMarkAppliedBeforeItsDeleteKeepsTheOldCopy() throws Exception {
    CountDownLatch markApplied = new CountDownLatch(1);
    CountDownLatch deleteMayFollow = new CountDownLatch(1);
    String servers = memcached.get(0).address();
    Cachet writer = open(servers, builder -> builder.wrapTransport(t -> new MarkFirst(t, markApplied, deleteMayFollow)));
    Cachet reader = openNear(servers);
    Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
    CacheKey key = Decorated.key(NS, "a");
    read.get(key, () -> "old");
    awaitInSync(reader);
    awaitNearHit(reader, read, key, "old");

    CompletableFuture<Boolean> invalidation =
        CompletableFuture.supplyAsync(() -> writer.invalidateAcknowledged(key), background);
    assertTrue(markApplied.await(10, TimeUnit.SECONDS), "the mark was never written");
    // A sync that left after the mark drops the copy; the next read finds the entry not yet
    // deleted and keeps it near again, under the new mark.
    awaitSyncSentAfter(reader, System.nanoTime());
    long nearBefore = nearHits(reader);
    assertEquals("old", read.get(key, () -> "new"));
    assertEquals(nearBefore, nearHits(reader), "the copy taken before the mark was served after it");
    deleteMayFollow.countDown();
    assertTrue(invalidation.get(10, TimeUnit.SECONDS), "the invalidation was not acknowledged");
    long invalidated = System.nanoTime();

    // Looked at without reading through: a read that went on to the store would replace the copy.
    long twiceTheBound = invalidated + BOUND.multipliedBy(2).toNanos();
    Waiting.until(
        "the old copy served near twice the bound after the invalidation returned",
        () -> System.nanoTime() > twiceTheBound && "old".equals(read.operation.near(key.key())));
    System.out.println(
        "mark before its delete: old copy served near "
            + Duration.ofNanos(System.nanoTime() - invalidated).toMillis() + " ms after the invalidation");
  }

  /**
   * The same moment with the pair in its order: the mark is held on the wire after the delete
   * reached the server, the reader syncs meanwhile, and the old copy still stops within the bound
   * of the invalidation returning.
   */
  @Test
  void aMarkAppliedAfterItsDeleteStopsTheOldCopyWithinTheBound() throws Exception {
    MemcachedServer server = memcached.get(0);
    CommandProxy proxy = opened(CommandProxy.to(server.address()));
    // Both through the proxy: every process names the servers alike, so their marks' copies match.
    Cachet writer = open(proxy.address(), builder -> {});
    Cachet reader = openNear(proxy.address());
    Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
    CacheKey key = Decorated.key(NS, "a");
    read.get(key, () -> "old");
    awaitInSync(reader);
    awaitNearHit(reader, read, key, "old");
    String mark = markOf(writer, key);

    CountDownLatch markMayGo = new CountDownLatch(1);
    proxy.holdUntil(line -> line.startsWith("set " + mark + " "), markMayGo);
    CompletableFuture<Boolean> invalidation =
        CompletableFuture.supplyAsync(() -> writer.invalidateAcknowledged(key), background);
    proxy.awaitHeld();
    assertEquals("END\r\n", get(server, key.key()), "the mark was sent before its delete was applied");
    awaitSyncSentAfter(reader, System.nanoTime());
    markMayGo.countDown();
    assertTrue(invalidation.get(10, TimeUnit.SECONDS), "the invalidation was not acknowledged");
    long invalidated = System.nanoTime();

    List<Read> reads = readFor(read, key, "new", BOUND.multipliedBy(3));
    long lastOld = lastOldReadAfter(reads, invalidated, "old");
    System.out.println("mark after its delete: old copy served until " + lastOld + " ms after the invalidation");
    assertTrue(lastOld < BOUND.plus(TICK_SLACK).toMillis(), "old copy served " + lastOld + " ms after");
    assertEquals("new", reads.get(reads.size() - 1).value());
    assertEveryMarkFollowsItsDelete(proxy, key, mark);
  }

  // ---------------------------------------------------------------- behind twemproxy

  @Test
  void behindTwemproxyThePairIsSentInTwoSteps() {
    Nutcracker nutcracker = opened(Nutcracker.start(memcached.addresses()));
    TurnCountingProxy.Timeline timeline = new TurnCountingProxy.Timeline(Duration.ofMillis(30));
    TurnCountingProxy proxy = opened(TurnCountingProxy.recording(nutcracker.address(), timeline));
    Cachet cachet = open(proxy.address(), Duration.ofSeconds(2), builder -> {});
    Decorated<String> image = Decorated.of(cachet, NS, "r", String.class);
    CacheKey key = Decorated.key(NS, "a");
    image.get(key, () -> "old");
    List<byte[]> before = proxy.bytesSentPerConnection();

    timeline.reset();
    assertTrue(cachet.invalidateAcknowledged(key));

    // The probe found no memcached (twemproxy closes the connection on stats): the mark goes only
    // once the delete was acknowledged, a round trip after it.
    List<String> sent = TurnCountingProxy.commandLines(before, proxy.bytesSentPerConnection());
    assertEquals(
        List.of("delete " + key.key(), "set " + markOf(cachet, key)),
        sent.stream().map(OrderedPairsTest::verbAndKey).toList());
    assertEquals(2, timeline.depth(), "the pair was not sent in two steps");
    assertEquals("new", image.get(key, () -> "new"), "the entry survived the invalidation");
    assertEquals(2, image.delegateCalls.get());
  }

  // ---------------------------------------------------------------- the mark's copies on a pool

  @Test
  void aServerThatRestartsEmptyLosesItsCopyOfTheMarkAndTheCopiesAreDropped() {
    Cachet reader = openNear(memcached.addresses());
    Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
    CacheKey onOther = keyOn(reader, 0);
    read.get(onOther, () -> "copy");
    awaitInSync(reader);
    awaitNearHit(reader, read, onOther, "copy");

    MemcachedServer restarted = memcached.get(1);
    String lostMark = WireFormat.copy(WireFormat.changesKey(NS), restarted.address());
    restarted.kill();
    restarted.restart();
    // An invalidation that had landed there could have gone with the copy: a sync reads it
    // missing, adds it anew and drops the namespace's copies, on every server.
    Waiting.until("the lost copy of the mark added again", () -> get(restarted, lostMark).startsWith("VALUE"));
    awaitSyncSentAfter(reader, System.nanoTime());
    long nearBefore = nearHits(reader);
    assertEquals("copy", read.get(onOther, () -> "not called"));
    assertEquals(nearBefore, nearHits(reader), "a copy taken before the mark's copy was lost was served");
    awaitNearHit(reader, read, onOther, "copy");
  }

  @Test
  void anInvalidationLandingOnOneServerDropsTheNamespacesCopiesOfEveryServer() {
    Cachet writer = open(memcached.addresses(), Duration.ofSeconds(1), builder -> {});
    Cachet reader = openNear(memcached.addresses());
    Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
    CacheKey onOther = keyOn(reader, 0);
    CacheKey invalidated = keyOn(reader, 1);
    read.get(onOther, () -> "copy");
    awaitInSync(reader);
    awaitNearHit(reader, read, onOther, "copy");
    String other = get(memcached.get(0), WireFormat.copy(WireFormat.changesKey(NS), memcached.get(0).address()));

    assertTrue(writer.invalidateAcknowledged(invalidated));
    assertEquals(
        other,
        get(memcached.get(0), WireFormat.copy(WireFormat.changesKey(NS), memcached.get(0).address())),
        "an invalidate rewrote another server's copy of the mark");
    awaitSyncSentAfter(reader, System.nanoTime());
    long nearBefore = nearHits(reader);
    assertEquals("copy", read.get(onOther, () -> "not called"));
    assertEquals(nearBefore, nearHits(reader), "a change of one server's copy kept another server's near copies");
  }

  // ---------------------------------------------------------------- helpers

  /** The copy of the namespace's change mark beside {@code key}'s entry. */
  private static String markOf(Cachet cachet, CacheKey key) {
    return Internals.transport(cachet).beside(WireFormat.changesKey(NS), key.key());
  }

  /** A key whose entry lives on server {@code index} of the pool. */
  private CacheKey keyOn(Cachet cachet, int index) {
    String server = memcached.get(index).address();
    for (int i = 0; ; i++) {
      CacheKey key = Decorated.key(NS, "k" + i);
      if (server.equals(WireFormat.copyServer(markOf(cachet, key)))) {
        return key;
      }
    }
  }

  private static CacheStatistics.Counts counts(Cachet cachet) {
    return cachet.statistics().namespace(NS);
  }

  private static void awaitNothingPending(Cachet cachet) {
    Waiting.until("the invalidation acknowledged by a retry", () -> counts(cachet).invalidationsPending() == 0);
  }

  /**
   * Returns once {@code cachet} finished a near sync, answered by every server, that was sent
   * after {@code nanos}: whatever the store held at {@code nanos}, that sync has seen.
   */
  static void awaitSyncSentAfter(Cachet cachet, long nanos) {
    Waiting.until(
        "a near sync sent after the moment",
        () -> cachet.statistics().nearSyncAge().orElseThrow().toMillis() + 1
            < Duration.ofNanos(System.nanoTime() - nanos).toMillis());
  }

  /**
   * On every connection, each change mark of {@code key}'s namespace written beside it comes
   * right after the delete of {@code key}: never alone, never first.
   */
  private static void assertEveryMarkFollowsItsDelete(CommandProxy proxy, CacheKey key, String mark) {
    int marks = 0;
    for (List<String> connection : proxy.passedPerConnection()) {
      for (int i = 0; i < connection.size(); i++) {
        if (verbAndKey(connection.get(i)).equals("set " + mark)) {
          marks++;
          assertTrue(
              i > 0 && connection.get(i - 1).startsWith("delete " + key.key()),
              "a mark not right after its delete on its connection: " + connection);
        }
      }
    }
    assertTrue(marks >= 1, "no mark was written: " + proxy.passedPerConnection());
  }

  private static String verbAndKey(String line) {
    String[] words = line.split(" ");
    return words.length < 2 ? line : words[0] + " " + words[1];
  }

  private static String get(MemcachedServer server, String key) {
    try (TextClient client = new TextClient(server.port(), 2_000)) {
      return client.exchange("get " + key + "\r\n", "END\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A store that breaks the order of a pair: it applies a sequence's last write first, then
   * waits for {@code next} before the others, as a proxy forwarding them to two connections
   * might.
   */
  private static final class MarkFirst extends ForwardingTransport {
    private final CountDownLatch applied;
    private final CountDownLatch next;

    MarkFirst(Transport store, CountDownLatch applied, CountDownLatch next) {
      super(store);
      this.applied = applied;
      this.next = next;
    }

    @Override
    public List<TransportException> writeSequences(List<List<Write>> sequences) {
      List<TransportException> outcomes = new ArrayList<>();
      for (List<Write> sequence : sequences) {
        try {
          for (int i = sequence.size() - 1; i >= 0; i--) {
            Write write = sequence.get(i);
            if (write.isDelete()) {
              store.delete(write.key());
            } else {
              store.set(write.key(), write.value(), write.expiry());
            }
            if (i == sequence.size() - 1 && sequence.size() > 1) {
              applied.countDown();
              if (!next.await(10, TimeUnit.SECONDS)) {
                throw new TransportException("the test never let the first write follow");
              }
            }
          }
          outcomes.add(null);
        } catch (TransportException e) {
          outcomes.add(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          outcomes.add(new TransportException("interrupted", e));
        }
      }
      return outcomes;
    }
  }
}
