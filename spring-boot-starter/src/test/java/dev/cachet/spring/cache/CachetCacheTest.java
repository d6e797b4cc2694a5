package dev.cachet.spring.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;

/** Spring's {@link Cache} contract, on real memcached; two {@code Cachet}s play two processes. */
class CachetCacheTest {
  @RegisterExtension static final MemcachedExtension memcached = MemcachedExtension.servers(1);

  public record Book(String isbn, String title, List<String> authors) {}

  public record Isbn(String prefix, int number) {}

  enum Shelf {
    TOP,
    BOTTOM
  }

  /** Has no toString of its own, so no key form equal in every process. */
  static final class Opaque {}

  private final List<Cachet> opened = new ArrayList<>();

  private Cachet cachet() {
    return cachet(Duration.ofMillis(200));
  }

  private Cachet cachet(Duration operationTimeout) {
    Cachet cachet =
        Cachet.builder()
            .memcached(memcached.addresses())
            .operationTimeout(operationTimeout)
            .region("default", Duration.ofMinutes(1))
            .build();
    opened.add(cachet);
    return cachet;
  }

  private Cachet stampedeCachet() {
    Cachet cachet =
        Cachet.builder()
            .memcached(memcached.addresses())
            .operationTimeout(Duration.ofSeconds(2))
            .region("default", Duration.ofMinutes(1), region -> region.lockTimeout(Duration.ofMinutes(2)))
            .build();
    opened.add(cachet);
    return cachet;
  }

  @AfterEach
  void close() {
    opened.forEach(Cachet::close);
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void getPutEvictClear() {
    Cache cache = new CachetCacheManager(cachet()).getCache(unique("books"));
    assertNull(cache.get("a"));
    Book book = new Book("a", "Alpha", List.of("Ann"));
    cache.put("a", book);
    cache.put("b", "plain");
    assertEquals(book, cache.get("a").get());
    assertEquals(book, cache.get("a", Book.class));
    assertThrows(IllegalStateException.class, () -> cache.get("a", String.class));
    cache.evict("a");
    assertNull(cache.get("a"));
    assertEquals("plain", cache.get("b", String.class));
    cache.put("a", book);
    cache.clear();
    assertNull(cache.get("a"));
    assertNull(cache.get("b"));
    cache.put("c", "x");
    assertTrue(cache.evictIfPresent("c"));
    assertFalse(cache.evictIfPresent("c"));
    assertTrue(cache.invalidate());
  }

  @Test
  void putIsSeenByAnotherProcessAndEvictByBoth() {
    String name = unique("shared");
    Cache one = CachetCacheManager.builder(cachet()).allowedPackages("dev.cachet.spring").build().getCache(name);
    Cache two = CachetCacheManager.builder(cachet()).allowedPackages("dev.cachet.spring").build().getCache(name);
    Book book = new Book("x", "X", List.of());
    one.put(1L, book);
    assertEquals(book, two.get(1L).get());
    two.evict(1L);
    assertNull(one.get(1L));
  }

  @Test
  void aClassNotAllowedIsACountedMissNotAnException() {
    String name = unique("refused");
    Cache writer = new CachetCacheManager(cachet()).getCache(name);
    Cachet reader = cachet();
    Cache refusing = new CachetCacheManager(reader).getCache(name);
    Book book = new Book("r", "R", List.of("Rae"));
    writer.put("r", book);
    assertNull(refusing.get("r"));
    assertTrue(reader.statistics().totals().decodeFailureCount() > 0, reader.statistics().toString());
    // Once this process puts a Book itself, Books are allowed here too.
    refusing.put("other", new Book("o", "O", List.of()));
    assertEquals(book, refusing.get("r").get());
  }

  @Test
  void nullValues() {
    Cache cache = new CachetCacheManager(cachet()).getCache(unique("nulls"));
    cache.put("n", null);
    Cache.ValueWrapper wrapper = cache.get("n");
    assertNotNull(wrapper);
    assertNull(wrapper.get());
    AtomicInteger calls = new AtomicInteger();
    assertNull(cache.get("m", () -> { calls.incrementAndGet(); return null; }));
    assertNull(cache.get("m", () -> { calls.incrementAndGet(); return "never"; }));
    assertEquals(1, calls.get());

    Cache strict = CachetCacheManager.builder(cachet()).allowNullValues(false).build().getCache(unique("strict"));
    assertThrows(IllegalArgumentException.class, () -> strict.put("n", null));
    assertNull(strict.get("m", () -> null));
    assertEquals("loaded", strict.get("m", () -> "loaded"));
  }

  @Test
  void putIfAbsent() {
    Cache cache = new CachetCacheManager(cachet()).getCache(unique("absent"));
    assertNull(cache.putIfAbsent("k", "first"));
    assertEquals("first", cache.putIfAbsent("k", "second").get());
    assertEquals("first", cache.get("k").get());
  }

  @Test
  void keys() {
    CachetCache cache = (CachetCache) new CachetCacheManager(cachet()).getCache(unique("keys"));
    cache.put(new SimpleKey("a", 1), "simple");
    assertEquals("simple", cache.get(new SimpleKey("a", 1)).get());
    assertNull(cache.get(new SimpleKey("a", 2)));
    assertNull(cache.get("a,1"));
    assertNull(cache.get(new SimpleKey("a,1")));
    // Integral numbers are one key whatever their box, as in Spring Data Redis.
    cache.put(42L, "answer");
    assertEquals("answer", cache.get(42).get());
    assertNull(cache.get("42"));
    cache.put(new Isbn("978", 3), "record");
    assertEquals("record", cache.get(new Isbn("978", 3)).get());
    assertNull(cache.get(new Isbn("978", 4)));
    cache.put(Shelf.TOP, "enum");
    assertNull(cache.get(Shelf.BOTTOM));
    assertEquals("enum", cache.get(Shelf.TOP).get());
    cache.put(SimpleKey.EMPTY, "empty");
    assertEquals("empty", cache.get(SimpleKey.EMPTY).get());
    assertNotEquals(cache.cacheKey("a b"), cache.cacheKey("a_b"));
    assertNotEquals(cache.cacheKey(null), cache.cacheKey("null"));
    String long_ = "x y\n".repeat(200);
    cache.put(long_, "long");
    assertEquals("long", cache.get(long_).get());
    String stored = cache.cacheKey(long_).key();
    assertTrue(stored.length() <= 250 && !stored.contains(" ") && !stored.contains("\n"), stored);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> cache.get(new Opaque()));
    assertTrue(refused.getMessage().contains("toString"), refused.getMessage());
  }

