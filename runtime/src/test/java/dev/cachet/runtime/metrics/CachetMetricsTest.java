package dev.cachet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.KeyBuilder;
import dev.cachet.runtime.internal.Load;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.testing.FaultyTransport;
import dev.cachet.runtime.testing.FaultyTransport.Fault;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The meters count what the statistics count, under the names and tags Micrometer users expect. */
class CachetMetricsTest {
  private final InMemoryTransport store = new InMemoryTransport();
  private final FaultyTransport transport = new FaultyTransport(store);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Cachet open() {
    return Cachet.builder()
        .transport(transport)
        .maxValueSize(4_000_000)
        .region("long_term", Duration.ofHours(1))
        .region("short_term", Duration.ofMinutes(1))
        .build();
  }

  @Test
  void getsArePutsAndHitsOrMissesTaggedByNamespaceAndRegion() {
    try (Cachet cachet = open()) {
      CachedOperation<String> image = CachedOperation.create(cachet, "image", "long_term", String.class, true);
      CachedOperation<Integer> count = CachedOperation.create(cachet, "count", "short_term", Integer.class, true);
      new CachetMetrics(cachet).bindTo(registry);
      call(image, key("image", "a"), () -> "a");
      call(image, key("image", "a"), () -> "a");
      call(image, key("image", "a"), () -> "a");
      call(count, key("count", "eu"), () -> 3);

      assertEquals(2, counter("cache.gets", "cache", "image", "region", "long_term", "result", "hit"));
      assertEquals(1, counter("cache.gets", "cache", "image", "region", "long_term", "result", "miss"));
      assertEquals(1, counter("cache.puts", "cache", "image", "region", "long_term"));
      assertEquals(0, counter("cache.gets", "cache", "count", "region", "short_term", "result", "hit"));
      assertEquals(1, counter("cache.gets", "cache", "count", "region", "short_term", "result", "miss"));
      assertEquals(
          cachet.statistics().namespace("image").serializedBytes(),
          counter("cachet.bytes", "cache", "image", "stage", "serialized"));
      assertEquals(
          cachet.statistics().namespace("image").storedBytes(),
          counter("cachet.bytes", "cache", "image", "stage", "stored"));
      assertEquals(
          2 * cachet.statistics().namespace("image").storedBytes(),
          counter("cachet.bytes", "cache", "image", "stage", "read"),
          "two hits read the stored item");
    }
  }

  @Test
  void chunkedAndOversizeValuesHaveTheirMeters() {
    try (Cachet cachet = open()) {
      CachedOperation<byte[]> blob = CachedOperation.create(cachet, "blob", "long_term", byte[].class, true);
      new CachetMetrics(cachet).bindTo(registry);
      call(blob, key("blob", "large"), () -> random(2_500_000));
      call(blob, key("blob", "huge"), () -> random(5_000_000));

      assertEquals(1, counter("cachet.puts.chunked", "cache", "blob"));
      assertEquals(3, counter("cachet.chunks.written", "cache", "blob"));
      assertEquals(1, counter("cachet.values.oversize", "cache", "blob"));
      assertEquals(0, counter("cachet.puts.compressed", "cache", "blob"));
      assertEquals(1, counter("cache.puts", "cache", "blob"));
    }
  }

  @Test
  void decodeFailuresAndTransportFaultsAreTaggedByCause() {
    try (Cachet cachet = open()) {
      CachedOperation<String> image = CachedOperation.create(cachet, "image", "long_term", String.class, true);
      new CachetMetrics(cachet).bindTo(registry);
      CacheKey key = key("image", "a");
      call(image, key, () -> "a");
      byte[] bytes = store.getAll(List.of(key.key())).get(key.key()).clone();
      bytes[bytes.length - 1] ^= 1;
      store.set(key.key(), bytes, Duration.ZERO);
      call(image, key, () -> "a");
      transport.fail(Fault.TIMEOUT);
      call(image, key, () -> "a");
      transport.fail(Fault.REFUSED);
      call(image, key, () -> "a");
      cachet.invalidate(key);

      assertEquals(1, counter("cachet.decode.failures", "cache", "image", "reason", "checksum"));
      assertEquals(0, counter("cachet.decode.failures", "cache", "image", "reason", "signature"));
      assertEquals(1, counter("cachet.transport.errors", "cache", "image", "kind", "timeout"));
      assertEquals(2, counter("cachet.transport.errors", "cache", "image", "kind", "other"));
      assertEquals(1, counter("cachet.invalidations", "cache", "image"));
      assertEquals(4, counter("cache.gets", "cache", "image", "result", "miss"));
      FunctionTimer waits = registry.find("cachet.lock.waits").tags("cache", "image").functionTimer();
      assertNotNull(waits);
      assertEquals(0, waits.count());
    }
  }

  @Test
  void extraTagsAreAddedAndLaterNamespacesNeedAnotherBind() {
    try (Cachet cachet = open()) {
      CachedOperation<String> image = CachedOperation.create(cachet, "image", "long_term", String.class, true);
      CachetMetrics metrics = new CachetMetrics(cachet, Tags.of("application", "catalog"));
      metrics.bindTo(registry);
      call(image, key("image", "a"), () -> "a");
      assertEquals(1, counter("cache.gets", "application", "catalog", "cache", "image", "result", "miss"));

      CachedOperation<String> later = CachedOperation.create(cachet, "later", "short_term", String.class, true);
      call(later, key("later", "a"), () -> "a");
      assertNull(registry.find("cache.gets").tags("cache", "later").functionCounter());
      metrics.bindTo(registry);
      assertEquals(1, counter("cache.gets", "cache", "later", "result", "miss"));
      assertEquals(1, counter("cache.gets", "cache", "image", "result", "miss"), "bound once, not twice");
    }
  }

  private double counter(String name, String... tags) {
    var counter = registry.find(name).tags(tags).functionCounter();
    assertNotNull(counter, name + " " + String.join(",", tags) + " in " + registry.getMetersAsString());
    return counter.count();
  }

  /** What a generated decorator does around one call. */
  private static <V> V call(CachedOperation<V> operation, CacheKey key, Supplier<V> delegate) {
    Object found = operation.get(key);
    if (!(found instanceof Load load)) {
      return operation.hit(found);
    }
    V value = delegate.get();
    operation.put(load, value);
    return value;
  }

  private static CacheKey key(String namespace, String id) {
    return KeyBuilder.of(namespace, "0f1e2d3c").add(id).build();
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(5).nextBytes(bytes);
    return bytes;
  }

}
