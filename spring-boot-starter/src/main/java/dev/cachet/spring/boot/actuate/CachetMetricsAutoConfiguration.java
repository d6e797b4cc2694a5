package dev.cachet.spring.boot.actuate;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.metrics.CachetMetrics;
import dev.cachet.spring.boot.CachetAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A {@link CachetMetrics} bean when Micrometer is on the class path and a {@link Cachet} bean
 * exists. It is a {@code MeterBinder}: Boot's metrics auto-configuration binds it to every
 * auto-configured registry once all singletons exist, so the namespaces of every decorated bean
 * are known by then (a lazy bean's namespaces are not).
 */
@AutoConfiguration(after = CachetAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(Cachet.class)
public class CachetMetricsAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  CachetMetrics cachetMetrics(Cachet cachet) {
    return new CachetMetrics(cachet);
  }
}
