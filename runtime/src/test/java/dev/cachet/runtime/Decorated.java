package dev.cachet.runtime;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.KeyBuilder;
import dev.cachet.runtime.internal.Load;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a generated decorator does around one {@code @Cached} method, written out by hand so the
 * runtime is tested through exactly the calls generated code makes.
 */
final class Decorated<V> {
  final Cachet cachet;
  final CachedOperation<V> operation;
  final AtomicInteger delegateCalls = new AtomicInteger();

  private Decorated(Cachet cachet, CachedOperation<V> operation) {
    this.cachet = cachet;
    this.operation = operation;
  }

  static <V> Decorated<V> of(Cachet cachet, String namespace, String region, Class<?> type) {
    return new Decorated<>(cachet, CachedOperation.create(cachet, namespace, region, type, true));
  }

  static <V> Decorated<V> withoutNulls(
      Cachet cachet, String namespace, String region, Class<?> type) {
    return new Decorated<>(cachet, CachedOperation.create(cachet, namespace, region, type, false));
  }

  /** The generated body of a synchronous method. */
  V call(CacheKey key, Callable<V> delegate) throws Exception {
    Object found = operation.get(key);
    if (!(found instanceof Load load)) {
      return operation.hit(found);
    }
    V value;
    try {
      delegateCalls.incrementAndGet();
      value = delegate.call();
    } catch (Throwable failure) {
      load.abandon();
      throw failure;
    }
    operation.put(load, value);
    return value;
  }

  /** {@link #call} for delegates that throw nothing checked. */
  V get(CacheKey key, Callable<V> delegate) {
    try {
      return call(key, delegate);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The generated body of a method returning a future. */
  CompletableFuture<V> callAsync(CacheKey key, Callable<CompletableFuture<V>> delegate)
      throws Exception {
    Object found = operation.get(key);
    if (!(found instanceof Load load)) {
      return CompletableFuture.completedFuture(operation.hit(found));
    }
    CompletableFuture<V> future;
    try {
      delegateCalls.incrementAndGet();
      future = delegate.call();
    } catch (Throwable failure) {
      load.abandon();
      throw failure;
    }
    return operation.putWhenComplete(load, future);
  }

  static CacheKey key(String namespace, String id) {
    return KeyBuilder.of(namespace, "0f1e2d3c").add(id).build();
  }
}
