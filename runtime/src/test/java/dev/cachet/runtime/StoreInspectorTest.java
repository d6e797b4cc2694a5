package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reading what a store holds, as the CLI does, and wrapping the transport a builder opens. */
class StoreInspectorTest {
  private static CacheKey key(String text) {
    return CacheKey.ofEncoding("books", "books/t:" + text);
  }

  @Test
  void decodesAWholeValueANullAndTheGenerationThatGovernsThem() throws Exception {
    try (Cachet cachet = Cachet.builder().inMemory().region("r", Duration.ofMinutes(1)).build()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      books.get(key("a"), () -> "a value");
      books.get(key("n"), () -> null);
      StoreInspector inspector = StoreInspector.of(cachet);

      StoreInspector.Item item = inspector.inspect("books/t:a");
      assertNull(item.unreadable());
      assertEquals(StoreInspector.Kind.ENTRY, item.kind());
      assertEquals("books", item.namespace());
      assertEquals("Apache Fory", item.serializer());
      assertEquals("none", item.compression());
      assertEquals(item.storedBytes(), item.headerBytes() + item.payloadBytes());
      assertTrue(item.checksumMatches());
      assertFalse(item.cachedNull());
      assertEquals(item.generation(), item.currentGeneration());
      assertTrue(inspector.holds("books/t:a"));
      assertTrue(inspector.inspect("books/t:n").cachedNull());
      assertNull(inspector.inspect("books/t:absent"));

      cachet.invalidateAll("books");
      StoreInspector.Item stale = inspector.inspect("books/t:a");
      assertNotNull(stale.currentGeneration());
      assertTrue(stale.currentGeneration() != stale.generation());
      Map<String, String> generations = inspector.generations("books");
      assertEquals(1, generations.size());
      assertEquals(String.valueOf(stale.currentGeneration()), generations.values().iterator().next());
      assertThrows(IllegalArgumentException.class, () -> inspector.generations("no spaces"));
    }
  }

  @Test
  void aChunkedValueShowsItsChunks() throws Exception {
    try (Cachet cachet = Cachet.builder().inMemory().itemSize(4096).region("r", Duration.ofMinutes(1),
        region -> region.compressionThreshold(Integer.MAX_VALUE)).build()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      StringBuilder large = new StringBuilder();
      for (int i = 0; large.length() < 20_000; i++) {
        large.append(i).append(',');
      }
      books.get(key("big"), large::toString);
      StoreInspector.Item item = StoreInspector.of(cachet).inspect("books/t:big");
      StoreInspector.Chunks chunks = item.chunks();
      assertNotNull(chunks);
      assertTrue(chunks.count() > 4, chunks.toString());
      assertEquals(chunks.count(), chunks.present());
      assertTrue(chunks.assembledChecksumMatches());
      assertEquals(StoreInspector.Kind.CHUNK, StoreInspector.kindOf(chunks.keyPrefix() + "0"));
      assertTrue(StoreInspector.of(cachet).inspect(chunks.keyPrefix() + "0").chunk());
    }
  }

  @Test
  void aLeasePlaceholderIsNamedAsOne() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Cachet cachet = Cachet.builder().inMemory().region("r", Duration.ofMinutes(1)).build()) {
      NamespaceCache<String> books = NamespaceCache.create(cachet, "books", "r", String.class, true);
      CountDownLatch loading = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<String> load = pool.submit(() -> books.get(key("l"), () -> {
        loading.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
        return "l";
      }));
      assertTrue(loading.await(10, TimeUnit.SECONDS));
      StoreInspector.Item held = StoreInspector.of(cachet).inspect("books/t:l");
      release.countDown();
      load.get(10, TimeUnit.SECONDS);
      assertNotNull(held.unreadable());
      assertTrue(held.leasePlaceholder());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysAreKnownByTheirForm() {
    assertEquals(StoreInspector.Kind.ENTRY, StoreInspector.kindOf("books/t:a"));
    assertEquals(StoreInspector.Kind.OTHER, StoreInspector.kindOf("session:42"));
    assertEquals("books", StoreInspector.namespaceOf("books/t:a"));
    assertNull(StoreInspector.namespaceOf("session:42"));
  }

  @Test
  void wrapTransportSeesEveryCallAndAFailingWrapperClosesWhatWasOpened() throws Exception {
    List<Collection<String>> reads = new ArrayList<>();
    try (Cachet cachet = Cachet.builder().inMemory().region("r", Duration.ofMinutes(1))
        .wrapTransport(opened -> new Reading(opened, reads)).build()) {
      NamespaceCache.create(cachet, "books", "r", String.class, true).peek(key("a"));
      assertTrue(reads.stream().anyMatch(keys -> keys.contains("books/t:a")), reads.toString());
    }

    Closing given = new Closing(Cachet.builder().inMemory().build());
    IllegalStateException refused = new IllegalStateException("refused");
    assertEquals(refused, assertThrows(IllegalStateException.class, () -> Cachet.builder().transport(given)
        .wrapTransport(opened -> { throw refused; }).build()));
    assertTrue(given.closed);
    assertThrows(IllegalStateException.class,
        () -> Cachet.builder().wrapTransport(t -> t).wrapTransport(t -> t));
  }

  /** Records the keys of every read, forwarding everything. */
  private static class Reading extends Forwarding {
    private final List<Collection<String>> reads;

    Reading(Transport inner, List<Collection<String>> reads) {
      super(inner);
      this.reads = reads;
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
      synchronized (reads) {
        reads.add(List.copyOf(keys));
      }
      return super.getAll(keys);
    }
  }

  /** The in-memory store of another cache, saying whether it was closed. */
  private static class Closing extends Forwarding {
    private final Cachet owner;
    volatile boolean closed;

    Closing(Cachet owner) {
      super(owner.transport());
      this.owner = owner;
    }

    @Override
    public void close() {
      closed = true;
      owner.close();
    }
  }

  private static class Forwarding implements Transport {
    private final Transport inner;

    Forwarding(Transport inner) {
      this.inner = inner;
    }

    @Override public Map<String, byte[]> getAll(Collection<String> keys) { return inner.getAll(keys); }
    @Override public void set(String key, byte[] value, Duration expiry) { inner.set(key, value, expiry); }
    @Override public boolean add(String key, byte[] value, Duration expiry) { return inner.add(key, value, expiry); }
    @Override public boolean delete(String key) { return inner.delete(key); }
    @Override public Versioned gets(String key) { return inner.gets(key); }
    @Override public boolean cas(String key, byte[] value, Duration expiry, long casId) { return inner.cas(key, value, expiry, casId); }
    @Override public boolean touch(String key, Duration expiry) { return inner.touch(key, expiry); }
    @Override public boolean processLocal() { return inner.processLocal(); }
    @Override public int maxItemBytes() { return inner.maxItemBytes(); }
    @Override public String describe() { return inner.describe(); }
    @Override public void close() { inner.close(); }
  }
}
