package dev.cachet.runtime.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.Transport.Versioned;
import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryTransportTest extends TransportContractTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTransport transport = new InMemoryTransport(clock);

  @Override
  Transport transport() {
    return transport;
  }

  @Override
  void waitPast(Duration expiry) {
    clock.advance(expiry);
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void maxItemBytesLeavesRoomForTheLongestKey() {
    assertEquals(1_048_267, transport.maxItemBytes());
    assertEquals(1_000 - 250, new InMemoryTransport(clock, 10_000, 1_000).maxItemBytes());
  }

  @Test
  void theItemLimitIsAConstructorParameter() {
    InMemoryTransport small = new InMemoryTransport(clock, 100_000, 1_000);
    small.set("k", new byte[999], Duration.ZERO);
    assertThrows(TransportException.class, () -> small.set("k2", new byte[999], Duration.ZERO));
    assertThrows(TransportException.class, () -> small.add("k", new byte[1_000], Duration.ZERO));
    assertEquals(999, small.getAll(List.of("k")).get("k").length);
  }

  @Test
  void anItemIsVisibleUntilItsExpiryAndGoneAtIt() {
    transport.set("a", bytes("alpha"), Duration.ofSeconds(10));
    clock.advance(Duration.ofMillis(9_999));
    assertArrayEquals(bytes("alpha"), get("a"));
    clock.advance(Duration.ofMillis(1));
    assertNull(get("a"));
  }

  @Test
  void anExpiredItemIsRemovedWhenRead() {
    transport.set("a", new byte[1_000], Duration.ofSeconds(1));
    long withItem = transport.usedBytes();
    clock.advance(Duration.ofSeconds(1));
    assertNull(get("a"));
    assertTrue(transport.usedBytes() < withItem, "expired item still charged");
    assertEquals(0, transport.usedBytes());
  }

  @Test
  void zeroExpiryNeverExpires() {
    transport.set("a", bytes("alpha"), Duration.ZERO);
    clock.advance(Duration.ofDays(365 * 100));
    assertArrayEquals(bytes("alpha"), get("a"));
  }

  @Test
  void aSubMillisecondExpiryIsNotAlreadyExpired() {
    transport.set("a", bytes("alpha"), Duration.ofNanos(1));
    assertArrayEquals(bytes("alpha"), get("a"));
    clock.advance(Duration.ofMillis(1));
    assertNull(get("a"));
  }

  @Test
  void aHugeExpiryDoesNotOverflowIntoThePast() {
    transport.set("a", bytes("alpha"), Duration.ofSeconds(Long.MAX_VALUE));
    transport.set("b", bytes("beta"), Duration.ofMillis(Long.MAX_VALUE));
    assertArrayEquals(bytes("alpha"), get("a"));
    assertArrayEquals(bytes("beta"), get("b"));
  }

  @Test
  void aNegativeExpiryIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> transport.set("a", bytes("x"), Duration.ofSeconds(-1)));
  }

  @Test
  void addTakesTheKeyOfAnExpiredItem() {
    assertTrue(transport.add("lock", bytes("first"), Duration.ofSeconds(5)));
    clock.advance(Duration.ofSeconds(5));
    assertTrue(transport.add("lock", bytes("second"), Duration.ofSeconds(5)));
    assertArrayEquals(bytes("second"), get("lock"));
  }

  @Test
  void deletingAnExpiredItemFindsNothing() {
    transport.set("a", bytes("alpha"), Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(6));
    assertFalse(transport.delete("a"));
  }

  @Test
  void theLeastRecentlyUsedItemIsEvictedFirst() {
    InMemoryTransport lru = roomForThreeHolding("k0", "k1", "k2");
    clock.advance(Duration.ofMillis(InMemoryTransport.MOVE_INTERVAL_MILLIS));
    assertNotNull(lru.getAll(List.of("k0")).get("k0")); // k0 is now the most recently used
    lru.set("k3", new byte[LRU_VALUE_BYTES], Duration.ZERO);
    assertEquals(List.of("k0", "k2", "k3"), sortedKeys(lru, "k0", "k1", "k2", "k3"));
    assertEquals(3 * ("k0".length() + LRU_VALUE_BYTES + InMemoryTransport.ENTRY_OVERHEAD_BYTES), lru.usedBytes());
  }

  @Test
  void likeMemcachedAReadMovesAnItemAtMostOnceASecond() {
    InMemoryTransport lru = roomForThreeHolding("k0", "k1", "k2");
    clock.advance(Duration.ofMillis(InMemoryTransport.MOVE_INTERVAL_MILLIS - 1));
    assertNotNull(lru.getAll(List.of("k0")).get("k0")); // stored less than a second ago: stays
    lru.set("k3", new byte[LRU_VALUE_BYTES], Duration.ZERO);
    assertEquals(List.of("k1", "k2", "k3"), sortedKeys(lru, "k0", "k1", "k2", "k3"));

    // Least recently used first: k1 and k2 (stored at 0 ms), k3 (999 ms).
    clock.advance(Duration.ofMillis(1));
    assertNotNull(lru.getAll(List.of("k1")).get("k1")); // stored a second ago: moves, now k2 k3 k1
    clock.advance(Duration.ofMillis(InMemoryTransport.MOVE_INTERVAL_MILLIS - 1));
    lru.getAll(List.of("k2", "k3")); // a second since stored: both move, now k1 k2 k3
    assertNotNull(lru.getAll(List.of("k1")).get("k1")); // moved 999 ms ago: stays the coldest
    lru.set("k4", new byte[LRU_VALUE_BYTES], Duration.ZERO);
    assertEquals(List.of("k2", "k3", "k4"), sortedKeys(lru, "k1", "k2", "k3", "k4"));
  }

  private static final int LRU_VALUE_BYTES = 900;

  /** A store with room for three items of two-character keys, holding {@code keys} in that order. */
  private InMemoryTransport roomForThreeHolding(String... keys) {
    long charged = "k0".length() + LRU_VALUE_BYTES + InMemoryTransport.ENTRY_OVERHEAD_BYTES;
    InMemoryTransport lru = new InMemoryTransport(clock, 3 * charged, 1_000);
    for (String key : keys) {
      lru.set(key, new byte[LRU_VALUE_BYTES], Duration.ZERO);
    }
    return lru;
  }

  private static List<String> sortedKeys(InMemoryTransport lru, String... keys) {
    return lru.getAll(List.of(keys)).keySet().stream().sorted().toList();
  }

  @Test
  void overwritingChargesOnlyTheNewValue() {
    transport.set("a", new byte[1_000], Duration.ZERO);
    long once = transport.usedBytes();
    transport.set("a", new byte[1_000], Duration.ZERO);
    assertEquals(once, transport.usedBytes());
    transport.delete("a");
    assertEquals(0, transport.usedBytes());
  }

  @Test
  void manyWritesStayWithinTheCapacity() {
    long capacity = 50_000;
    InMemoryTransport bounded = new InMemoryTransport(clock, capacity, 2_000);
    for (int i = 0; i < 10_000; i++) {
      bounded.set("key" + i, new byte[i % 1_500], Duration.ZERO);
      assertTrue(bounded.usedBytes() <= capacity, "over capacity at " + i);
    }
    assertNotNull(bounded.getAll(List.of("key9999")).get("key9999"));
  }

  @Test
  void aCapacityBelowOneItemIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new InMemoryTransport(clock, 1_000, 1_000));
  }

  @Test
  void closeDropsEverything() {
    transport.set("a", bytes("alpha"), Duration.ZERO);
    transport.close();
    assertNull(get("a"));
    assertEquals(0, transport.usedBytes());
  }

  @Test
  void exactlyOneOfManyConcurrentAddsWins() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        String key = "lock" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] mine = bytes("owner" + t);
          Callable<Boolean> attempt =
              () -> {
                start.await();
                return transport.add(key, mine, Duration.ofMinutes(1));
              };
          results.add(pool.submit(attempt));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
          winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, winners, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentReadsAndWritesKeepTheByteCountExact() throws Exception {
    long capacity = 200_000;
    InMemoryTransport shared = new InMemoryTransport(clock, capacity, 5_000);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    String key = "k" + ((i * 31 + seed) % 500);
                    switch (i % 5) {
                      case 0 -> shared.set(key, new byte[(i % 4_000) + 1], Duration.ZERO);
                      case 1 -> shared.delete(key);
                      case 2 -> shared.add(key, new byte[10], Duration.ZERO);
                      case 3 -> {
                        Versioned read = shared.gets(key);
                        if (read != null) {
                          shared.cas(key, new byte[(i % 3_000) + 1], Duration.ZERO, read.casId());
                        }
                      }
                      default -> shared.getAll(List.of(key, "k" + (i % 500)));
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(shared.usedBytes() <= capacity);
    long recount = 0;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      all.add("k" + i);
    }
    for (var entry : shared.getAll(all).entrySet()) {
      recount += entry.getKey().length() + entry.getValue().length + InMemoryTransport.ENTRY_OVERHEAD_BYTES;
    }
    assertEquals(recount, shared.usedBytes());
  }

  @Test
  void everyStoreGivesTheItemANewCasId() {
    Set<Long> ids = new HashSet<>();
    transport.set("a", bytes("one"), Duration.ZERO);
    ids.add(transport.gets("a").casId());
    transport.set("a", bytes("one"), Duration.ZERO);
    ids.add(transport.gets("a").casId());
    transport.delete("a");
    transport.add("a", bytes("one"), Duration.ZERO);
    ids.add(transport.gets("a").casId());
    transport.cas("a", bytes("one"), Duration.ZERO, transport.gets("a").casId());
    ids.add(transport.gets("a").casId());
    transport.set("b", bytes("one"), Duration.ZERO);
    ids.add(transport.gets("b").casId());
    assertEquals(5, ids.size(), "ids " + ids);
  }

  @Test
  void getsReturnsTheStoredArrayAsGetAllDoes() {
    transport.set("a", bytes("alpha"), Duration.ZERO);
    assertSame(get("a"), transport.gets("a").value());
  }

  @Test
  void getsOfAnExpiredItemIsNullAndRemovesIt() {
    transport.set("a", new byte[1_000], Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertNull(transport.gets("a"));
    assertEquals(0, transport.usedBytes());
  }

  @Test
  void aCasChargesOnlyTheNewValue() {
    transport.set("a", new byte[1_000], Duration.ZERO);
    long withSmall = transport.usedBytes();
    assertTrue(transport.cas("a", new byte[3_000], Duration.ZERO, transport.gets("a").casId()));
    assertEquals(withSmall + 2_000, transport.usedBytes());
  }

  @Test
  void aCasTooLargeForASmallItemLimitIsRefused() {
    InMemoryTransport small = new InMemoryTransport(clock, 100_000, 1_000);
    small.set("k", new byte[10], Duration.ZERO);
    long id = small.gets("k").casId();
    assertThrows(TransportException.class, () -> small.cas("k", new byte[1_000], Duration.ZERO, id));
    assertTrue(small.cas("k", new byte[999], Duration.ZERO, id));
  }

  @Test
  void exactlyOneOfManyConcurrentCasWithOneIdWins() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        String key = "entry" + round;
        transport.add(key, bytes("placeholder"), Duration.ofMinutes(1));
        long id = transport.gets(key).casId();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] mine = bytes("value" + t);
          Callable<Boolean> attempt =
              () -> {
                start.await();
                return transport.cas(key, mine, Duration.ofMinutes(1), id);
              };
          results.add(pool.submit(attempt));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
          winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, winners, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
