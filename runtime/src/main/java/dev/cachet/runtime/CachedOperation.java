package dev.cachet.runtime;

import java.util.concurrent.CompletionStage;

/**
 * The cache side of one {@code @Cached} method, created once by a generated decorator's
 * constructor. Generated code uses it like this (the hit path allocates nothing but the key):
 *
 * <pre>{@code
 * CacheKey key = ImageServiceKeys.image(id);
 * Object found = image.get(key);
 * if (!(found instanceof Load load)) {
 *   return image.hit(found);
 * }
 * Image value;
 * try {
 *   value = delegate.image(id);
 * } catch (Throwable failure) {
 *   load.abandon();
 *   throw failure;
 * }
 * image.put(load, value);
 * return value;
 * }</pre>
 *
 * <p>Never throws for cache faults: a transport error, a timeout or undecodable bytes make
 * {@link #get} return a {@link Load}, and make {@link #put} a no-op; each fault is counted and
 * logged, rate-limited.
 *
 * @param <V> the cached type (boxed for primitive returns, the element for {@code Optional} and
 *     future returns)
 */
public final class CachedOperation<V> {
  private final Cachet cachet;
  private final String namespace;
  private final String region;
  private final Class<?> type;
  private final boolean cacheNulls;

  private CachedOperation(
      Cachet cachet, String namespace, String region, Class<?> type, boolean cacheNulls) {
    this.cachet = cachet;
    this.namespace = namespace;
    this.region = region;
    this.type = type;
    this.cacheNulls = cacheNulls;
  }

  /**
   * Creates the operation of one method.
   *
   * @param type the erasure of the cached type (boxed for primitives): a stored value that is not
   *     an instance is a counted miss, never a {@code ClassCastException} at the caller
   * @param cacheNulls whether {@code null} results are stored (negative caching)
   */
  public static <V> CachedOperation<V> create(
      Cachet cachet, String namespace, String region, Class<?> type, boolean cacheNulls) {
    return new CachedOperation<>(cachet, namespace, region, type, cacheNulls);
  }

  /**
   * Looks the key up. Returns the cached value (possibly {@code null}) on a fresh hit, or a
   * {@link Load} when the caller must call the delegate: a miss, a fault, or a stale entry whose
   * refresh this caller won. May wait, at most the region's lock timeout, while another caller or
   * process computes the same key.
   */
  public Object get(CacheKey key) {
    throw new UnsupportedOperationException("runtime not wired yet");
  }

  /** Casts a value returned by {@link #get} that is not a {@link Load}. */
  @SuppressWarnings("unchecked")
  public V hit(Object found) {
    return (V) found;
  }

  /** Stores the delegate's result (unless it is null and nulls are not cached) and ends the load. */
  public void put(Load load, V value) {
    throw new UnsupportedOperationException("runtime not wired yet");
  }

  /**
   * Stores the stage's value when it completes normally and ends the load either way; returns the
   * stage itself. A {@code null} stage ends the load and is returned as is.
   */
  public <S extends CompletionStage<? extends V>> S putWhenComplete(Load load, S stage) {
    throw new UnsupportedOperationException("runtime not wired yet");
  }

  String namespace() {
    return namespace;
  }

  String region() {
    return region;
  }

  Class<?> type() {
    return type;
  }

  boolean cacheNulls() {
    return cacheNulls;
  }

  Cachet cachet() {
    return cachet;
  }
}
