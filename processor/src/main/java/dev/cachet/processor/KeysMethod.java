package dev.cachet.processor;

import java.util.List;

/**
 * One {@code public static CacheKey <methodName>(...)} of the generated {@code <Interface>Keys}:
 * the key of one namespace.
 *
 * @param fingerprint the first 8 hex digits of the cached type's {@link ShapeFingerprint}
 * @param varargs whether the last parameter is declared {@code T...}
 * @param genericVarargs whether its element type is not reifiable: the possible heap pollution
 *     javac warns about is suppressed, as the interface method had to
 */
record KeysMethod(
    String namespace,
    String methodName,
    String fingerprint,
    List<KeyParameter> parameters,
    boolean varargs,
    boolean genericVarargs) {
  KeysMethod {
    parameters = List.copyOf(parameters);
  }

  /**
   * Whether every key parameter is a {@link KeyShape.Scalar}: the key is then one string
   * concatenation, and the near cache may be keyed by the arguments themselves.
   */
  boolean scalarsOnly() {
    return parameters.stream().allMatch(p -> p.shape() instanceof KeyShape.Scalar);
  }
}
