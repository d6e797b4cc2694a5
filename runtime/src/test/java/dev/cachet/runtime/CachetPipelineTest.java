package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.Load;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** How {@link Cachet} drives the value pipeline and the transport, on the in-memory store. */
class CachetPipelineTest {

  /** Strings as UTF-8; refuses to serialize the string "unserializable". */
  static final class StringSerializer implements Serializer {
    @Override
    public int id() {
      return 64;
    }

    @Override
    public byte[] serialize(Object value) {
      if ("unserializable".equals(value)) {
        throw new CachetException("value: java.net.Socket is not serializable", null);
      }
      return ((String) value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object deserialize(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Records the expiry of every write, and apart from them those of {@code add}s. */
  static final class RecordingTransport implements Transport {
    final InMemoryTransport store = new InMemoryTransport();
    final Map<String, Duration> expiries = new ConcurrentHashMap<>();
    final Map<String, Duration> addExpiries = new ConcurrentHashMap<>();

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
      return store.getAll(keys);
    }

    @Override
    public void set(String key, byte[] value, Duration expiry) {
      expiries.put(key, expiry);
      store.set(key, value, expiry);
    }

    @Override
    public boolean add(String key, byte[] value, Duration expiry) {
      expiries.put(key, expiry);
      addExpiries.put(key, expiry);
      return store.add(key, value, expiry);
    }

    @Override
    public boolean delete(String key) {
      return store.delete(key);
    }

    @Override
    public Versioned gets(String key) {
      return store.gets(key);
    }

    @Override
    public boolean cas(String key, byte[] value, Duration expiry, long casId) {
      expiries.put(key, expiry);
      return store.cas(key, value, expiry, casId);
    }

    @Override
    public boolean touch(String key, Duration expiry) {
      return store.touch(key, expiry);
    }

    @Override
    public int maxItemBytes() {
      return store.maxItemBytes();
    }

    @Override
    public String describe() {
      return "recording";
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @Test
  void aValueThatCannotBeSerializedIsCountedAndTheDelegatesValueReturned() {
    try (Cachet cachet =
        Cachet.builder()
            .serializer(new StringSerializer())
            .region("r", Duration.ofMinutes(1))
            .build()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);

      assertEquals("unserializable", image.get(Decorated.key("image", "a"), () -> "unserializable"));
      assertEquals("fine", image.get(Decorated.key("image", "a"), () -> "fine"));
      assertEquals("fine", image.get(Decorated.key("image", "a"), () -> "not called"));

      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(1, counts.storeFailures());
      assertEquals(1, counts.stores());
      assertEquals(2, image.delegateCalls.get());
    }
  }

  @Test
  void theTransportIsToldTheHardExpiryFreshPlusStaleAndTheLeaseTheLockTimeout() {
    RecordingTransport transport = new RecordingTransport();
    try (Cachet cachet =
        Cachet.builder()
            .transport(transport)
            .region(
                "r",
                Duration.ofMinutes(10),
                r -> r.staleWindow(Duration.ofMinutes(5)).lockTimeout(Duration.ofSeconds(3)))
            .build()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      CacheKey key = Decorated.key("image", "a");

      image.get(key, () -> "v");

      assertEquals(Duration.ofMinutes(15), transport.expiries.get(key.key()));
      assertEquals(
          Duration.ofSeconds(4),
          transport.addExpiries.get(key.key()),
          "the placeholder of the lease lapses a second after the lock timeout, unless renewed");
      assertEquals(Duration.ZERO, transport.expiries.get("image/gen"), "generations never expire");
    }
  }

  @Test
  void statisticsAreCountedPerNamespaceWithTotals() {
    try (Cachet cachet = Cachet.builder().region("r", Duration.ofMinutes(1)).build()) {
      Decorated<String> images = Decorated.of(cachet, "image", "r", String.class);
      Decorated<String> lists = Decorated.of(cachet, "image_list", "r", String.class);
      images.get(Decorated.key("image", "a"), () -> "a");
      images.get(Decorated.key("image", "a"), () -> "a");
      lists.get(Decorated.key("image_list", "a"), () -> "l");
      cachet.invalidateAll("image_list");

      CacheStatistics statistics = cachet.statistics();
      assertEquals(1, statistics.namespace("image").hits());
      assertEquals(1, statistics.namespace("image").misses());
      assertEquals(0.5, statistics.namespace("image").hitRatio());
      assertEquals(1, statistics.namespace("image_list").invalidations());
      assertEquals(2, statistics.totals().misses());
      assertEquals(2, statistics.totals().stores());
      assertEquals(0, statistics.namespace("never_called").hits());
      assertThrows(
          UnsupportedOperationException.class, () -> statistics.namespaces().put("x", null));

      images.get(Decorated.key("image", "a"), () -> "a");
      assertEquals(1, statistics.namespace("image").hits(), "a snapshot does not change");
      assertTrue(statistics.toString().contains("image_list"), statistics.toString());
    }
  }

  @Test
  void aLoadEndsOnce() {
    try (Cachet cachet = Cachet.builder().region("r", Duration.ofMinutes(1)).build()) {
      CachedOperation<String> image = CachedOperation.create(cachet, "image", "r", String.class, true);
      CacheKey key = Decorated.key("image", "a");
      Load load = (Load) image.get(key);

      image.put(load, "first");
      image.put(load, "second");
      load.abandon();

      assertEquals("first", image.get(key));
    }
  }
}
