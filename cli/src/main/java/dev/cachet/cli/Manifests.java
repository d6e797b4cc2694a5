package dev.cachet.cli;

import dev.cachet.runtime.internal.KeyBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The build-time manifests the processor writes ({@code META-INF/cachet/<interface>.properties}),
 * read from jars and class directories, and keys built from them without loading any application
 * class: {@code key image_list alice eu-west-1}.
 */
final class Manifests {
  private static final String DIRECTORY = "META-INF/cachet/";

  /** One namespace as one interface declares it. */
  record Namespace(
      String name, String declaredBy, String fingerprint, String regions, List<Parameter> parameters) {}

  /** A key parameter: its name, declared type and shape ({@code scalar}, {@code list}, ...). */
  record Parameter(String name, String type, String shape) {}

  private final List<Namespace> namespaces;

  private Manifests(List<Namespace> namespaces) {
    this.namespaces = List.copyOf(namespaces);
  }

  /** Reads every manifest on {@code classpath}: jars and directories separated by the path separator. */
  static Manifests read(String classpath) {
    List<Namespace> found = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Path.of(entry);
      try {
        if (Files.isDirectory(path)) {
          readDirectory(path.resolve(DIRECTORY), found);
        } else if (Files.isRegularFile(path)) {
          readJar(path, found);
        } else {
          throw new IllegalArgumentException("--classpath entry " + entry + " is neither a directory nor a jar");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read manifests from " + entry, e);
      }
    }
    return new Manifests(found);
  }

  private static void readDirectory(Path directory, List<Namespace> found) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.properties")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        parse(in, found);
      }
    }
  }

  private static void readJar(Path jar, List<Namespace> found) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<JarEntry> entries = new ArrayList<>();
      for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements(); ) {
        JarEntry entry = all.nextElement();
        if (entry.getName().startsWith(DIRECTORY) && entry.getName().endsWith(".properties")) {
          entries.add(entry);
        }
      }
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (JarEntry entry : entries) {
        try (InputStream in = file.getInputStream(entry)) {
          parse(in, found);
        }
      }
    }
  }

  private static void parse(InputStream in, List<Namespace> found) throws IOException {
    Properties manifest = new Properties();
    manifest.load(in);
    String declaredBy = manifest.getProperty("interface", "?");
    for (String namespace : words(manifest.getProperty("namespaces", ""))) {
      String prefix = "namespace." + namespace + ".";
      List<Parameter> parameters = new ArrayList<>();
      for (String parameter : words(manifest.getProperty(prefix + "parameters", ""))) {
        String parameterPrefix = prefix + "parameter." + parameter + ".";
        parameters.add(
            new Parameter(
                parameter,
                manifest.getProperty(parameterPrefix + "type", "?"),
                manifest.getProperty(parameterPrefix + "shape", "?")));
      }
      found.add(
          new Namespace(
              namespace,
              declaredBy,
              manifest.getProperty(prefix + "fingerprint", ""),
              manifest.getProperty(prefix + "regions", ""),
              parameters));
    }
  }

  private static List<String> words(String value) {
    return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  List<Namespace> namespaces() {
    return namespaces;
  }

  /** The declarations of {@code namespace}; several when interfaces share it. */
  List<Namespace> named(String namespace) {
    return namespaces.stream().filter(n -> n.name().equals(namespace)).toList();
  }

  /** Every namespace name, sorted. */
  TreeSet<String> names() {
    TreeSet<String> names = new TreeSet<>();
    namespaces.forEach(n -> names.add(n.name()));
    return names;
  }

  /**
   * The key of {@code namespace} for {@code arguments}, each given as text and read as its
   * parameter's type would print it ({@code 7} for an int, {@code 2026-01-01} for a LocalDate).
   *
   * @throws IllegalArgumentException when the count differs, a value does not parse, or a
   *     parameter is not a scalar (lists, sets, optionals and records are built in code)
   */
  static String key(Namespace namespace, List<String> arguments) {
    List<Parameter> parameters = namespace.parameters();
    if (parameters.size() != arguments.size()) {
      throw new IllegalArgumentException(
          namespace.name() + " takes " + parameters.size() + " key argument"
              + (parameters.size() == 1 ? "" : "s") + " (" + signature(namespace) + "), got "
              + arguments.size());
    }
    KeyBuilder key = KeyBuilder.of(namespace.name(), namespace.fingerprint());
    for (int i = 0; i < parameters.size(); i++) {
      Parameter parameter = parameters.get(i);
      if (!parameter.shape().equals("scalar")) {
        throw new IllegalArgumentException(
            "parameter " + parameter.name() + " of " + namespace.name() + " is a " + parameter.shape()
                + " (" + parameter.type() + "); the tool builds keys of scalar parameters only: "
                + "call the generated keys class in code");
      }
      add(key, parameter, arguments.get(i));
    }
    return key.build().key();
  }

  /** {@code String owner, String region}. */
  static String signature(Namespace namespace) {
    List<String> parts = new ArrayList<>();
    for (Parameter parameter : namespace.parameters()) {
      parts.add(parameter.type() + " " + parameter.name());
    }
    return String.join(", ", parts);
  }

  /** Writes {@code text} exactly as the generated keys method would write the typed value. */
  private static void add(KeyBuilder key, Parameter parameter, String text) {
    String type = parameter.type();
    try {
      switch (type) {
        case "java.lang.String" -> key.add(text);
        case "byte", "short", "int", "long", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long" -> key.add(integer(type, text));
        case "float", "java.lang.Float" -> key.add(Float.parseFloat(text));
        case "double", "java.lang.Double" -> key.add(Double.parseDouble(text));
        case "boolean", "java.lang.Boolean" -> key.add(bool(text));
        case "char", "java.lang.Character" -> key.add(character(text));
        case "java.util.UUID" -> key.add((Object) UUID.fromString(text));
        case "java.math.BigDecimal" -> key.add((Object) new BigDecimal(text));
        case "java.math.BigInteger" -> key.add((Object) new BigInteger(text));
        default -> {
          if (type.startsWith("java.time.")) {
            key.add(parseTime(type, text));
          } else {
            // The processor accepts no other scalar than an enum: written by its constant's name.
            key.add(text);
          }
        }
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "argument " + parameter.name() + "=\"" + text + "\" is not a " + type + ": " + e.getMessage(), e);
    }
  }

  private static long integer(String type, String text) {
    return switch (type) {
      case "byte", "java.lang.Byte" -> Byte.parseByte(text);
      case "short", "java.lang.Short" -> Short.parseShort(text);
      case "int", "java.lang.Integer" -> Integer.parseInt(text);
      default -> Long.parseLong(text);
    };
  }

  private static boolean bool(String text) {
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException("write true or false");
    }
    return Boolean.parseBoolean(text);
  }

  private static char character(String text) {
    if (text.length() != 1) {
      throw new IllegalArgumentException("write one character");
    }
    return text.charAt(0);
  }

  /** {@code java.time} values print as they parse; each type has {@code parse(CharSequence)}. */
  private static Object parseTime(String type, String text) {
    try {
      Method parse = Class.forName(type).getMethod("parse", CharSequence.class);
      return parse.invoke(null, text);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no parse method on " + type, e);
    }
  }
}
