package dev.cachet.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The baseline of the near-cache hit: what a careful engineer writes by hand when values may be
 * kept in process as objects. The key is built with a {@link StringBuilder}, the value kept with
 * its expiry in a {@link ConcurrentHashMap} and returned itself, no copy. Like {@link
 * HandWrittenCatalog} it has no namespace-wide invalidation, no key escaping, no statistics and no
 * stampede lock, and it is unbounded.
 */
final class HandWrittenReferenceCatalog implements Catalog {
  private static final long EXPIRY_MILLIS = 3_600_000;

  private final Catalog delegate;
  private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();

  HandWrittenReferenceCatalog(Catalog delegate) {
    this.delegate = delegate;
  }

  @Override
  public String label(String owner, String region) {
    String key = new StringBuilder(64).append("label:").append(owner).append(':').append(region).toString();
    return (String) get(key, () -> delegate.label(owner, region));
  }

  @Override
  public Image image(String owner, String region) {
    String key = new StringBuilder(64).append("image:").append(owner).append(':').append(region).toString();
    return (Image) get(key, () -> delegate.image(owner, region));
  }

  private Object get(String key, Supplier<Object> compute) {
    Kept found = kept.get(key);
    long now = System.currentTimeMillis();
    if (found != null && now < found.expiresAt) {
      return found.value;
    }
    Object value = compute.get();
    kept.put(key, new Kept(value, now + EXPIRY_MILLIS));
    return value;
  }

  private record Kept(Object value, long expiresAt) {}
}
