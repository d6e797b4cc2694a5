package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime shows users its API and SPI and nothing else: every other public type is in the
 * internal packages, which are documented as not for users, and of those the exported one holds
 * only what generated code calls. A type made public elsewhere fails here, with its name.
 */
class PublicSurfaceTest {
  private static final String INTERNAL = "dev.cachet.runtime.internal";

  @Test
  void publicTypesOutsideTheInternalPackageAreTheApiAndTheSpi() throws Exception {
    Set<String> expected =
        Set.of(
            "dev.cachet.runtime.CacheKey",
            "dev.cachet.runtime.CacheStatistics",
            "dev.cachet.runtime.CachetManifest",
            "dev.cachet.runtime.CachetManifest$Namespace",
            "dev.cachet.runtime.CachetManifest$Parameter",
            "dev.cachet.runtime.CacheStatistics$Counts",
            "dev.cachet.runtime.Cachet",
            "dev.cachet.runtime.Cachet$Builder",
            "dev.cachet.runtime.Cachet$Codec",
            "dev.cachet.runtime.Cachet$RegionOptions",
            "dev.cachet.runtime.CachetException",
            "dev.cachet.runtime.CachetSpec",
            "dev.cachet.runtime.DecodeFailure",
            "dev.cachet.runtime.NamespaceCache",
            "dev.cachet.runtime.NamespaceCache$Hit",
            "dev.cachet.runtime.StoreInspector",
            "dev.cachet.runtime.StoreInspector$Chunks",
            "dev.cachet.runtime.StoreInspector$Item",
            "dev.cachet.runtime.StoreInspector$Kind",
            "dev.cachet.runtime.fst.FstSerializer",
            "dev.cachet.runtime.metrics.CachetMetrics",
            "dev.cachet.runtime.spi.Serializer",
            "dev.cachet.runtime.spi.Transport",
            "dev.cachet.runtime.spi.Transport$PartialRead",
            "dev.cachet.runtime.spi.Transport$Versioned",
            "dev.cachet.runtime.spi.Transport$Write",
            "dev.cachet.runtime.spi.TransportException",
            "dev.cachet.runtime.spi.TransportProvider",
            "dev.cachet.runtime.spi.TransportProvider$Request");
    Set<String> outside = new TreeSet<>();
    for (String name : publicTypes()) {
      if (!name.startsWith(INTERNAL + ".")) {
        outside.add(name);
      }
    }
    assertEquals(new TreeSet<>(expected), outside);
    long topLevel = outside.stream().filter(name -> !name.contains("$")).count();
    assertTrue(topLevel <= 15, topLevel + " public top-level types outside " + INTERNAL);
  }

  @Test
  void theExportedInternalPackageHoldsOnlyWhatGeneratedCodeCalls() throws Exception {
    Set<String> exported = new TreeSet<>();
    for (String name : publicTypes()) {
      if (name.startsWith(INTERNAL + ".") && name.lastIndexOf('.') == INTERNAL.length()) {
        exported.add(name);
      }
    }
    assertEquals(
        new TreeSet<>(
            Set.of(
                INTERNAL + ".CachedOperation",
                INTERNAL + ".Engine",
                INTERNAL + ".KeyBuilder",
                INTERNAL + ".Load")),
        exported);
  }

  /** Every public type of the runtime's main classes, nested ones included when reachable. */
  private static Set<String> publicTypes() throws URISyntaxException, ClassNotFoundException {
    Path classes = Path.of(Cachet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = classes.relativize(file).toString().replace('\\', '/');
        if (!relative.endsWith(".class")
            || relative.endsWith("package-info.class")
            || relative.equals("module-info.class")) {
          continue;
        }
        String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        Class<?> type = Class.forName(name, false, PublicSurfaceTest.class.getClassLoader());
        if (isVisible(type)) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** Public, and so is every class it is nested in. */
  private static boolean isVisible(Class<?> type) {
    Deque<Class<?>> chain = new ArrayDeque<>();
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      chain.push(c);
    }
    return !type.isAnonymousClass()
        && !type.isLocalClass()
        && chain.stream().allMatch(c -> Modifier.isPublic(c.getModifiers()));
  }
}
