package dev.cachet.processor;

import java.util.List;

/**
 * One {@code public static CacheKey <methodName>(...)} of the generated {@code <Interface>Keys}:
 * the key of one namespace.
 *
 * @param fingerprint the first 8 hex digits of the cached type's {@link ShapeFingerprint}
 * @param varargs whether the last parameter is declared {@code T...}
 */
record KeysMethod(
    String namespace,
    String methodName,
    String fingerprint,
    List<KeyParameter> parameters,
    boolean varargs) {
  KeysMethod {
    parameters = List.copyOf(parameters);
  }
}
