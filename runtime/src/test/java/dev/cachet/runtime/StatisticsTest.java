package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every counter of {@link CacheStatistics} against the in-memory store: hits, misses, bytes
 * before and after compression, chunked and oversize values, decode failures by reason,
 * invalidations, transport timeouts apart from other errors, and the per-region sums.
 */
class StatisticsTest {
  /** StoredItem's header: a whole, unsigned value is its serialized bytes plus this. */
  private static final int HEADER_BYTES = 34;

  private final InMemoryTransport store = new InMemoryTransport();

  private Cachet open(Transport transport) {
    return Cachet.builder()
        .transport(transport)
        .region("long_term", Duration.ofHours(1))
        .region("short_term", Duration.ofMinutes(1))
        .build();
  }

  @Test
  void aMissStoresAndAHitReadsTheSameBytes() {
    try (Cachet cachet = open(store)) {
      Decorated<String> image = Decorated.of(cachet, "image", "long_term", String.class);
      CacheKey key = Decorated.key("image", "alice");
      image.get(key, () -> "small value");
      image.get(key, () -> "delegate");

      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(1, counts.misses());
      assertEquals(1, counts.hits());
      assertEquals(1, counts.stores());
      assertTrue(counts.serializedBytes() > 0);
      assertEquals(counts.serializedBytes() + HEADER_BYTES, counts.storedBytes());
      assertEquals(counts.storedBytes(), counts.hitBytes(), "the hit read the stored item");
      assertEquals(0, counts.compressedStores());
      assertEquals(0, counts.chunkedWrites());
    }
  }

  @Test
  void aCompressibleValueIsCountedSmallerStoredThanSerialized() {
    try (Cachet cachet = open(store)) {
      Decorated<String> text = Decorated.of(cachet, "text", "long_term", String.class);
      text.get(Decorated.key("text", "a"), () -> "cache me ".repeat(5_000));

      CacheStatistics.Counts counts = cachet.statistics().namespace("text");
      assertEquals(1, counts.compressedStores());
      assertTrue(counts.serializedBytes() >= 45_000, "serialized " + counts.serializedBytes());
      assertTrue(
          counts.storedBytes() < counts.serializedBytes() / 4,
          counts.storedBytes() + " stored of " + counts.serializedBytes());
    }
  }

  @Test
  void aValueLargerThanAnItemCountsAChunkedWriteAndItsChunks() {
    try (Cachet cachet = open(store)) {
      Decorated<byte[]> blob = Decorated.of(cachet, "blob", "long_term", byte[].class);
      byte[] random = randomBytes(2_500_000);
      blob.get(Decorated.key("blob", "a"), () -> random);
      blob.get(Decorated.key("blob", "a"), () -> new byte[0]);

      CacheStatistics.Counts counts = cachet.statistics().namespace("blob");
      assertEquals(1, counts.stores());
      assertEquals(1, counts.chunkedWrites());
      assertEquals(3, counts.chunksWritten(), "2.5 MB in items of about 1 MiB");
      assertEquals(0, counts.compressedStores(), "random bytes do not compress");
      assertTrue(counts.storedBytes() > counts.serializedBytes());
      assertEquals(1, counts.hits());
      assertEquals(counts.storedBytes(), counts.hitBytes(), "the hit read the manifest and every chunk");
    }
  }

  @Test
  void aValueTooLargeEvenForChunksIsCountedOversizeNotStored() {
    try (Cachet cachet =
        Cachet.builder()
            .transport(store)
            .maxValueSize(4096)
            .region("long_term", Duration.ofHours(1))
            .build()) {
      Decorated<byte[]> blob = Decorated.of(cachet, "blob", "long_term", byte[].class);
      blob.get(Decorated.key("blob", "a"), () -> randomBytes(10_000));
      blob.get(Decorated.key("blob", "a"), () -> randomBytes(10_000));

      CacheStatistics.Counts counts = cachet.statistics().namespace("blob");
      assertEquals(2, counts.oversizeValues());
      assertEquals(0, counts.stores());
      assertEquals(0, counts.storedBytes());
      assertEquals(2, counts.misses());
    }
  }

