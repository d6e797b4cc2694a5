package dev.cachet.runtime.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One process's syncs of its near copies against the change marks, run one at a time by the test:
 * which of them drop the copies (advance the namespace's epoch) and which keep them.
 */
class NearSyncTest {
  private static final String NS = "image";
  private static final String MARK = WireFormat.changesKey(NS);

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTransport store = new InMemoryTransport(clock);
  /** For each advance of the epoch, whether the mark was in the store at that moment. */
  private final List<Boolean> advances = new ArrayList<>();
  private final Epoch epoch =
      new Epoch() {
        @Override
        void advance() {
          advances.add(store.getAll(List.of(MARK)).containsKey(MARK));
          super.advance();
        }
      };

  /** Syncs only when the test calls {@link NearSync#sync()}: its own thread is shut down first. */
  private NearSync nearSync(Transport transport) {
    NearSync sync =
        new NearSync(
            transport, clock::millis, Duration.ofMillis(300), new FaultLog(), n -> epoch, new SecureRandom());
    sync.close();
    sync.keepNear(NS);
    return sync;
  }

  @Test
  void aMarkTheSyncAddedItselfIsNotTakenForAnInvalidation() {
    NearSync sync = nearSync(store);

    sync.sync();
    assertTrue(store.getAll(List.of(MARK)).containsKey(MARK), "the missing mark was not added");
    // Dropped after the add: whatever changed before the mark existed is covered by this drop.
    assertEquals(List.of(true), advances);

    sync.sync();
    sync.sync();
    assertEquals(1, advances.size(), "the copies were dropped again for the mark this process added");
  }

  @Test
  void anotherProcessesMarkDropsTheCopies() {
    NearSync sync = nearSync(store);
    sync.sync();

    store.set(MARK, NearSync.freshMark(new SecureRandom()), Duration.ZERO);
    sync.sync();
    assertEquals(2, advances.size());
    sync.sync();
    assertEquals(2, advances.size());
  }

  @Test
  void anInvalidationThatSetsTheMarkBeforeTheAddIsSeenByTheNextSync() {
    AtomicBoolean first = new AtomicBoolean(true);
    // The first read finds no mark; another process's invalidation sets one before the add.
    Transport racing =
        (Transport)
            Proxy.newProxyInstance(
                Transport.class.getClassLoader(),
                new Class<?>[] {Transport.class},
                (proxy, method, arguments) -> {
                  Object result;
                  try {
                    result = method.invoke(store, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("getAll") && first.getAndSet(false)) {
                    store.set(MARK, NearSync.freshMark(new SecureRandom()), Duration.ZERO);
                  }
                  return result;
                });
    NearSync sync = nearSync(racing);

    sync.sync();
    assertEquals(1, advances.size());
    sync.sync();
    assertEquals(2, advances.size(), "the invalidation's mark was taken for this process's own");
    sync.sync();
    assertEquals(2, advances.size());
    assertFalse(first.get());
  }

  @Test
  void oneSyncReadsTheMarksOfEveryNamespaceInOneRead() {
    List<String> calls = new ArrayList<>();
    List<Integer> keysRead = new ArrayList<>();
    Transport counting =
        (Transport)
            Proxy.newProxyInstance(
                Transport.class.getClassLoader(),
                new Class<?>[] {Transport.class},
                (proxy, method, arguments) -> {
                  calls.add(method.getName());
                  if (method.getName().equals("getAll")) {
                    keysRead.add(((List<?>) arguments[0]).size());
                  }
                  try {
                    return method.invoke(store, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    NearSync sync = nearSync(counting);
    for (int i = 1; i < 1_000; i++) {
      sync.keepNear("ns" + i);
    }

    sync.sync();
    assertEquals(1, calls.stream().filter("getAll"::equals).count());
    assertEquals(1_000, calls.stream().filter("add"::equals).count(), "each missing mark is added once");
    calls.clear();
    keysRead.clear();

    for (int i = 0; i < 3; i++) {
      sync.sync();
    }
    assertEquals(List.of("getAll", "getAll", "getAll"), calls, "one read per sync, nothing else");
    assertEquals(List.of(1_000, 1_000, 1_000), keysRead);
  }

  // ---------------------------------------------------------------- a pool: one copy per server

  private static final List<String> SERVERS = List.of("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211");

  /**
   * Three servers over one in-memory store: each change mark has a copy per server, an entry key
   * ending in {@code @<server>} lives on that server, and a server marked down fails every
   * operation on its keys, as a pool's transport does.
   */
  private final class Pool implements Transport {
    final Set<String> down = ConcurrentHashMap.newKeySet();
    final List<Collection<String>> reads = new ArrayList<>();

    private void check(String key) {
      String server = WireFormat.copyServer(key);
      if (server == null && key.contains("@")) {
        server = key.substring(key.lastIndexOf('@') + 1);
      }
      if (server != null && down.contains(server)) {
        throw new TransportException(server + " is down");
      }
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
      reads.add(List.copyOf(keys));
      keys.forEach(this::check);
      return store.getAll(keys);
    }

    @Override
    public void set(String key, byte[] value, Duration expiry) {
      check(key);
      store.set(key, value, expiry);
    }

    @Override
    public boolean add(String key, byte[] value, Duration expiry) {
      check(key);
      return store.add(key, value, expiry);
    }

    @Override
    public boolean delete(String key) {
      check(key);
      return store.delete(key);
    }

    @Override
    public Versioned gets(String key) {
      check(key);
      return store.gets(key);
    }

    @Override
    public boolean cas(String key, byte[] value, Duration expiry, long casId) {
      check(key);
      return store.cas(key, value, expiry, casId);
    }

    @Override
    public boolean touch(String key, Duration expiry) {
      check(key);
      return store.touch(key, expiry);
    }

    @Override
    public String beside(String key, String neighbour) {
      return WireFormat.copy(key, neighbour.substring(neighbour.lastIndexOf('@') + 1));
    }

    @Override
    public List<String> everywhere(String key) {
      return SERVERS.stream().map(server -> WireFormat.copy(key, server)).toList();
    }

    @Override
    public int maxItemBytes() {
      return store.maxItemBytes();
    }

    @Override
    public String describe() {
      return "three servers over " + store.describe();
    }

    @Override
    public void close() {}
  }

  private static String copyOn(int server) {
    return WireFormat.copy(MARK, SERVERS.get(server));
  }

  private static String entryOn(int server) {
    return NS + "/f00d:x@" + SERVERS.get(server);
  }

  /** A pool synced once: every copy added, the copies dropped once for it. */
  private NearSync syncedPool(Pool pool) {
    NearSync sync = nearSync(pool);
    sync.sync();
    assertEquals(1, epochAdvances(), "the missing copies were added and the copies dropped once");
    sync.sync();
    assertEquals(1, epochAdvances());
    return sync;
  }

  private int epochAdvances() {
    return advances.size();
  }

  @Test
  void oneSyncReadsEveryCopyOfTheMarkInOneRead() {
    Pool pool = new Pool();
    syncedPool(pool);
    assertEquals(List.of(copyOn(0), copyOn(1), copyOn(2)), pool.reads.get(pool.reads.size() - 1));
    assertEquals(2, pool.reads.size(), "one read per sync");
  }

  @Test
  void aChangeOfAnyCopyDropsTheCopies() {
    Pool pool = new Pool();
    for (int server = 0; server < SERVERS.size(); server++) {
      advances.clear();
      NearSync sync = syncedPool(pool);
      // Another process's invalidation of an entry of that server rewrites that server's copy alone.
      store.set(copyOn(server), NearSync.freshMark(new SecureRandom()), Duration.ZERO);
      sync.sync();
      assertEquals(2, epochAdvances(), "a change of the copy on " + SERVERS.get(server) + " kept the copies");
      sync.sync();
      assertEquals(2, epochAdvances());
      for (int other = 0; other < SERVERS.size(); other++) {
        store.delete(copyOn(other));
      }
    }
  }

  @Test
  void aMissingCopyOfTheMarkDropsTheCopies() {
    Pool pool = new Pool();
    NearSync sync = syncedPool(pool);
    byte[] before = store.getAll(List.of(copyOn(0))).get(copyOn(0));

    // Its server restarted empty, or evicted it: an invalidation may have gone with it.
    store.delete(copyOn(1));
    sync.sync();
    assertEquals(2, epochAdvances());
    assertTrue(store.getAll(List.of(copyOn(1))).containsKey(copyOn(1)), "the missing copy was not added");
    sync.sync();
    assertEquals(2, epochAdvances(), "the copies were dropped again for the copy this process added");
    assertArrayEquals(before, store.getAll(List.of(copyOn(0))).get(copyOn(0)), "another server's copy was rewritten");
  }

  @Test
  void aServerThatDoesNotAnswerStopsTheCopiesItGovernsAndNoOthers() {
    Pool pool = new Pool();
    NearSync sync = syncedPool(pool);
    NearSync.Watch onFirst = sync.watch(MARK, entryOn(0));
    NearSync.Watch onSecond = sync.watch(MARK, entryOn(1));
    assertTrue(sync.inSync(onFirst) && sync.inSync(onSecond));

    pool.down.add(SERVERS.get(1));
    sync.sync();
    assertFalse(sync.inSync(onSecond), "a copy of an entry of the server that did not answer was still served");
    assertTrue(sync.inSync(onFirst), "a server that did not answer stopped another server's copies");
    assertEquals(1, epochAdvances(), "copies dropped for a mark that went unread");
    // Past the bound since the last sync that reached it, copies of the live servers go on.
    clock.advance(Duration.ofMillis(400));
    sync.sync();
    assertTrue(sync.inSync(onFirst));
    assertFalse(sync.inSync(onSecond));

    pool.down.clear();
    sync.sync();
    assertTrue(sync.inSync(onSecond), "the server answered again with its mark unchanged");
    assertEquals(1, epochAdvances());
  }

  @Test
  void aChangeMadeWhileAServerWasUnreadDropsTheCopiesOnceItAnswers() {
    Pool pool = new Pool();
    NearSync sync = syncedPool(pool);
    pool.down.add(SERVERS.get(2));
    sync.sync();
    // Another process reached it and invalidated one of its entries meanwhile.
    store.set(copyOn(2), NearSync.freshMark(new SecureRandom()), Duration.ZERO);
    sync.sync();
    assertEquals(1, epochAdvances());

    pool.down.clear();
    sync.sync();
    assertEquals(2, epochAdvances(), "the change made while the server went unread was missed");
    assertTrue(sync.inSync(sync.watch(MARK, entryOn(2))));
  }

  @Test
  void aSyncNoServerAnswersStopsEveryCopy() {
    Pool pool = new Pool();
    NearSync sync = syncedPool(pool);
    pool.down.addAll(SERVERS);
    sync.sync();
    for (int server = 0; server < SERVERS.size(); server++) {
      assertFalse(sync.inSync(sync.watch(MARK, entryOn(server))), "copies of " + SERVERS.get(server) + " still served");
    }
  }

  @Test
  void aCopyWhoseServerNoSyncReadsIsNeverServed() {
    Pool pool = new Pool();
    NearSync sync = syncedPool(pool);
    assertFalse(sync.inSync(sync.watch(MARK, NS + "/f00d:x@10.0.0.9:11211")));
  }
}
