package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;
import dev.cachet.spring.cache.CachetCacheManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;

/**
 * With {@code cachet.cache-manager.enabled=true}, a {@link CachetCacheManager} on the {@link
 * Cachet} bean, so {@code @Cacheable} and friends run on Cachet; an application's own {@link
 * CacheManager} takes its place. Runs before Spring Boot's cache auto-configuration, which then
 * backs off.
 */
@AutoConfiguration(
    after = CachetAutoConfiguration.class,
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBooleanProperty("cachet.cache-manager.enabled")
@EnableConfigurationProperties(CachetSpringProperties.class)
public class CachetCacheManagerAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  CachetCacheManager cacheManager(Cachet cachet, CachetSpringProperties properties) {
    CachetSpringProperties.CacheManagerSettings settings = properties.getCacheManager();
    String defaultRegion = settings.getDefaultRegion();
    return CachetCacheManager.builder(cachet)
        .defaultRegion(defaultRegion == null || defaultRegion.isBlank() ? null : defaultRegion)
        .cacheNames(settings.getCacheNames())
        .allowNullValues(settings.isAllowNullValues())
        .allowedPackages(settings.getAllowedPackages().toArray(new String[0]))
        .allowedClasses(settings.getAllowedClasses().toArray(new String[0]))
        .build();
  }
}
