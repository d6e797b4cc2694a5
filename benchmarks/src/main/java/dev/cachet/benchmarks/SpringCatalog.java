package dev.cachet.benchmarks;

/**
 * The same two lookups for Spring's cache abstraction, each twice: with Spring's default key
 * ({@code SimpleKey} of the arguments) and with a SpEL key. The {@code @Cacheable} annotations
 * are on {@link SpringCatalogService}; Spring proxies this interface with a JDK proxy.
 */
public interface SpringCatalog {
  String label(String owner, String region);

  String labelSpel(String owner, String region);

  Image image(String owner, String region);

  Image imageSpel(String owner, String region);
}