  @Test
  void undecodableEntriesAreCountedByReason() {
    try (Cachet cachet = open(store)) {
      Decorated<String> image = Decorated.of(cachet, "image", "long_term", String.class);
      CacheKey flipped = Decorated.key("image", "flipped");
      CacheKey foreign = Decorated.key("image", "foreign");
      image.get(flipped, () -> "value");
      image.get(foreign, () -> "value");

      byte[] bytes = store.getAll(List.of(flipped.key())).get(flipped.key()).clone();
      bytes[bytes.length - 1] ^= 1;
      store.set(flipped.key(), bytes, Duration.ZERO);
      store.set(foreign.key(), "not a cachet item, but long enough for a header".getBytes(), Duration.ZERO);
      assertEquals("recomputed", image.get(flipped, () -> "recomputed"));
      assertEquals("recomputed", image.get(foreign, () -> "recomputed"));

      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(Map.of("CHECKSUM", 1L, "FORMAT", 1L), counts.decodeFailures());
      assertEquals(2, counts.decodeFailureCount());
      assertEquals(4, counts.misses());
    }
  }

  @Test
  void invalidationsAreCountedAndTheNextCallIsAMiss() {
    try (Cachet cachet = open(store)) {
      Decorated<String> image = Decorated.of(cachet, "image", "long_term", String.class);
      CacheKey key = Decorated.key("image", "alice");
      image.get(key, () -> "v1");
      cachet.invalidate(key);
      image.get(key, () -> "v2");
      cachet.invalidateAll("image");
      image.get(key, () -> "v3");

      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(2, counts.invalidations());
      assertEquals(3, counts.misses());
      assertEquals(0, counts.hits());
      assertEquals(3, counts.stores());
    }
  }

  @Test
  void timeoutsAreCountedApartFromOtherTransportErrors() {
    FaultyTransport faulty = new FaultyTransport(store);
    try (Cachet cachet = open(faulty)) {
      Decorated<String> image = Decorated.of(cachet, "image", "long_term", String.class);
      CacheKey key = Decorated.key("image", "alice");
      faulty.fault = FaultyTransport.Fault.TIMEOUT;
      image.get(key, () -> "v");
      image.get(key, () -> "v");
      faulty.fault = FaultyTransport.Fault.REFUSED;
      image.get(key, () -> "v");
      cachet.invalidate(key);

      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(4, counts.transportErrors());
      assertEquals(2, counts.transportTimeouts());
      assertEquals(2, counts.otherTransportErrors());
    }
  }

  @Test
  void aRegionSumsItsNamespaces() {
    try (Cachet cachet = open(store)) {
      Decorated<String> image = Decorated.of(cachet, "image", "long_term", String.class);
      Decorated<String> list = Decorated.of(cachet, "image_list", "long_term", String.class);
      Decorated<Integer> count = Decorated.of(cachet, "instances", "short_term", Integer.class);
      image.get(Decorated.key("image", "a"), () -> "a");
      image.get(Decorated.key("image", "a"), () -> "a");
      list.get(Decorated.key("image_list", "a"), () -> "a");
      count.get(Decorated.key("instances", "eu"), () -> 3);
      count.get(Decorated.key("instances", "eu"), () -> 3);
      count.get(Decorated.key("instances", "eu"), () -> 3);
      cachet.invalidateAll("only_invalidated");

      CacheStatistics statistics = cachet.statistics();
      assertEquals(Set.of("long_term", "short_term"), statistics.regions().keySet());
      assertEquals(1, statistics.region("long_term").hits());
      assertEquals(2, statistics.region("long_term").misses());
      assertEquals(2, statistics.region("long_term").stores());
      assertEquals(2, statistics.region("short_term").hits());
      assertEquals(1, statistics.region("short_term").misses());
      assertEquals(Set.of("short_term"), statistics.regionsOf("instances"));
      assertEquals(Set.of(), statistics.regionsOf("only_invalidated"));
      assertEquals(1, statistics.totals().invalidations());
      assertEquals(0, statistics.region("long_term").invalidations() + statistics.region("short_term").invalidations());
    }
  }

