package dev.cachet.spring.boot.actuate;

import dev.cachet.runtime.Cachet;
import dev.cachet.spring.boot.CachetAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@link CachetHealthIndicator}, contributed as {@code cachet}, when Spring Boot's health
 * module is on the class path, a {@link Cachet} bean exists, and
 * {@code management.health.cachet.enabled} is not {@code false}.
 */
@AutoConfiguration(after = CachetAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Cachet.class)
public class CachetHealthAutoConfiguration {
  /** Named so that the contributor is {@code cachet}: Boot drops the {@code HealthIndicator} suffix. */
  @Bean(name = "cachetHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("cachet")
  CachetHealthIndicator cachetHealthIndicator(Cachet cachet) {
    return new CachetHealthIndicator(cachet);
  }
}
