package dev.cachet.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What the processor generated, read from the build-time manifests it writes beside the classes
 * ({@code META-INF/cachet/<interface>.properties}, one per annotated interface, in every jar on
 * the class path). The starter learns each interface's decorator and keys class here, so it
 * neither scans classes nor guesses names. Nothing is loaded until asked for. Public for the
 * starter's Actuator endpoint, in another package; not an API for applications.
 *
 * @param interfaces by the interface's binary name
 */
public record CachetManifests(Map<String, Manifest> interfaces) {
  static final String LOCATION = "classpath*:META-INF/cachet/*.properties";

  /** One annotated interface. */
  public record Manifest(
      String interfaceName, String decoratorName, String keysName, Map<String, Namespace> namespaces) {}

  /**
   * One namespace the interface caches under, and how its key is built: {@code keysMethod} of the
   * keys class with {@code parameters}, in order.
   */
  public record Namespace(String name, String keysMethod, List<Parameter> parameters) {}

  /**
   * A key parameter: its name, its source type ({@code java.lang.String}, {@code int},
   * {@code java.util.List<java.lang.String>}) and its shape ({@code scalar}, {@code list},
   * {@code set}, {@code optional} or {@code record}).
   */
  public record Parameter(String name, String type, String shape) {}

  public static CachetManifests load(ClassLoader classLoader) {
    Map<String, Manifest> interfaces = new LinkedHashMap<>();
    try {
      Resource[] resources = new PathMatchingResourcePatternResolver(classLoader).getResources(LOCATION);
      for (Resource resource : resources) {
        Properties properties = new Properties();
        try (InputStream in = resource.getInputStream()) {
          properties.load(in);
        }
        Manifest manifest = parse(properties);
        // The first on the class path wins, as it does for the classes themselves.
        if (manifest != null) {
          interfaces.putIfAbsent(manifest.interfaceName(), manifest);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Cachet manifests at " + LOCATION, e);
    }
    return new CachetManifests(Map.copyOf(interfaces));
  }

  /** The manifest, or {@code null} when it predates the decorator line (a jar built by an older processor). */
  static Manifest parse(Properties properties) {
    String interfaceName = properties.getProperty("interface");
    String decoratorName = properties.getProperty("decorator");
    if (interfaceName == null || decoratorName == null) {
      return null;
    }
    Map<String, Namespace> namespaces = new LinkedHashMap<>();
    for (String namespace : words(properties.getProperty("namespaces", ""))) {
      String prefix = "namespace." + namespace + ".";
      List<Parameter> parameters = new ArrayList<>();
      for (String parameter : words(properties.getProperty(prefix + "parameters", ""))) {
        String parameterPrefix = prefix + "parameter." + parameter + ".";
        parameters.add(
            new Parameter(
                parameter,
                properties.getProperty(parameterPrefix + "type", ""),
                properties.getProperty(parameterPrefix + "shape", "")));
      }
      namespaces.put(
          namespace,
          new Namespace(namespace, properties.getProperty(prefix + "keys-method"), List.copyOf(parameters)));
    }
    return new Manifest(
        interfaceName, decoratorName, properties.getProperty("keys"), Map.copyOf(namespaces));
  }

  private static List<String> words(String value) {
    String trimmed = value.trim();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }
}
