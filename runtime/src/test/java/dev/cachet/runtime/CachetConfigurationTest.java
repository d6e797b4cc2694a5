package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.internal.settings.Region;
import dev.cachet.runtime.internal.value.Compression;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The builder, {@link Cachet#fromProperties} and {@link Cachet#requireRegions}. */
class CachetConfigurationTest {

  @Test
  void requireRegionsNamesEveryMissingRegionAndHowToDefineIt() {
    try (Cachet cachet = Cachet.builder().inMemory().region("long_term", Duration.ofHours(1)).build()) {
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () -> CachedOperation.requireRegions(cachet, "CachingImageService", "long_term", "short_term", "default"));

      String message = error.getMessage();
      assertTrue(message.startsWith("CachingImageService uses regions"), message);
      assertTrue(message.contains("short_term, default"), message);
      assertTrue(message.contains(".region(\"short_term\", Duration.ofMinutes(10))"), message);
      assertTrue(message.contains(".region(\"default\", Duration.ofMinutes(10))"), message);
      assertTrue(message.contains("cachet.region.default.expire=PT10M"), message);
      assertTrue(message.contains("It defines: long_term."), message);
      CachedOperation.requireRegions(cachet, "CachingImageService", "long_term");
    }
  }

  @Test
  void noDefaultRegionIsDefinedImplicitly() {
    try (Cachet cachet = Cachet.builder().build()) {
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () -> CachedOperation.create(cachet, "image", "default", String.class, true));
      assertTrue(error.getMessage().contains("It defines no region."), error.getMessage());
    }
  }

  @Test
  void settersRejectBadArgumentsAtOnce() {
    Cachet.Builder builder = Cachet.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.region("long_term", Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.region("long term", Duration.ofHours(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.region("r", Duration.ofHours(1), r -> r.staleWindow(Duration.ofSeconds(-1))));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.region("r", Duration.ofHours(1), r -> r.lockTimeout(Duration.ZERO)));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.region("r", Duration.ofHours(1), r -> r.compressionThreshold(-1)));
    assertThrows(IllegalArgumentException.class, () -> builder.memcached("localhost"));
    assertThrows(IllegalArgumentException.class, () -> builder.memcached(" "));
    assertThrows(IllegalArgumentException.class, () -> builder.operationTimeout(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> builder.itemSize(10));
    assertThrows(IllegalArgumentException.class, () -> builder.maxValueSize(0));
    assertThrows(NullPointerException.class, () -> builder.clock(null));
  }

  @Test
  void settersRefuseBeingSetTwice() {
    Cachet.Builder builder =
        Cachet.builder()
            .memcached("127.0.0.1:11211")
            .region("long_term", Duration.ofHours(1))
            .operationTimeout(Duration.ofMillis(100));
    assertThrows(IllegalStateException.class, () -> builder.inMemory());
    assertThrows(IllegalStateException.class, () -> builder.memcached("127.0.0.1:11212"));
    assertThrows(IllegalStateException.class, () -> builder.region("long_term", Duration.ofHours(2)));
    assertThrows(IllegalStateException.class, () -> builder.operationTimeout(Duration.ofMillis(50)));
    assertThrows(
        IllegalStateException.class,
        () ->
            builder.region(
                "other", Duration.ofHours(1), r -> r.lockTimeout(Duration.ofSeconds(1)).lockTimeout(Duration.ofSeconds(2))));
  }

  @Test
  void buildChecksTheCombination() {
    assertThrows(
        IllegalStateException.class,
        () -> Cachet.builder().inMemory().operationTimeout(Duration.ofMillis(100)).build());
    assertThrows(
        IllegalStateException.class,
        () ->
            Cachet.builder()
                .transport(new SharedTransport(new dev.cachet.runtime.internal.transport.InMemoryTransport()))
                .itemSize(4096)
                .build());
  }

  @Test
  void propertiesWithoutServersGiveAnInMemoryCacheWithTheirRegions() {
    Properties properties = new Properties();
    properties.setProperty("cachet.region.long_term.expire", "PT1H");
    properties.setProperty("cachet.region.long_term.stale-window", "300");
    properties.setProperty("cachet.region.long_term.lock-timeout", "PT2S");
    properties.setProperty("cachet.region.short_term.expire", "60");
    properties.setProperty("cachet.region.short_term.compression-threshold", "0");
    properties.setProperty("cachet.region.short_term.compression", "deflate");
    properties.setProperty("java.home", "ignored: not a cachet property");

    try (Cachet cachet = Cachet.fromProperties(properties)) {
      CachedOperation.requireRegions(cachet, "Test", "long_term", "short_term");
      assertEquals(
          new Region(
              "long_term", Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(2), 1024, Compression.ZSTD),
          Internals.region(cachet, "long_term"));
      assertEquals(
          new Region(
              "short_term", Duration.ofMinutes(1), Duration.ZERO, Duration.ofSeconds(5), 0, Compression.DEFLATE),
          Internals.region(cachet, "short_term"));
      assertTrue(cachet.toString().contains("in-memory"), cachet.toString());
    }
  }

  @Test
  void badOrUnknownPropertiesAreAllReported() {
    Properties properties = new Properties();
    properties.setProperty("cachet.region.long_term.expire", "an hour");
    properties.setProperty("cachet.region.long_term.stale", "PT1M");
    properties.setProperty("cachet.region.orphan.lock-timeout", "PT1S");
    properties.setProperty("cachet.timeout", "1");
    properties.setProperty("cachet.region.short_term.expire", "60");
    properties.setProperty("cachet.region.short_term.compression", "brotli");
    properties.setProperty("cachet.item-size", "10");

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Cachet.fromProperties(properties));

    String message = error.getMessage();
    assertTrue(message.contains("cachet.region.long_term.expire=an hour is not a duration"), message);
    assertTrue(message.contains("unknown property cachet.region.long_term.stale "), message);
    assertTrue(message.contains("region orphan has settings but no cachet.region.orphan.expire"), message);
    assertTrue(message.contains("unknown property cachet.timeout"), message);
    assertTrue(message.contains("cachet.region.short_term.compression: unknown compression \"brotli\""), message);
    assertTrue(message.contains("cachet.item-size: "), message);
  }

  @Test
  void theCircuitBreakerIsCheckedAtOnceAndOnlyForMemcached() {
    assertThrows(
        IllegalArgumentException.class, () -> Cachet.builder().circuitBreaker(0, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class, () -> Cachet.builder().circuitBreaker(3, Duration.ZERO));
    assertThrows(
        IllegalStateException.class,
        () -> Cachet.builder().circuitBreaker(3, Duration.ofSeconds(1)).circuitBreaker(3, Duration.ofSeconds(1)));
    IllegalStateException inMemory =
        assertThrows(
            IllegalStateException.class,
            () -> Cachet.builder().inMemory().circuitBreaker(3, Duration.ofSeconds(1)).build());
    assertTrue(inMemory.getMessage().contains("circuitBreaker applies to memcached"), inMemory.getMessage());

    Properties properties = new Properties();
    properties.setProperty("cachet.circuit-breaker.timeouts", "0");
    properties.setProperty("cachet.region.r.expire", "60");
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Cachet.fromProperties(properties));
    assertTrue(error.getMessage().contains("at least 1 timeout"), error.getMessage());
  }
}
