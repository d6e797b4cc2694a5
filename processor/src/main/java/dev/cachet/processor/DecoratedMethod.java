package dev.cachet.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;

/** One method of the generated decorator: delegating, caching, or invalidating. */
sealed interface DecoratedMethod {
  MethodSignature signature();

  /** Neither annotation (abstract or default): calls the delegate. */
  record Delegating(MethodSignature signature) implements DecoratedMethod {}

  /** How a cached method's return type wraps the stored value. */
  enum ReturnKind {
    /** The value itself; a primitive is stored boxed. */
    PLAIN,
    /** {@code Optional<T>}: stores the {@code T} or null. */
    OPTIONAL,
    /** {@code CompletableFuture<T>}: stores the completed {@code T}. */
    COMPLETABLE_FUTURE,
    /** {@code CompletionStage<T>}: stores the completed {@code T}. */
    COMPLETION_STAGE
  }

  /**
   * A {@code @Cached} method.
   *
   * @param operationField the decorator's {@code CachedOperation} field for this method
   * @param cachedType the stored type (boxed, unwrapped from {@code Optional} or a future)
   * @param cachedClass the erasure of {@code cachedType}, for the class literal
   * @param erasedOperation whether {@code cachedType} mentions a type variable of the method, so
   *     the field is a {@code CachedOperation<Object>} and hits need an unchecked cast
   * @param keyArguments the parameters passed to the keys method, in its order
   * @param nearByArguments whether the near cache is keyed by {@code keyArguments} themselves:
   *     there is at least one and each is an immutable scalar whose {@code equals} is its key's
   *     equality ({@link KeyShape.Scalar}); otherwise by the key string
   */
  record Caching(
      MethodSignature signature,
      String namespace,
      String region,
      String keysMethod,
      ReturnKind returnKind,
      TypeName cachedType,
      TypeName cachedClass,
      boolean erasedOperation,
      boolean cacheNulls,
      String operationField,
      List<String> keyArguments,
      boolean nearByArguments)
      implements DecoratedMethod {
    public Caching {
      keyArguments = List.copyOf(keyArguments);
    }
  }

  /** An {@code @Invalidates} method: calls the delegate, then drops entries. */
  record Invalidating(MethodSignature signature, List<Invalidation> invalidations)
      implements DecoratedMethod {
    public Invalidating {
      invalidations = List.copyOf(invalidations);
    }
  }

  /**
   * One {@code @Invalidates}: the whole namespace when {@code all}, otherwise the key built by
   * {@code keysMethod} from {@code keyArguments}.
   */
  record Invalidation(String namespace, boolean all, String keysMethod, List<String> keyArguments) {
    public Invalidation {
      keyArguments = List.copyOf(keyArguments);
    }
  }
}
