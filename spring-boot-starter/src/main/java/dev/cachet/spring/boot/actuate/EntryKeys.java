package dev.cachet.spring.boot.actuate;

import dev.cachet.runtime.CacheKey;
import dev.cachet.spring.boot.CachetManifests;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ClassUtils;

/**
 * Builds the key of one entry from a namespace and its arguments as strings, by calling the
 * generated keys method the processor's manifests name, so the key is exactly the one the
 * decorator builds. Reflection is used here, for an operator's request, never on the call path.
 * Only namespaces whose key parameters are all scalars can be addressed this way: a list, set,
 * optional or record has no single string form in a URL.
 */
final class EntryKeys {
  private final Map<String, CachetManifests.Namespace> namespaces;
  private final Map<String, String> keysClasses;
  private final ClassLoader classLoader;
  private final ConversionService conversion = ApplicationConversionService.getSharedInstance();
  private final Map<String, Method> methods = new ConcurrentHashMap<>();

  EntryKeys(CachetManifests manifests, ClassLoader classLoader) {
    this.classLoader = classLoader;
    Map<String, CachetManifests.Namespace> namespaces = new TreeMap<>();
    Map<String, String> keysClasses = new TreeMap<>();
    // Interfaces are visited in name order so that, where several declare one namespace (with one
    // key, as the processor's fingerprint and key encoding guarantee), the choice is stable.
    new TreeMap<>(manifests.interfaces())
        .values()
        .forEach(
            manifest -> {
              if (manifest.keysName() == null) {
                return;
              }
              manifest.namespaces().forEach(
                  (name, namespace) -> {
                    if (namespace.keysMethod() != null && namespaces.putIfAbsent(name, namespace) == null) {
                      keysClasses.put(name, manifest.keysName());
                    }
                  });
            });
    this.namespaces = Map.copyOf(namespaces);
    this.keysClasses = Map.copyOf(keysClasses);
  }

  /** The namespaces some generated keys class builds keys for. */
  Set<String> namespaces() {
    return new TreeSet<>(namespaces.keySet());
  }

  /**
   * The key {@code <Interface>Keys.<namespace in lowerCamelCase>(arguments...)} returns.
   *
   * @throws IllegalArgumentException saying what the namespace takes, when the namespace has no
   *     keys method, the count is wrong, a parameter is not a scalar, or an argument does not
   *     convert
   */
  CacheKey key(String namespace, List<String> arguments) {
    CachetManifests.Namespace declared = namespaces.get(namespace);
    if (declared == null) {
      throw new IllegalArgumentException(
          "No generated keys method builds keys of namespace '" + namespace + "'; those that can be"
              + " invalidated by entry are " + namespaces());
    }
    List<CachetManifests.Parameter> parameters = declared.parameters();
    for (CachetManifests.Parameter parameter : parameters) {
      if (!"scalar".equals(parameter.shape())) {
        throw new IllegalArgumentException(
            namespace + " takes " + signature(declared) + ": its " + parameter.shape() + " parameter '"
                + parameter.name() + "' has no single string form, so its entries cannot be named in"
                + " a request; invalidate the whole namespace instead");
      }
    }
    if (arguments.size() != parameters.size()) {
      throw new IllegalArgumentException(
          namespace + " takes " + signature(declared) + ", and " + arguments.size() + " argument"
              + (arguments.size() == 1 ? " was" : "s were") + " given");
    }
    Method method = methods.computeIfAbsent(namespace, n -> resolve(declared, keysClasses.get(n)));
    Class<?>[] types = method.getParameterTypes();
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      values[i] = convert(arguments.get(i), types[i], namespace, declared, parameters.get(i));
    }
    try {
      return (CacheKey) method.invoke(null, values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(
          namespace + " cannot build a key from " + arguments + ": " + cause.getMessage(), cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(method + " is not accessible", e);
    }
  }

  private Object convert(
      String argument,
      Class<?> type,
      String namespace,
      CachetManifests.Namespace declared,
      CachetManifests.Parameter parameter) {
    Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
    try {
      Method parse = isoParser(boxed);
      if (parse != null) {
        return parse.invoke(null, argument);
      }
      Object value = conversion.convert(argument, boxed);
      if (value == null && type.isPrimitive()) {
        throw new IllegalArgumentException("empty");
      }
      return value;
    } catch (ConversionException | ReflectiveOperationException | IllegalArgumentException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IllegalArgumentException(
          namespace + " takes " + signature(declared) + ": '" + argument + "' is not a "
              + simpleName(parameter.type()) + " for '" + parameter.name() + "' ("
              + rootMessage(cause) + ")",
          e);
    }
  }

  /**
   * A java.time type's {@code parse(CharSequence)}: keys render those values by {@code toString},
   * which it inverts, where Spring's formatters would try the locale's short style first.
   */
  private static Method isoParser(Class<?> type) {
    if (!type.getPackageName().equals("java.time") || type.isEnum()) {
      return null;
    }
    try {
      Method parse = type.getMethod("parse", CharSequence.class);
      return Modifier.isStatic(parse.getModifiers()) && type.isAssignableFrom(parse.getReturnType()) ? parse : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private Method resolve(CachetManifests.Namespace declared, String keysClass) {
    Class<?> keys;
    try {
      keys = ClassUtils.forName(keysClass, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("The Cachet manifest names " + keysClass + ", which cannot be loaded", e);
    }
    List<Method> candidates = new ArrayList<>();
    for (Method method : keys.getMethods()) {
      if (method.getName().equals(declared.keysMethod())
          && Modifier.isStatic(method.getModifiers())
          && method.getParameterCount() == declared.parameters().size()
          && method.getReturnType() == CacheKey.class) {
        candidates.add(method);
      }
    }
    if (candidates.size() != 1) {
      throw new IllegalStateException(
          keysClass + " has " + candidates.size() + " public static methods " + declared.keysMethod()
              + " with " + declared.parameters().size() + " parameters returning CacheKey, where its"
              + " manifest promises one: was it generated by another version of Cachet's processor?");
    }
    return candidates.get(0);
  }

  /** {@code (owner: String, region: String)}. */
  static String signature(CachetManifests.Namespace namespace) {
    List<String> parameters = new ArrayList<>();
    for (CachetManifests.Parameter parameter : namespace.parameters()) {
      String shape = "scalar".equals(parameter.shape()) ? "" : " [" + parameter.shape() + "]";
      parameters.add(parameter.name() + ": " + simpleName(parameter.type()) + shape);
    }
    return "(" + String.join(", ", parameters) + ")";
  }

  /** {@code java.util.List<java.lang.String>} → {@code List<String>}. */
  private static String simpleName(String type) {
    return type.replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Za-z_])", "");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