  @Test
  void aLoaderRunsOnceAcrossThreadsAndProcesses() throws Exception {
    String name = unique("stampede");
    // One call holds only while the store answers: a lookup that times out is answered by the
    // loader (fail-open), and 16 threads starting at once on 2 cores have outwaited 200 ms. The
    // lock timeout is one no stall reaches within the test's timeout, so no waiter gives up.
    Cache one = new CachetCacheManager(stampedeCachet()).getCache(name);
    Cache two = new CachetCacheManager(stampedeCachet()).getCache(name);
    AtomicInteger calls = new AtomicInteger();
    int threads = 16;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> callers = new ArrayList<>();
    ExecutorService pool = Waiting.poolRecordingThreads(threads, callers);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Cache cache = i % 2 == 0 ? one : two;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.get("hot", () -> {
                    calls.incrementAndGet();
                    // The value comes only once every other caller, in both caches, waits for it.
                    List<Thread> others;
                    synchronized (callers) {
                      others = new ArrayList<>(callers);
                    }
                    others.remove(Thread.currentThread());
                    others.forEach(Waiting::untilLockWaiting);
                    return "computed";
                  });
                }));
      }
      for (Future<String> result : results) {
        assertEquals("computed", result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, calls.get());
  }

  @Test
  void aFailingLoaderCachesNothing() {
    Cache cache = new CachetCacheManager(cachet()).getCache(unique("failing"));
    IllegalStateException cause = new IllegalStateException("boom");
    Cache.ValueRetrievalException thrown =
        assertThrows(Cache.ValueRetrievalException.class, () -> cache.get("k", () -> { throw cause; }));
    assertSame(cause, thrown.getCause());
    assertNull(cache.get("k"));
    assertEquals("second", cache.get("k", () -> "second"));
  }

  @Test
  void anEvictDuringALoadKeepsTheLoadedValueOut() throws Exception {
    String name = unique("race");
    Cache loading = new CachetCacheManager(cachet()).getCache(name);
    Cache evicting = new CachetCacheManager(cachet()).getCache(name);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch evicted = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> old =
          pool.submit(
              () ->
                  loading.get("k", () -> {
                    started.countDown();
                    assertTrue(evicted.await(5, TimeUnit.SECONDS));
                    return "old";
                  }));
      assertTrue(started.await(5, TimeUnit.SECONDS));
      evicting.evict("k");
      evicted.countDown();
      assertEquals("old", old.get(5, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertNull(loading.get("k"));
    assertNull(evicting.get("k"));
    assertEquals("new", evicting.get("k", () -> "new"));
    assertEquals("new", loading.get("k").get());
  }

  @Test
  void aKilledServerFailsNoCall() {
    Cache cache = new CachetCacheManager(cachet()).getCache(unique("killed"));
    cache.put("k", "v");
    memcached.get(0).kill();
    assertNull(cache.get("k"));
    cache.put("k", "w");
    assertNull(cache.putIfAbsent("j", "w"));
    assertEquals("loaded", cache.get("k", () -> "loaded"));
    cache.evict("k");
    assertFalse(cache.evictIfPresent("k"));
    cache.clear();
    assertFalse(cache.invalidate());
  }

  @Test
  void aPausedServerFailsNoCall() {
    Cache cache = new CachetCacheManager(cachet()).getCache(unique("paused"));
    cache.put("k", "v");
    memcached.get(0).pause();
    try {
      long started = System.nanoTime();
      assertNull(cache.get("k"));
      assertEquals("loaded", cache.get("k", () -> "loaded"));
      cache.put("k", "w");
      cache.evict("k");
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
    } finally {
      memcached.get(0).resume();
    }
  }

  @Test
  void regions() {
    Cachet cachet =
        Cachet.builder()
            .memcached(memcached.addresses())
            .region("default", Duration.ofMinutes(1))
            .region("short", Duration.ofSeconds(1))
            .build();
    opened.add(cachet);
    CachetCacheManager manager = new CachetCacheManager(cachet);
    assertEquals("short", manager.regionOf("short"));
    assertEquals("default", manager.regionOf("other"));
    CachetCacheManager strict = CachetCacheManager.builder(cachet).defaultRegion(null).build();
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> strict.getCache("nameless"));
    assertTrue(missing.getMessage().contains("cachet.region.nameless.expire"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> manager.getCache("has space"));
    CachetCacheManager fixed = CachetCacheManager.builder(cachet).cacheNames(List.of("short")).build();
    assertNotNull(fixed.getCache("short"));
    assertNull(fixed.getCache("other"));
    assertEquals(List.of("short"), List.copyOf(fixed.getCacheNames()));
  }
}
