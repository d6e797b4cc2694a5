package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Spring's names and units become the names and units Cachet.fromProperties reads. */
class CachetSpringPropertiesTest {
  private static Properties bind(Map<String, String> source) {
    return new Binder(new MapConfigurationPropertySource(source))
        .bind("cachet", CachetSpringProperties.class)
        .get()
        .toProperties();
  }

  @Test
  void relaxedNamesAndSpringDurationsBindToCachetsProperties() {
    Properties properties =
        bind(
            Map.of(
                "cachet.servers", "10.0.0.1:11211 10.0.0.2:11211",
                "cachet.operationTimeout", "250ms",
                "cachet.near-cache", "4096",
                "cachet.near-cache-staleness", "2s",
                "cachet.circuit-breaker.timeouts", "5",
                "cachet.circuit-breaker.cool-off", "1m",
                "cachet.region.long_term.expire", "1h",
                "cachet.region.long_term.stale-window", "5m",
                "cachet.region.long_term.compression", "lz4",
                "cachet.region.long_term.compression-threshold", "0"));

    assertThat(properties)
        .containsEntry("cachet.servers", "10.0.0.1:11211 10.0.0.2:11211")
        .containsEntry("cachet.operation-timeout", "PT0.25S")
        .containsEntry("cachet.near-cache", "4096")
        .containsEntry("cachet.near-cache-staleness", "PT2S")
        .containsEntry("cachet.circuit-breaker.timeouts", "5")
        .containsEntry("cachet.circuit-breaker.cool-off", "PT1M")
        .containsEntry("cachet.region.long_term.expire", "PT1H")
        .containsEntry("cachet.region.long_term.stale-window", "PT5M")
        .containsEntry("cachet.region.long_term.compression", "lz4")
        .containsEntry("cachet.region.long_term.compression-threshold", "0")
        .hasSize(10);
  }

  @Test
  void aDurationWithoutAUnitIsInSecondsAsInCachetsOwnProperties() {
    Properties properties =
        bind(Map.of("cachet.region.short_term.expire", "90", "cachet.operation-timeout", "1"));
    assertThat(properties)
        .containsEntry("cachet.region.short_term.expire", "PT1M30S")
        .containsEntry("cachet.operation-timeout", "PT1S");
  }

  @Test
  void startersOwnSwitchesAreNotPassedToCachet() {
    assertThat(bind(Map.of("cachet.decorate-beans", "false"))).isEmpty();
  }

  @Test
  void theConfigurationMetadataDocumentsEveryKeyForIdes() throws Exception {
    String metadata;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("written by spring-boot-configuration-processor").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(metadata)
        .contains("\"name\": \"cachet.servers\"")
        .contains("\"name\": \"cachet.region\"")
        .contains("\"name\": \"cachet.near-cache-staleness\"")
        .contains("\"name\": \"cachet.circuit-breaker.cool-off\"")
        .contains("The memcached pool")
        .contains("\"name\": \"management.health.cachet.enabled\"");
  }
}
