package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The public way to cache without a generated decorator, which the Spring starter is built on. */
class NamespaceCacheTest {
  private static Cachet cachet() {
    return Cachet.builder().inMemory().region("r", Duration.ofMinutes(1)).build();
  }

  private static CacheKey key(String text) {
    return CacheKey.ofEncoding("books", "books/t:" + CacheKey.escape(text));
  }

  @Test
  void getLoadsOnceAndThenHits() throws Exception {
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      AtomicInteger loads = new AtomicInteger();
      assertNull(books.peek(key("a")));
      assertEquals("A", books.get(key("a"), () -> {
        loads.incrementAndGet();
        return "A";
      }));
      assertEquals("A", books.get(key("a"), () -> "again" + loads.incrementAndGet()));
      assertEquals(1, loads.get());
      assertEquals(new NamespaceCache.Hit<>("A"), books.peek(key("a")));
      // The first peek and the load missed; the second get and the last peek hit.
      assertEquals(2, cachet.statistics().totals().misses());
      assertEquals(2, cachet.statistics().totals().hits());
    }
  }

  @Test
  void aCachedNullIsAHitHoldingNullUnlessNullsAreNotCached() throws Exception {
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> nulls = NamespaceCache.create(cachet, "books", "r", String.class, true);
      assertNull(nulls.get(key("n"), () -> null));
      assertEquals(new NamespaceCache.Hit<String>(null), nulls.peek(key("n")));
      NamespaceCache<String> noNulls = NamespaceCache.create(cachet, "novels", "r", String.class, false);
      CacheKey novel = CacheKey.ofEncoding("novels", "novels/t:n");
      assertNull(noNulls.get(novel, () -> null));
      assertNull(noNulls.peek(novel));
      assertFalse(noNulls.put(novel, null));
    }
  }

  @Test
  void aLoaderThatThrowsIsPassedOnAndCachesNothing() throws Exception {
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      IOException thrown = new IOException("database down");
      assertSame(thrown, assertThrows(IOException.class, () -> books.get(key("e"), () -> { throw thrown; })));
      assertNull(books.peek(key("e")));
      // The lease went with the failed load: the next caller loads at once.
      assertEquals("E", books.get(key("e"), () -> "E"));
    }
  }

  @Test
  void anInvalidationDuringALoadKeepsItsValueOut() throws Exception {
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      assertEquals("old", books.get(key("i"), () -> {
        cachet.invalidate(key("i"));
        return "old";
      }));
      assertNull(books.peek(key("i")));
    }
  }

  @Test
  void putReplacesAndPutIfAbsentKeepsWhatIsThere() throws Exception {
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      assertNull(books.putIfAbsent(key("p"), "first"));
      assertEquals(new NamespaceCache.Hit<>("first"), books.putIfAbsent(key("p"), "second"));
      assertTrue(books.put(key("p"), "third"));
      assertEquals("third", books.get(key("p"), () -> "loaded"));
      cachet.invalidateAll("books");
      assertNull(books.peek(key("p")));
    }
  }

  @Test
  void aConcurrentCallerWaitsForTheLoadInsteadOfLoadingAgain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      CountDownLatch loading = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger loads = new AtomicInteger();
      Future<String> first = pool.submit(() -> books.get(key("w"), () -> {
        loads.incrementAndGet();
        loading.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
        return "W";
      }));
      assertTrue(loading.await(10, TimeUnit.SECONDS));
      Future<String> second = pool.submit(() -> books.get(key("w"), () -> "second" + loads.incrementAndGet()));
      release.countDown();
      assertEquals("W", first.get(10, TimeUnit.SECONDS));
      assertEquals("W", second.get(10, TimeUnit.SECONDS));
      assertEquals(1, loads.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void getAsyncStoresTheValueBeforeItsStageCompletes() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      CompletableFuture<String> loader = new CompletableFuture<>();
      CompletableFuture<String> value = books.getAsync(key("f"), () -> loader, pool);
      loader.complete("F");
      assertEquals("F", value.get(10, TimeUnit.SECONDS));
      assertEquals(new NamespaceCache.Hit<>("F"), books.peek(key("f")));
      CompletableFuture<String> failing = books.getAsync(key("g"), () -> CompletableFuture.failedFuture(new IOException("no")), pool);
      assertThrows(Exception.class, () -> failing.get(10, TimeUnit.SECONDS));
      assertNull(books.peek(key("g")));
      assertEquals("F", books.getAsync(key("f"), () -> CompletableFuture.completedFuture("x"), pool).get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysOfAnotherNamespaceAndUndefinedRegionsAreRefused() {
    try (Cachet cachet = cachet()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      CacheKey other = CacheKey.ofEncoding("films", "films/t:x");
      IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> books.peek(other));
      assertEquals("key films/t:x is of namespace films, not of books", wrong.getMessage());
      assertThrows(IllegalArgumentException.class, () -> NamespaceCache.create(cachet, "books", "nope", String.class, true));
      assertThrows(IllegalArgumentException.class, () -> NamespaceCache.create(cachet, "no spaces", "r", String.class, true));
      assertEquals(java.util.Set.of("r"), cachet.regions());
    }
  }
}
