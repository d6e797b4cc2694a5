package dev.cachet.benchmarks;

import dev.cachet.Cached;

/**
 * The service of the hit-path benchmarks. The processor generates {@code CachingCatalog} and
 * {@code CatalogKeys} from it, exactly as in a user's build. Two values: a tiny one, so the
 * decorator's own overhead is visible, and one image as a single-entity lookup caches it.
 */
public interface Catalog {
  @Cached(namespace = "label", region = "bench")
  String label(String owner, String region);

  @Cached(namespace = "image", region = "bench")
  Image image(String owner, String region);
}