  @Test
  void formatShowsOneColumnPerNamespaceAndTheTotals() {
    try (Cachet cachet = open(store)) {
      Decorated<String> image = Decorated.of(cachet, "image", "long_term", String.class);
      Decorated<Integer> count = Decorated.of(cachet, "instances", "short_term", Integer.class);
      image.get(Decorated.key("image", "a"), () -> "a");
      image.get(Decorated.key("image", "a"), () -> "a");
      image.get(Decorated.key("image", "a"), () -> "a");
      count.get(Decorated.key("instances", "eu"), () -> 3);

      String table = cachet.statistics().format();
      assertMatches(table, "^\\s+image\\s+instances\\s+total$");
      assertMatches(table, "^region\\s+long_term\\s+short_term$");
      assertMatches(table, "^hits\\s+2\\s+0\\s+2$");
      assertMatches(table, "^misses\\s+1\\s+1\\s+2$");
      assertMatches(table, "^hit ratio\\s+66\\.7%\\s+0\\.0%\\s+50\\.0%$");
      assertMatches(table, "^stores\\s+1\\s+1\\s+2$");
      assertEquals(table, cachet.statistics().toString());
    }
  }

  @Test
  void theInMemoryStoreReportsItsItemsAsOneServer() {
    try (Cachet cachet = open(store)) {
      Decorated<String> image = Decorated.of(cachet, "image", "long_term", String.class);
      image.get(Decorated.key("image", "a"), () -> "a");
      image.get(Decorated.key("image", "b"), () -> "b");

      Map<String, Map<String, String>> servers = cachet.serverStatistics();
      assertEquals(Set.of("in-memory"), servers.keySet());
      assertEquals("3", servers.get("in-memory").get("curr_items"), "two entries and the generation");
      assertTrue(Long.parseLong(servers.get("in-memory").get("bytes")) > 0);
    }
  }

  static void assertMatches(String table, String line) {
    assertTrue(
        Pattern.compile(line, Pattern.MULTILINE).matcher(table).find(),
        "no line matching " + line + " in\n" + table);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  /** The in-memory store, failing every operation with a timeout or a refusal when told to. */
  static final class FaultyTransport implements Transport {
    enum Fault { NONE, TIMEOUT, REFUSED }

    private final Transport store;
    volatile Fault fault = Fault.NONE;

    FaultyTransport(Transport store) {
      this.store = store;
    }

    private void check(String operation) {
      if (fault == Fault.TIMEOUT) {
        throw new TransportException(operation + ": timed out", new TimeoutException("250 ms"));
      }
      if (fault == Fault.REFUSED) {
        throw new TransportException(operation + ": connection refused");
      }
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
      check("get");
      return store.getAll(keys);
    }

    @Override
    public void set(String key, byte[] value, Duration expiry) {
      check("set");
      store.set(key, value, expiry);
    }

    @Override
    public boolean add(String key, byte[] value, Duration expiry) {
      check("add");
      return store.add(key, value, expiry);
    }

    @Override
    public boolean delete(String key) {
      check("delete");
      return store.delete(key);
    }

    @Override
    public Versioned gets(String key) {
      check("gets");
      return store.gets(key);
    }

    @Override
    public boolean cas(String key, byte[] value, Duration expiry, long casId) {
      check("cas");
      return store.cas(key, value, expiry, casId);
    }

    @Override
    public boolean touch(String key, Duration expiry) {
      check("touch");
      return store.touch(key, expiry);
    }

    @Override
    public int maxItemBytes() {
      return store.maxItemBytes();
    }

    @Override
    public String describe() {
      return "faulty " + store.describe();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
