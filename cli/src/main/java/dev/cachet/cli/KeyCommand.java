package dev.cachet.cli;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.CachetManifest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code key NAMESPACE ARGUMENT...}: the key the generated keys method builds, through {@link
 * CachetManifest#keys}, from the application's classes on {@code --classpath}.
 */
@Command(
    name = "key",
    description = {
      "Prints the key of NAMESPACE for ARGUMENTs, built by the application's generated keys",
      "class, which the manifests the processor wrote (META-INF/cachet/*.properties) name; both",
      "are found on --classpath. Each argument is written as its parameter's type prints: 42,",
      "2.5, true, 2026-01-01, an enum constant's name. Keys of list, set, optional or record",
      "parameters are built in code."
    })
final class KeyCommand implements Callable<Integer> {
  @ParentCommand CachetCli cli;

  @Mixin CachetCli.HelpOption help;

  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "A namespace a @Cached method declares.")
  String namespace;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGUMENT", description = "Its key arguments, in order.")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (cli.classpath == null) {
      throw new CachetCli.UsageException("key needs --classpath: the application's jar or classes directory");
    }
    List<URL> entries = new ArrayList<>();
    for (String entry : cli.classpath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
        throw new CachetCli.UsageException("--classpath entry " + entry + " is neither a directory nor a jar");
      }
      entries.add(path.toUri().toURL());
    }
    // The tool's own loader is the parent: the generated code must link to the tool's CacheKey.
    // Its class path holds no manifests of its own, so those found are --classpath's.
    try (URLClassLoader loader = new URLClassLoader(entries.toArray(new URL[0]), KeyCommand.class.getClassLoader())) {
      List<CachetManifest> manifests = load(loader);
      TreeSet<String> names = new TreeSet<>();
      List<String> declaredBy = new ArrayList<>();
      for (CachetManifest manifest : manifests) {
        for (CachetManifest.Namespace declared : manifest.namespaces()) {
          names.add(declared.name());
          if (declared.name().equals(namespace)) {
            declaredBy.add(manifest.interfaceName());
          }
        }
      }
      if (declaredBy.isEmpty()) {
        cli.err.println("cachet: no namespace " + namespace + " in the manifests on " + cli.classpath
            + (names.isEmpty() ? " (none found: is it built with the Cachet processor?)"
                : "; known: " + String.join(", ", names)));
        return CachetCli.NOT_FOUND;
      }
      List<CacheKey> keys;
      try {
        keys = CachetManifest.keys(manifests, namespace, arguments);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new CachetCli.UsageException(e.getMessage());
      }
      if (keys.size() > 1) {
        cli.err.println("cachet: " + namespace + " is declared with different keys by: "
            + String.join(", ", declaredBy) + "; one key per declaration:");
      }
      keys.forEach(key -> cli.out.println(key.key()));
      return CachetCli.OK;
    }
  }

  private static List<CachetManifest> load(ClassLoader loader) {
    try {
      return CachetManifest.load(loader);
    } catch (IllegalStateException e) {
      throw new CachetCli.UsageException(e.getMessage());
    } catch (UncheckedIOException e) {
      throw new CachetCli.UsageException(e.getMessage() + ": " + e.getCause().getMessage());
    }
  }
}
