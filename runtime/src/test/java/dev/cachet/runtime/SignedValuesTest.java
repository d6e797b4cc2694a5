package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed values through {@link Cachet}: a reader whose key differs from the writer's (another key,
 * no key, or a writer without one) counts a {@code SIGNATURE} decode failure, calls its delegate,
 * and never hands the bytes to its serializer. Run against the in-memory store and real memcached.
 */
class SignedValuesTest {
  static final byte[] KEY_A = "key A: sixteen+ bytes of secret".getBytes(StandardCharsets.UTF_8);
  static final byte[] KEY_B = "key B: another secret, 16+ bytes".getBytes(StandardCharsets.UTF_8);

  /** Opens a Cachet over the shared store, with {@code key} (or none) and {@code serializer}. */
  abstract static class Contract {
    abstract Cachet open(byte[] key, Serializer serializer);

    private void writtenWithReadWith(byte[] writerKey, byte[] readerKey, String expectedReason) {
      CountingSerializer writerSerializer = new CountingSerializer();
      CountingSerializer readerSerializer = new CountingSerializer();
      String id = "v" + System.nanoTime();
      try (Cachet writer = open(writerKey, writerSerializer);
          Cachet reader = open(readerKey, readerSerializer)) {
        CacheKey key = Decorated.key("image", id);
        Decorated<String> written = Decorated.of(writer, "image", "long_term", String.class);
        assertEquals("written", written.get(key, () -> "written"));
        assertEquals("written", written.get(key, () -> "delegate"), "the writer reads its own value");

        Decorated<String> read = Decorated.of(reader, "image", "long_term", String.class);
        assertEquals("reader's delegate", read.get(key, () -> "reader's delegate"));

        CacheStatistics.Counts counts = reader.statistics().namespace("image");
        assertEquals(Map.of(expectedReason, 1L), counts.decodeFailures());
        assertEquals(0, counts.hits());
        assertEquals(1, read.delegateCalls.get());
        assertEquals(0, readerSerializer.deserializations.get(), "the bytes were never deserialized");
      }
    }

    @Test
    void anotherKeyIsASignatureMiss() {
      writtenWithReadWith(KEY_A, KEY_B, "SIGNATURE");
    }

    @Test
    void noKeyCannotReadSignedValues() {
      writtenWithReadWith(KEY_A, null, "SIGNATURE");
    }

    @Test
    void anUnsignedWriterIsASignatureMissForAKeyedReader() {
      writtenWithReadWith(null, KEY_A, "SIGNATURE");
    }

    @Test
    void theSameKeyReadsTheValue() {
      CountingSerializer readerSerializer = new CountingSerializer();
      try (Cachet writer = open(KEY_A, new CountingSerializer());
          Cachet reader = open(KEY_A.clone(), readerSerializer)) {
        CacheKey key = Decorated.key("image", "same" + System.nanoTime());
        Decorated.<String>of(writer, "image", "long_term", String.class).get(key, () -> "written");
        Decorated<String> read = Decorated.of(reader, "image", "long_term", String.class);
        assertEquals("written", read.get(key, () -> "reader's delegate"));
        assertEquals(0, read.delegateCalls.get());
        assertEquals(1, readerSerializer.deserializations.get());
        assertEquals(Map.of(), reader.statistics().namespace("image").decodeFailures());
      }
    }
  }

  @Nested
  class InMemory extends Contract {
    final InMemoryTransport shared = new InMemoryTransport();

    @Override
    Cachet open(byte[] key, Serializer serializer) {
      Cachet.Builder builder =
          Cachet.builder()
              .transport(new SharedTransport(shared))
              .serializer(serializer)
              .region("long_term", Duration.ofHours(1));
      return key == null ? builder.build() : builder.signingKey(key).build();
    }
  }

  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.server();

  @Nested
  class Memcached extends Contract {
    @Override
    Cachet open(byte[] key, Serializer serializer) {
      Cachet.Builder builder =
          Cachet.builder()
              .memcached(MEMCACHED.addresses())
              .operationTimeout(Duration.ofSeconds(2))
              .serializer(serializer)
              .region("long_term", Duration.ofHours(1));
      return key == null ? builder.build() : builder.signingKey(key).build();
    }
  }

  @Test
  void aShortKeyIsRefusedAtOnce() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> Cachet.builder().signingKey(new byte[15]));
    assertTrue(refused.getMessage().contains("at least 16 bytes"), refused.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> Cachet.builder().signingKey(new byte[16]).signingKey(new byte[16]));
  }

  @Test
  void theKeyComesFromPropertiesAsBase64() {
    Function<byte[], Properties> properties =
        key -> {
          Properties p = new Properties();
          p.setProperty("cachet.region.long_term.expire", "PT1H");
          if (key != null) {
            p.setProperty("cachet.signing-key", Base64.getEncoder().encodeToString(key));
          }
          return p;
        };
    // A value signed by a properties-configured Cachet is unreadable without the key: proof the
    // property reached the pipeline. Both share memcached, as separate processes would.
    Properties signed = properties.apply(KEY_A);
    signed.setProperty("cachet.servers", MEMCACHED.addresses());
    Properties unsigned = properties.apply(null);
    unsigned.setProperty("cachet.servers", MEMCACHED.addresses());
    try (Cachet writer = Cachet.fromProperties(signed);
        Cachet reader = Cachet.fromProperties(unsigned);
        Cachet sameKey = Cachet.fromProperties(signed)) {
      CacheKey key = Decorated.key("image", "props" + System.nanoTime());
      Decorated.<String>of(writer, "image", "long_term", String.class).get(key, () -> "signed");
      assertEquals(
          "signed",
          Decorated.<String>of(sameKey, "image", "long_term", String.class).get(key, () -> "delegate"));
      // The unsigned reader misses (and then stores its own, unsigned, value).
      assertEquals(
          "delegate",
          Decorated.<String>of(reader, "image", "long_term", String.class).get(key, () -> "delegate"));
      assertEquals(Map.of("SIGNATURE", 1L), reader.statistics().namespace("image").decodeFailures());
    }

    Properties bad = properties.apply(null);
    bad.setProperty("cachet.signing-key", "not base64 at all!");
    IllegalArgumentException notBase64 =
        assertThrows(IllegalArgumentException.class, () -> Cachet.fromProperties(bad));
    assertTrue(notBase64.getMessage().contains("cachet.signing-key is not base64"), notBase64.getMessage());
    assertTrue(!notBase64.getMessage().contains("not base64 at all!"), "the secret is not echoed");

    Properties tooShort = properties.apply(new byte[8]);
    IllegalArgumentException shortKey =
        assertThrows(IllegalArgumentException.class, () -> Cachet.fromProperties(tooShort));
    assertTrue(shortKey.getMessage().contains("at least 16 bytes"), shortKey.getMessage());
  }

}
