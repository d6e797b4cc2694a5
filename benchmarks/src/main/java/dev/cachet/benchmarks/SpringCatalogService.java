package dev.cachet.benchmarks;

import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's {@code @Cacheable} over a {@link ConcurrentMapCacheManager}, configured as its
 * reference documentation shows, or over another cache manager (Cachet's). The SpEL keys name parameters by position ({@code #p0}) because
 * the module is not compiled with {@code -parameters}.
 */
public class SpringCatalogService implements SpringCatalog {
  private final CatalogSource source;

  SpringCatalogService(CatalogSource source) {
    this.source = source;
  }

  /** A started context whose {@link SpringCatalog} bean is the caching proxy over {@code source}. */
  static AnnotationConfigApplicationContext context(CatalogSource source) {
    return context(source, new ConcurrentMapCacheManager());
  }

  /** As {@link #context(CatalogSource)}, with {@code caches} as the cache manager. */
  static AnnotationConfigApplicationContext context(CatalogSource source, CacheManager caches) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(CatalogSource.class, () -> source);
    context.registerBean(CacheManager.class, () -> caches);
    context.register(Setup.class);
    context.refresh();
    return context;
  }

  @Override
  @Cacheable("label")
  public String label(String owner, String region) {
    return source.label(owner, region);
  }

  @Override
  @Cacheable(cacheNames = "labelSpel", key = "#p0 + ':' + #p1")
  public String labelSpel(String owner, String region) {
    return source.label(owner, region);
  }

  @Override
  @Cacheable("image")
  public Image image(String owner, String region) {
    return source.image(owner, region);
  }

  @Override
  @Cacheable(cacheNames = "imageSpel", key = "#p0 + ':' + #p1")
  public Image imageSpel(String owner, String region) {
    return source.image(owner, region);
  }

  /** The configuration: caching on, the service; the cache manager is registered by the caller. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Setup {
    @Bean
    SpringCatalog springCatalog(CatalogSource source) {
      return new SpringCatalogService(source);
    }
  }
}
