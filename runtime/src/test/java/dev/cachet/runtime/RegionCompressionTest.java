package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.Compression;
import dev.cachet.runtime.internal.value.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A region's codec: chosen by name in the builder or in properties, named in every item's header,
 * and read by every process whatever codec it writes with.
 */
class RegionCompressionTest {
  /** Compressible, and well above the 1 KiB threshold. */
  private static final String VALUE = "a compressible value ".repeat(1_000);

  private final InMemoryTransport shared = new InMemoryTransport();

  @ParameterizedTest
  @CsvSource({"zstd, ZSTD", "lz4, LZ4", "deflate, DEFLATE", " LZ4 , LZ4"})
  void theChosenCodecWritesAndEveryProcessReads(String name, Compression codec) {
    CacheKey key = Decorated.key("image", "a");
    try (Cachet writer = open(name);
        Cachet reader = open("zstd")) {
      assertEquals(VALUE, Decorated.<String>of(writer, "image", "r", String.class).get(key, () -> VALUE));
      byte[] stored = shared.getAll(List.of(key.key())).get(key.key());
      assertEquals(codec.id(), WireFormat.Header.parse(stored).compressionId(), name);
      assertTrue(stored.length < VALUE.length() / 4, "compressed: " + stored.length);

      Decorated<String> read = Decorated.of(reader, "image", "r", String.class);
      assertEquals(VALUE, read.get(key, () -> "the reader's delegate"));
      assertEquals(0, read.delegateCalls.get());
    }
  }

  @Test
  void propertiesChooseTheCodecToo() {
    Properties properties = new Properties();
    properties.setProperty("cachet.region.r.expire", "PT1H");
    properties.setProperty("cachet.region.r.compression", "lz4");
    CacheKey key = Decorated.key("image", "p");
    Cachet.Builder builder = CachetSpec.parse(properties).toBuilder().transport(new SharedTransport(shared));
    try (Cachet cachet = builder.build()) {
      Decorated.<String>of(cachet, "image", "r", String.class).get(key, () -> VALUE);
      byte[] stored = shared.getAll(List.of(key.key())).get(key.key());
      assertEquals(Compression.LZ4.id(), WireFormat.Header.parse(stored).compressionId());
    }
  }

  @Test
  void anUnknownCodecIsRefusedWithTheChoices() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> Cachet.builder().region("r", Duration.ofHours(1), region -> region.compression("snappy")));
    assertTrue(refused.getMessage().contains("zstd (the default), lz4 or deflate"), refused.getMessage());

    Properties properties = new Properties();
    properties.setProperty("cachet.region.r.expire", "PT1H");
    properties.setProperty("cachet.region.r.compression", "gzip");
    IllegalArgumentException fromProperties =
        assertThrows(IllegalArgumentException.class, () -> Cachet.fromProperties(properties));
    assertTrue(fromProperties.getMessage().contains("unknown compression \"gzip\""), fromProperties.getMessage());
  }

  private Cachet open(String codec) {
    return Cachet.builder()
        .transport(new SharedTransport(shared))
        .region("r", Duration.ofHours(1), region -> region.compression(codec))
        .build();
  }
}
