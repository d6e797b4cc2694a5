package dev.cachet.runtime;

import dev.cachet.runtime.CachetManifest.Namespace;
import dev.cachet.runtime.CachetManifest.Parameter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Keys from text, for {@link CachetManifest#keys}: each argument converted to its key parameter's
 * type, then the generated keys method called, so a key made from text is exactly the one the
 * decorator builds.
 */
final class ManifestKeys {
  private ManifestKeys() {}

  static List<CacheKey> keys(
      Collection<CachetManifest> manifests, String namespace, List<String> arguments) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(arguments, "arguments");
    Set<CacheKey> keys = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    boolean declared = false;
    for (CachetManifest manifest : manifests) {
      Namespace declaration = manifest.namespace(namespace);
      if (declaration == null) {
        continue;
      }
      declared = true;
      check(declaration, arguments);
      Method method;
      try {
        method = manifest.keysMethod(declaration);
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
        continue;
      }
      keys.add(call(method, declaration, arguments));
    }
    if (!declared) {
      Set<String> known = new TreeSet<>();
      manifests.forEach(m -> m.namespaces().forEach(n -> known.add(n.name())));
      throw new IllegalArgumentException(
          "no manifest declares namespace " + namespace + (known.isEmpty()
              ? " (none found: is the application built with Cachet's processor?)"
              : "; known: " + String.join(", ", known)));
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "no keys method of namespace " + namespace + " can be called: " + String.join("; ", problems));
    }
    return List.copyOf(keys);
  }

  /** The argument count and the parameters' shapes, before anything is loaded. */
  private static void check(Namespace namespace, List<String> arguments) {
    for (Parameter parameter : namespace.parameters()) {
      if (!parameter.isScalar()) {
        throw new IllegalArgumentException(
            "parameter " + parameter.name() + " of " + namespace.name() + " is a " + parameter.shape()
                + " (" + parameter.type() + "), which has no single text form: build its keys in"
                + " code with the generated keys class, or invalidate the whole namespace");
      }
    }
    int count = namespace.parameters().size();
    if (arguments.size() != count) {
      throw new IllegalArgumentException(
          namespace.name() + " takes " + count + " key argument" + (count == 1 ? "" : "s")
              + " (" + namespace.signature() + "), got " + arguments.size());
    }
  }

  private static CacheKey call(Method method, Namespace namespace, List<String> arguments) {
    Class<?>[] types = method.getParameterTypes();
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Parameter parameter = namespace.parameters().get(i);
      String text = arguments.get(i);
      try {
        values[i] = convert(Objects.requireNonNull(text, "argument"), types[i]);
      } catch (IllegalArgumentException | DateTimeException e) {
        throw new IllegalArgumentException(
            namespace.name() + " takes (" + namespace.signature() + "): argument " + parameter.name()
                + "=\"" + text + "\" is not a " + parameter.type() + ": " + e.getMessage(), e);
      }
    }
    try {
      return (CacheKey) method.invoke(null, values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(
          namespace.name() + " cannot build a key from " + arguments + ": " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(method + " is not accessible", e);
    }
  }

  /** {@code text} as a value of {@code type}, the inverse of its text in a key. */
  private static Object convert(String text, Class<?> type) {
    if (type == String.class) {
      return text;
    }
    if (type == int.class || type == Integer.class) {
      return Integer.valueOf(text);
    }
    if (type == long.class || type == Long.class) {
      return Long.valueOf(text);
    }
    if (type == short.class || type == Short.class) {
      return Short.valueOf(text);
    }
    if (type == byte.class || type == Byte.class) {
      return Byte.valueOf(text);
    }
    if (type == double.class || type == Double.class) {
      return Double.valueOf(text);
    }
    if (type == float.class || type == Float.class) {
      return Float.valueOf(text);
    }
    if (type == boolean.class || type == Boolean.class) {
      if (!text.equals("true") && !text.equals("false")) {
        throw new IllegalArgumentException("write true or false");
      }
      return Boolean.valueOf(text);
    }
    if (type == char.class || type == Character.class) {
      if (text.length() != 1) {
        throw new IllegalArgumentException("write one character");
      }
      return text.charAt(0);
    }
    if (type == UUID.class) {
      return UUID.fromString(text);
    }
    if (type == BigDecimal.class) {
      return new BigDecimal(text);
    }
    if (type == BigInteger.class) {
      return new BigInteger(text);
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(text)) {
          return constant;
        }
      }
      List<String> names = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
      throw new IllegalArgumentException("not one of " + String.join(", ", names));
    }
    if (type.getPackageName().equals("java.time")) {
      // Every java.time value prints as its parse(CharSequence) reads it.
      try {
        Method parse = type.getMethod("parse", CharSequence.class);
        if (Modifier.isStatic(parse.getModifiers()) && type.isAssignableFrom(parse.getReturnType())) {
          return parse.invoke(null, text);
        }
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new IllegalArgumentException(cause.getMessage(), cause);
      } catch (ReflectiveOperationException e) {
        // no parser: refused below
      }
    }
    throw new IllegalArgumentException("no text form for " + type.getName());
  }
}
