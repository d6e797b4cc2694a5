package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cachet.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.Cachet;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The decorator's constructor hands the runtime every class reachable from its cached types --
 * fields through the graph, superclasses, record components, element types, arrays, enums --
 * naming by string the ones the generated package cannot name; and nothing else.
 */
class AllowedClassesTest {
  private static final JavaFileObject[] SOURCES = {
    source("a.Tag", "package a;", "public enum Tag { RED, BLUE }"),
    source("a.Audit", "package a;", "public class Audit { public String who; }"),
    source("a.Base", "package a;", "public abstract class Base { public Audit audit; }"),
    source("a.Mapping", "package a;", "public record Mapping(String device, int size) {}"),
    source("a.Ignored", "package a;", "public class Ignored { public java.net.Socket socket; }"),
    source("a.Old", "package a;", "@Deprecated public class Old { public String note; }"),
    source(
        "a.Image",
        "package a;",
        "public class Image extends Base {",
        "  public static Ignored shared;",
        "  public transient Ignored notStored;",
        "  public Mapping[] devices;",
        "  public java.util.Set<Tag> tags;",
        "  @SuppressWarnings(\"deprecation\") public Old old;",
        "}"),
    source("b.Secret", "package b;", "class Secret { String code; }"),
    source(
        "b.Owner",
        "package b;",
        "public class Owner {",
        "  public String name;",
        "  Secret secret;",
        "  public java.time.Instant since;",
        "}"),
    source(
        "a.Catalog",
        "package a;",
        "import dev.cachet.Cached;",
        "import java.util.Map;",
        "import java.util.Optional;",
        "public interface Catalog {",
        "  @Cached(namespace = \"image\", region = \"r\")",
        "  Image image(String id);",
        "  @Cached(namespace = \"owners\", region = \"r\")",
        "  Optional<Map<String, b.Owner>> owners(String id);",
        "  int count(String owner);",
        "}"),
  };

  @Test
  void theConstructorAllowsTheGraphsClassesAndNamesTheInaccessibleOnes() throws IOException {
    Compilation compilation = Compilations.compile(SOURCES);
    assertThat(compilation).succeededWithoutWarnings();
    String decorator =
        compilation.generatedSourceFile("a.CachingCatalog").orElseThrow().getCharContent(true).toString();
    assertTrue(
        decorator.contains(
            "CachedOperation.allow(cachet, CachingCatalog.class, Audit.class, Base.class, Image.class,"
                + " Mapping.class, Tag.class, Owner.class);"),
        decorator);
    assertTrue(
        decorator.contains(
            "CachedOperation.allowByName(cachet, CachingCatalog.class, \"a.Old\", \"b.Secret\");"),
        decorator);
    assertTrue(!decorator.contains("Ignored"), "static and transient fields store nothing");
    assertTrue(!decorator.contains("Instant.class"), "JDK classes come from the runtime's list");
  }

  @Test
  void aValueMadeOfThoseClassesIsCachedAndReadBack() throws Throwable {
    LoadedCompilation loaded = LoadedCompilation.of(SOURCES);
    Class<?> imageType = loaded.type("a.Image");
    Object image = imageType.getConstructor().newInstance();
    Object audit = loaded.type("a.Audit").getConstructor().newInstance();
    loaded.type("a.Audit").getField("who").set(audit, "alice");
    imageType.getField("audit").set(image, audit);
    Constructor<?> mapping = loaded.type("a.Mapping").getConstructors()[0];
    Object devices = java.lang.reflect.Array.newInstance(loaded.type("a.Mapping"), 1);
    java.lang.reflect.Array.set(devices, 0, mapping.newInstance("sda", 8));
    imageType.getField("devices").set(image, devices);
    Object red = loaded.type("a.Tag").getEnumConstants()[0];
    imageType.getField("tags").set(image, java.util.Set.of(red));
    Object old = loaded.type("a.Old").getConstructor().newInstance();
    imageType.getField("old").set(image, old);

    // Fory resolves array field types by name: through the compiled classes' loader here, as
    // an application's own class loader would.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(imageType.getClassLoader());
    try (Cachet cachet = Cachet.builder().inMemory().region("r", Duration.ofMinutes(1)).build()) {
      Object catalog =
          loaded.decorate("a.CachingCatalog", loaded.delegate("a.Catalog", (method, arguments) -> image), cachet);
      Object first = LoadedCompilation.call(catalog, "image", "i1");
      Object second = LoadedCompilation.call(catalog, "image", "i1");
      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(Map.of(), counts.decodeFailures(), cachet.statistics().format());
      assertEquals(1, counts.stores(), cachet.statistics().format());
      assertEquals(1, counts.hits());
      assertTrue(first == image && second != image, "the second call read the cache");
      Object readAudit = imageType.getField("audit").get(second);
      assertEquals("alice", readAudit.getClass().getField("who").get(readAudit));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
