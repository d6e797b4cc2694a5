package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.CachetSpec;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Spring's names and units, mapped onto the builder, give the builder {@code CachetSpec} gives for
 * the names and units Cachet reads as text: one configuration model with and without Spring.
 */
class CachetSpringPropertiesTest {
  private static Cachet.Builder map(Map<String, String> source) {
    MapConfigurationPropertySource properties = new MapConfigurationPropertySource(source);
    CachetSpringProperties bound =
        new Binder(properties).bind("cachet", CachetSpringProperties.class).get();
    return new CachetPropertiesMapper(List.of(properties)).toBuilder(bound);
  }

  private static Cachet.Builder parse(Map<String, String> text) {
    Properties properties = new Properties();
    properties.putAll(text);
    return CachetSpec.parse(properties).toBuilder();
  }

  /** What a builder holds, field by field (the runtime's own objects in it likewise). */
  static Map<String, Object> state(Object object) {
    Map<String, Object> state = new LinkedHashMap<>();
    for (Field field : object.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      field.setAccessible(true);
      try {
        state.put(field.getName(), value(field.get(object)));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return state;
  }

  private static Object value(Object value) {
    if (value instanceof byte[] bytes) {
      return List.of(bytes);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> values = new LinkedHashMap<>();
      map.forEach((k, v) -> values.put(k, value(v)));
      return values;
    }
    if (value instanceof Collection<?> collection) {
      return collection.stream().map(CachetSpringPropertiesTest::value).toList();
    }
    if (value != null
        && value.getClass().getName().startsWith("dev.cachet.runtime.Cachet$")
        && !value.getClass().isEnum()) {
      return state(value);
    }
    return value;
  }

  @Test
  void relaxedNamesAndSpringDurationsMapOntoTheBuilderAsCachetsOwnProperties() {
    Cachet.Builder mapped =
        map(
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

    Map<String, Object> expected =
        state(
            parse(
                Map.of(
                    "cachet.servers", "10.0.0.1:11211 10.0.0.2:11211",
                    "cachet.operation-timeout", "PT0.25S",
                    "cachet.near-cache", "4096",
                    "cachet.near-cache-staleness", "PT2S",
                    "cachet.circuit-breaker.timeouts", "5",
                    "cachet.circuit-breaker.cool-off", "PT1M",
                    "cachet.region.long_term.expire", "PT1H",
                    "cachet.region.long_term.stale-window", "PT5M",
                    "cachet.region.long_term.compression", "lz4",
                    "cachet.region.long_term.compression-threshold", "0")));
    assertThat(state(mapped)).isEqualTo(expected);
    assertThat(expected.get("regions").toString())
        .as("the comparison sees the region's options")
        .contains("PT5M")
        .contains("LZ4");
  }

  @Test
  void aDurationWithoutAUnitIsInSecondsAsInCachetsOwnProperties() {
    assertThat(
            state(
                map(Map.of("cachet.region.short_term.expire", "90", "cachet.operation-timeout", "1"))))
        .isEqualTo(
            state(
                parse(
                    Map.of(
                        "cachet.region.short_term.expire", "PT1M30S",
                        "cachet.operation-timeout", "PT1S"))));
  }

  @Test
  void startersOwnSwitchesAreNotPassedToCachet() {
    assertThat(state(map(Map.of("cachet.decorate-beans", "false"))))
        .isEqualTo(state(Cachet.builder()));
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
    List<Map<String, Object>> properties = JsonPath.read(metadata, "$.properties[*]");
    assertThat(properties)
        .filteredOn(property -> String.valueOf(property.get("name")).startsWith("cachet."))
        .hasSizeGreaterThan(15)
        .allSatisfy(
            property ->
                assertThat(
                        property.containsKey("defaultValue")
                            || String.valueOf(property.get("description")).contains("No default"))
                    .as("%s states its default, or why it has none", property.get("name"))
                    .isTrue());
  }
}
