package dev.cachet.spring.cache;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.NamespaceCache;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} stored by Cachet: one Cachet namespace (the cache's name) in one region,
 * through Cachet's value pipeline (Fory, compression, chunking, checksums, signing).
 *
 * <ul>
 *   <li>{@link #get(Object, Callable)} ({@code @Cacheable(sync = true)}) is Cachet's own miss: one
 *       caller in all processes runs the loader under a lease, the others wait for its value, and
 *       an evict or clear made while it runs keeps its value out of the cache. A loader that
 *       throws is wrapped in {@link Cache.ValueRetrievalException}; nothing is cached.
 *   <li>{@link #get(Object)} and {@link #get(Object, Class)} only look: no lease, no waiting.
 *   <li>{@link #put} stores unconditionally; {@link #putIfAbsent} stores only through the lease,
 *       so of concurrent callers in any process one stores and the others see its value.
 *   <li>{@link #evict} and {@link #clear} are {@link Cachet#invalidate} and {@link
 *       Cachet#invalidateAll}; their {@code IfPresent}/{@code invalidate} forms say more.
 * </ul>
 *
 * <p>Never throws for cache faults (a server down, slow or returning bad bytes): a read is a miss,
 * a write or an invalidation is counted and logged, and an invalidation the store did not
 * acknowledge is retried by Cachet. So Spring's {@code CacheErrorHandler} never sees a fault
 * from this cache. It throws only for programming errors: a key with no stable string form, a
 * {@code null} value when nulls are not allowed.
 *
 * <p>A plain {@code @Cacheable} (not {@code sync}) is a {@link #get(Object)}, the method, then a
 * {@link #put}: an evict that runs between the method's start and the put is undone by the put,
 * as with every Spring cache. Use {@code sync = true} where that matters.
 */
public final class CachetCache implements Cache {
  private final String name;
  private final Cachet cachet;
  private final NamespaceCache<Object> entries;
  private final boolean allowNullValues;
  private final ValueClasses valueClasses;
  private final Executor executor;

  CachetCache(
      String name,
      String region,
      Cachet cachet,
      boolean allowNullValues,
      ValueClasses valueClasses,
      Executor executor) {
    this.name = name;
    this.cachet = cachet;
    this.entries = NamespaceCache.create(cachet, name, region, Object.class, allowNullValues);
    this.allowNullValues = allowNullValues;
    this.valueClasses = valueClasses;
    this.executor = executor;
  }

  @Override
  public String getName() {
    return name;
  }

  /** The {@link Cachet} that stores this cache. */
  @Override
  public Cachet getNativeCache() {
    return cachet;
  }

  /** Whether a {@code null} value is cached (as a {@link ValueWrapper} holding null). */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /** The Cachet key {@code key} is stored under, e.g. {@code books/spring:=42}. */
  public CacheKey cacheKey(Object key) {
    return SpringKeys.of(name, key);
  }

  @Override
  public ValueWrapper get(Object key) {
    return wrap(entries.peek(cacheKey(key)));
  }

  @Override
  public <T> T get(Object key, Class<T> type) {
    NamespaceCache.Hit<Object> hit = entries.peek(cacheKey(key));
    Object found = hit == null ? null : hit.value();
    if (found == null) {
      return null;
    }
    if (type != null && !type.isInstance(found)) {
      throw new IllegalStateException(
          "Cached value is not of required type [" + type.getName() + "]: " + found);
    }
    @SuppressWarnings("unchecked")
    T value = (T) found;
    return value;
  }

  @Override
  public <T> T get(Object key, Callable<T> valueLoader) {
    CacheKey cacheKey = cacheKey(key);
    try {
      // Only the loader throws here: the cache answers faults with a miss.
      @SuppressWarnings("unchecked")
      T value = (T) entries.get(cacheKey, () -> allowClassesOf(valueLoader.call()));
      return value;
    } catch (Exception e) {
      throw new ValueRetrievalException(key, valueLoader, e);
    }
  }

  @Override
  public CompletableFuture<?> retrieve(Object key) {
    CacheKey cacheKey = cacheKey(key);
    return CompletableFuture.supplyAsync(() -> wrap(entries.peek(cacheKey)), executor);
  }

  @Override
  public <T> CompletableFuture<T> retrieve(
      Object key, Supplier<CompletableFuture<T>> valueLoader) {
    CompletableFuture<Object> found =
        entries.getAsync(
            cacheKey(key),
            () -> {
              CompletableFuture<T> loading = valueLoader.get();
              return loading == null ? null : loading.thenApply(this::allowClassesOf);
            },
            executor);
    @SuppressWarnings("unchecked")
    CompletableFuture<T> value = (CompletableFuture<T>) found;
    return value;
  }

  /**
   * Allows the classes of {@code value}'s graph, then returns it. The walk is best effort: a class
   * it misses is refused at the store, counted and logged.
   */
  private <T> T allowClassesOf(T value) {
    try {
      valueClasses.allowGraph(value);
    } catch (RuntimeException e) {
      // Nothing to add: the store reports the refusal.
    }
    return value;
  }

  @Override
  public void put(Object key, Object value) {
    requireAllowed(value);
    CacheKey cacheKey = cacheKey(key);
    entries.put(cacheKey, allowClassesOf(value));
  }

  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    requireAllowed(value);
    return wrap(entries.putIfAbsent(cacheKey(key), allowClassesOf(value)));
  }

  @Override
  public void evict(Object key) {
    cachet.invalidate(cacheKey(key));
  }

  /**
   * Evicts at once, as {@link #evict}; returns whether a value was cached just before (one more
   * round trip), {@code false} when that could not be determined.
   */
  @Override
  public boolean evictIfPresent(Object key) {
    CacheKey cacheKey = cacheKey(key);
    boolean present = entries.peek(cacheKey) != null;
    cachet.invalidate(cacheKey);
    return present;
  }

  @Override
  public void clear() {
    cachet.invalidateAll(name);
  }

  /**
   * Clears at once, as {@link #clear}; returns {@code true} when every server acknowledged it,
   * {@code false} while Cachet retries it (Spring allows {@code false} whenever prior presence is
   * unknown, and this cache cannot know it without reading every entry).
   */
  @Override
  public boolean invalidate() {
    return cachet.invalidateAllAcknowledged(name);
  }

  private static ValueWrapper wrap(NamespaceCache.Hit<Object> hit) {
    return hit == null ? null : new SimpleValueWrapper(hit.value());
  }

  private void requireAllowed(Object value) {
    if (value == null && !allowNullValues) {
      throw new IllegalArgumentException(
          "Cache '"
              + name
              + "' does not allow null values; avoid caching null with"
              + " @Cacheable(unless = \"#result == null\"), or set"
              + " cachet.cache-manager.allow-null-values=true");
    }
  }

  @Override
  public String toString() {
    return "CachetCache{" + name + ", " + Objects.toString(cachet) + "}";
  }
}
