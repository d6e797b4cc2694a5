package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A {@link Cachet} from the {@code cachet.*} properties (the in-memory store when
 * {@code cachet.servers} is not set) and the {@link CachetBuilderCustomizer} beans, closed with
 * the context; a {@code Cachet} bean of the application's own takes its place. Beans whose
 * interfaces Cachet generated decorators for are wrapped in them, unless
 * {@code cachet.decorate-beans=false}.
 */
@AutoConfiguration
@EnableConfigurationProperties(CachetSpringProperties.class)
public class CachetAutoConfiguration {
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Cachet cachet(
      CachetSpringProperties properties,
      Environment environment,
      ObjectProvider<CachetBuilderCustomizer> customizers) {
    CachetPropertiesMapper mapper =
        new CachetPropertiesMapper(ConfigurationPropertySources.get(environment));
    Cachet.Builder builder = mapper.toBuilder(properties);
    customizers
        .orderedStream()
        .forEach(
            customizer -> {
              try {
                customizer.customize(builder);
              } catch (IllegalStateException e) {
                throw mapper.conflict(customizer.getClass().getName(), e);
              }
            });
    return builder.build();
  }

  /**
   * A {@code cachet.*} value Spring cannot convert fails in Cachet's words; static, as it is
   * looked up while properties are bound.
   */
  @Bean
  static CachetBindFailures cachetBindFailures() {
    return new CachetBindFailures();
  }

  /** Static, as a post-processor must be, so it does not make this configuration start early. */
  @Bean
  @ConditionalOnBooleanProperty(name = "cachet.decorate-beans", matchIfMissing = true)
  static DecoratingPostProcessor cachetDecoratingPostProcessor(ObjectProvider<Cachet> cachet) {
    return new DecoratingPostProcessor(cachet);
  }
}
