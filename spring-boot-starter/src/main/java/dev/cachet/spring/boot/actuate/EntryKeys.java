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
  /** Per namespace, every interface's declaration of it, in interface name order. */
  private final Map<String, List<Declaration>> namespaces;
  private final ClassLoader classLoader;
  private final ConversionService conversion = ApplicationConversionService.getSharedInstance();
  private final Map<String, Method> methods = new ConcurrentHashMap<>();

  /** One interface's declaration of a namespace: its keys class, method and parameters. */
  private record Declaration(String keysClass, CachetManifests.Namespace namespace) {}

  EntryKeys(CachetManifests manifests, ClassLoader classLoader) {
    this.classLoader = classLoader;
    Map<String, List<Declaration>> namespaces = new TreeMap<>();
    // Several interfaces may declare one namespace, with one key (the processor's key encoding
    // and fingerprint make it so): any of them builds it, so the first that loads is used.
    new TreeMap<>(manifests.interfaces())
        .values()
        .forEach(
            manifest -> {
              if (manifest.keysName() == null) {
                return;
              }
              manifest.namespaces().forEach(
                  (name, namespace) -> {
                    if (namespace.keysMethod() != null) {
                      namespaces
                          .computeIfAbsent(name, n -> new ArrayList<>())
                          .add(new Declaration(manifest.keysName(), namespace));
                    }
                  });
            });
    namespaces.replaceAll((name, declarations) -> List.copyOf(declarations));
    this.namespaces = Map.copyOf(namespaces);
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
    List<Declaration> declarations = namespaces.get(namespace);
    if (declarations == null) {
      throw new IllegalArgumentException(
          "No generated keys method builds keys of namespace '" + namespace + "'; those that can be"
              + " invalidated by entry are " + namespaces());
    }
    CachetManifests.Namespace declared = declarations.get(0).namespace();
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
    Method method = methods.computeIfAbsent(namespace, n -> resolve(declarations));
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

  /** The keys method of the first declaration whose class loads and has it. */
  private Method resolve(List<Declaration> declarations) {
    List<String> problems = new ArrayList<>();
    for (Declaration declaration : declarations) {
      CachetManifests.Namespace declared = declaration.namespace();
      Class<?> keys;
      try {
        keys = ClassUtils.forName(declaration.keysClass(), classLoader);
      } catch (ClassNotFoundException | LinkageError e) {
        problems.add(declaration.keysClass() + " cannot be loaded (" + e + ")");
        continue;
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
      if (candidates.size() == 1) {
        return candidates.get(0);
      }
      problems.add(
          declaration.keysClass() + " has " + candidates.size() + " public static methods "
              + declared.keysMethod() + " with " + declared.parameters().size() + " parameters returning"
              + " CacheKey, where its manifest promises one");
    }
    throw new IllegalStateException(
        "No generated keys method of namespace '" + declarations.get(0).namespace().name()
            + "' can be called: " + String.join("; ", problems)
            + ". Was it generated by another version of Cachet's processor?");
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
