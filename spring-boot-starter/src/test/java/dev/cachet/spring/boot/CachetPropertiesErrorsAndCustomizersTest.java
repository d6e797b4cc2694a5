package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.Cachet;
import dev.cachet.spring.boot.fixture.Catalog;
import dev.cachet.spring.boot.fixture.CatalogConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Errors name the property as the user wrote it, with its value and origin, all at once; the
 * {@link CachetBuilderCustomizer} beans set what properties cannot, in order.
 */
class CachetPropertiesErrorsAndCustomizersTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CachetAutoConfiguration.class));

  private static void yaml(ConfigurableApplicationContext context, String resource) {
    try {
      new YamlPropertySourceLoader()
          .load(resource, new ClassPathResource(resource))
          .forEach(source -> context.getEnvironment().getPropertySources().addFirst(source));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRefusedValueIsNamedAsWrittenWithItsOriginAndEveryProblemComesAtOnce() {
    runner
        .withInitializer(context -> yaml(context, "cachet-bad.yml"))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Cachet properties: ")
                    .hasMessageContaining(
                        "cachet.region.long-term.lock-timeout=\"0s\" (from class path resource [cachet-bad.yml] - 6:21)")
                    .hasMessageContaining("lock timeout must be positive")
                    .hasMessageContaining(
                        "cachet.item-size=\"10\" (from class path resource [cachet-bad.yml] - 2:14)")
                    .hasMessageContaining("item size must be at least 1024 bytes"));
  }

  @Test
  void propertiesThatGoTogetherAreReportedWithTheRestNeverWithASecretsValue() {
    runner
        .withPropertyValues(
            "cachet.password=hunter2",
            "cachet.near-cache-staleness=2s",
            "cachet.signing-key=c2hvcnQ=",
            "cachet.region.x.stale-window=1m")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageStartingWith("Cachet properties: ")
                    .hasMessageContaining("cachet.username and cachet.password go together")
                    .hasMessageContaining("cachet.near-cache-staleness needs cachet.near-cache")
                    .hasMessageContaining("cachet.signing-key (from ")
                    .hasMessageContaining("region x has settings but no cachet.region.x.expire")
                    .message()
                    .doesNotContain("hunter2")
                    .doesNotContain("c2hvcnQ="));
  }

  @Test
  void anEnvironmentVariableIsNamedByItsPropertyAndQuotedAsTheVariableSays() {
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-systemEnvironment",
                            Map.of(
                                "CACHET_REGION_LONGTERM_EXPIRE", "3600",
                                "CACHET_REGION_LONGTERM_LOCKTIMEOUT", "0"))))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cachet.region.longterm.lock-timeout=\"0\"")
                    .hasMessageContaining("CACHET_REGION_LONGTERM_LOCKTIMEOUT"));
  }

  @Test
  void yamlRelaxedNamesAndACodecInEitherCaseBind() {
    runner
        .withInitializer(context -> yaml(context, "cachet-relaxed.yml"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              CachetSpringProperties properties = context.getBean(CachetSpringProperties.class);
              assertThat(properties.getRegion().get("long_term").getCompression())
                  .isEqualTo(Cachet.Codec.LZ4);
              assertThat(properties.getRegion().get("short-term").getCompression())
                  .isEqualTo(Cachet.Codec.LZ4);
              assertThat(context.getBean(Cachet.class).toString())
                  .contains("long_term")
                  .contains("short-term")
                  .contains("PT2S");
            });
  }

  /** A clock that counts its reads, to see the customizer's clock in use. */
  static final class CountingClock extends Clock {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      reads.incrementAndGet();
      return Instant.parse("2026-01-01T00:00:00Z");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfig {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Bean
    CountingClock clock() {
      return new CountingClock();
    }

    @Bean
    List<String> customizerCalls() {
      return calls;
    }

    @Bean
    @Order(2)
    CachetBuilderCustomizer second() {
      return builder -> {
        calls.add("second");
        builder.region("from_code", Duration.ofMinutes(1));
      };
    }

    @Bean
    @Order(1)
    CachetBuilderCustomizer first(CountingClock clock) {
      return builder -> {
        calls.add("first");
        builder.clock(clock);
      };
    }
  }

  @Test
  void customizersRunInTheirOrderAfterThePropertiesAndTheirSettingsAreUsed() {
    runner
        .withPropertyValues("cachet.region.long_term.expire=1h")
        .withUserConfiguration(CustomizerConfig.class, CatalogConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(CustomizerConfig.class).calls)
                  .containsExactly("first", "second");
              assertThat(context.getBean(Cachet.class).toString())
                  .as("the property's region and the customizer's")
                  .contains("long_term")
                  .contains("from_code");
              context.getBean(Catalog.class).product("sku-1");
              assertThat(context.getBean(CountingClock.class).reads.get())
                  .as("the customizer's clock is read")
                  .isPositive();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class ConflictingCustomizerConfig {
    @Bean
    CachetBuilderCustomizer operationTimeout() {
      return builder -> builder.operationTimeout(Duration.ofSeconds(2));
    }
  }

  @Test
  void aCustomizerSettingWhatAPropertySetFailsSayingBothSetIt() {
    runner
        .withPropertyValues("cachet.servers=127.0.0.1:1", "cachet.operation-timeout=1s")
        .withUserConfiguration(ConflictingCustomizerConfig.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cachet properties: ")
                    .hasMessageContaining("the property cachet.operation-timeout and the CachetBuilderCustomizer")
                    .hasMessageContaining("both set it")
                    .hasMessageContaining("operation timeout is already set to PT1S"));
  }
}
