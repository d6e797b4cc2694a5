package dev.cachet.runtime;

import java.util.Objects;

/**
 * The key of one cache entry: its namespace and the memcached key it is stored under.
 *
 * <p>Built by the generated {@code <Interface>Keys} classes through {@link
 * dev.cachet.runtime.internal.KeyBuilder}; equal arguments give equal keys in every JVM. {@link
 * #toString()} is the stored key, readable when the arguments are short and safe ({@code
 * image/1f3a9c2e:alice}).
 */
public final class CacheKey {
  private final String namespace;
  private final String key;

  CacheKey(String namespace, String key) {
    this.namespace = namespace;
    this.key = key;
  }

  /** The namespace this key belongs to, as declared by {@code @Cached}. */
  public String namespace() {
    return namespace;
  }

  /**
   * The memcached key: at most {@value dev.cachet.runtime.internal.KeyBuilder#MAX_KEY_LENGTH} ASCII
   * characters, no spaces.
   */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CacheKey that && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return key;
  }

  /** The key stored under {@code key}, of {@code namespace}. */
  public static CacheKey of(String namespace, String key) {
    return new CacheKey(Objects.requireNonNull(namespace), Objects.requireNonNull(key));
  }
}
