package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.Cachet;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Spring's names and units reach the builder as the names and units CachetSpec reads: what the
 * starter passes to each Cachet.Builder setter, under the property's documented name.
 */
class CachetSpringPropertiesTest {
  private static Map<String, String> bind(Map<String, String> source) {
    CachetBuilderConfigurer configurer =
        CachetBuilderConfigurer.of(List.of(new MapConfigurationPropertySource(source)));
    configurer.configure(Cachet.builder());
    return configurer.applied();
  }

  @Test
  void relaxedNamesAndSpringDurationsBindToCachetsProperties() {
    Map<String, String> properties =
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
    Map<String, String> properties =
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
