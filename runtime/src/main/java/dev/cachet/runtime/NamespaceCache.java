package dev.cachet.runtime;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.Load;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The entries of one namespace in one region, for code that caches without a generated decorator:
 * an adapter to another framework's cache API (the Spring starter's {@code CachetCache}), a script.
 * Values take the same way as a decorator's (the pipeline with its compression, chunking, checksums
 * and allowlist; leases; the consistency promise of {@link Cachet#invalidate}), under keys of the
 * namespace that the caller builds ({@link CacheKey#ofEncoding}, {@link CacheKey#escape}).
 *
 * <ul>
 *   <li>{@link #get(CacheKey, Callable)} is a decorator's call: on a miss one caller in all
 *       processes runs the loader under the entry's lease while the others wait for its value, and
 *       an invalidation made meanwhile keeps that value out of the cache.
 *   <li>{@link #peek} only looks: no lease, no waiting.
 *   <li>{@link #put} stores unconditionally, replacing whatever is stored; {@link #putIfAbsent}
 *       stores through the lease, so of concurrent callers in any process one stores.
 * </ul>
 *
 * <p>Keeps no near copies, even when the {@link Cachet} has a near cache: a {@link #put} is not an
 * invalidation, so other processes' copies would never learn of it. Never throws for cache faults
 * (a read is then a miss, a write is counted and logged). Thread-safe.
 *
 * @param <V> the type of the values
 */
public final class NamespaceCache<V> {
  private final String namespace;
  private final CachedOperation<V> operation;

  private NamespaceCache(String namespace, CachedOperation<V> operation) {
    this.namespace = namespace;
    this.operation = operation;
  }

  /**
   * The entries of {@code namespace} in {@code region} of {@code cachet}.
   *
   * @param type a stored value that is not an instance is a counted miss, never a {@code
   *     ClassCastException}
   * @param cacheNulls whether a {@code null} value is stored (a negative entry) or only passed on
   * @throws IllegalArgumentException when {@code namespace} is not one ({@link
   *     CacheKey#isNamespace}) or {@code cachet} does not define {@code region}
   */
  public static <V> NamespaceCache<V> create(
      Cachet cachet, String namespace, String region, Class<V> type, boolean cacheNulls) {
    CacheKey.requireNamespace(namespace);
    return new NamespaceCache<>(
        namespace, CachedOperation.create(cachet, namespace, region, type, cacheNulls, false));
  }

  /** The namespace whose entries these are. */
  public String namespace() {
    return namespace;
  }

  /**
   * The fresh value stored under {@code key}, or {@code null} when there is none (absent, stale,
   * being computed by a lease holder, or unreadable because of a fault). Takes no lease and never
   * waits. A cached {@code null} is a {@link Hit} holding {@code null}.
   */
  public Hit<V> peek(CacheKey key) {
    Object found = operation.peek(ofThis(key));
    return found == CachedOperation.ABSENT ? null : new Hit<>(operation.hit(found));
  }

  /**
   * The value under {@code key}; on a miss, {@code loader}'s, stored under the entry's lease
   * unless the key or the namespace was invalidated while it ran. May wait, at most the region's
   * lock timeout, while another caller in any process loads the same key.
   *
   * @throws Exception what {@code loader} threw, unchanged; nothing is then cached, and a caller
   *     waiting for this load tries again
   */
  public V get(CacheKey key, Callable<? extends V> loader) throws Exception {
    Objects.requireNonNull(loader, "loader");
    Object found = operation.get(ofThis(key));
    if (!(found instanceof Load load)) {
      return operation.hit(found);
    }
    V value;
    try {
      value = loader.call();
    } catch (Exception | Error e) {
      load.abandon();
      throw e;
    }
    operation.put(load, value);
    return value;
  }

  /**
   * As {@link #get(CacheKey, Callable)}, without blocking the caller: the lookup (and any wait for
   * another caller's load) runs on {@code executor}; on a miss the value is {@code loader}'s
   * stage's, stored when it completes normally. A stage that fails is passed on and caches
   * nothing; a {@code null} stage caches nothing and gives {@code null}.
   */
  public CompletableFuture<V> getAsync(
      CacheKey key, Supplier<? extends CompletionStage<? extends V>> loader, Executor executor) {
    CacheKey checked = ofThis(key);
    Objects.requireNonNull(loader, "loader");
    return CompletableFuture.supplyAsync(() -> operation.get(checked), executor)
        .thenCompose(
            found -> {
              if (!(found instanceof Load load)) {
                return CompletableFuture.completedFuture(operation.hit(found));
              }
              CompletionStage<? extends V> loading;
              try {
                loading = loader.get();
              } catch (RuntimeException | Error e) {
                load.abandon();
                throw e;
              }
              if (loading == null) {
                load.abandon();
                return CompletableFuture.completedFuture(null);
              }
              // Stored before the returned stage completes: whoever it wakes finds the value.
              return loading
                  .whenComplete(
                      (value, failure) -> {
                        if (failure == null) {
                          operation.put(load, value);
                        } else {
                          load.abandon();
                        }
                      })
                  .<V>thenApply(value -> value);
            });
  }

  /**
   * Stores {@code value} under {@code key} unconditionally, replacing any value or lease, under
   * the namespace's current generation; returns whether it was stored. Nothing is stored while an
   * invalidation of the key or namespace made by this process has not landed, nor a {@code null}
   * when nulls are not cached.
   */
  public boolean put(CacheKey key, V value) {
    return operation.set(ofThis(key), value);
  }

  /**
   * Stores {@code value} under {@code key} through the entry's lease when no fresh value is
   * stored, and returns {@code null}; else returns the stored value, leaving it. Of concurrent
   * callers in any process, one stores and the others are given its value.
   */
  public Hit<V> putIfAbsent(CacheKey key, V value) {
    Object found = operation.get(ofThis(key));
    if (found instanceof Load load) {
      operation.put(load, value);
      return null;
    }
    return new Hit<>(operation.hit(found));
  }

  private CacheKey ofThis(CacheKey key) {
    if (!key.namespace().equals(namespace)) {
      throw new IllegalArgumentException(
          "key " + key + " is of namespace " + key.namespace() + ", not of " + namespace);
    }
    return key;
  }

  @Override
  public String toString() {
    return "NamespaceCache{" + namespace + "}";
  }

  /**
   * A value found in the cache, which may be a cached {@code null}.
   *
   * @param value the value stored
   * @param <V> its type
   */
  public record Hit<V>(V value) {}
}
