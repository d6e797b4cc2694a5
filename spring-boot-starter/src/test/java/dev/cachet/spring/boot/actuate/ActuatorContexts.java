package dev.cachet.spring.boot.actuate;

import dev.cachet.spring.boot.CachetAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The context runner the Actuator tests share: the starter's auto-configurations, Boot's metrics, and a Gallery. */
final class ActuatorContexts {
  private ActuatorContexts() {}

  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                CachetAutoConfiguration.class,
                CachetEndpointAutoConfiguration.class,
                CachetHealthAutoConfiguration.class,
                CachetMetricsAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class))
        .withUserConfiguration(GalleryConfiguration.class)
        .withPropertyValues(
            "cachet.region.short.expire=60", "management.endpoints.web.exposure.include=cachet");
  }
}
