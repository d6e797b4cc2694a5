package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cachet.processor.Compilations.compile;
import static dev.cachet.processor.Compilations.source;
import static dev.cachet.processor.LoadedCompilation.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.cachet.processor.LoadedCompilation.Delegate;
import dev.cachet.runtime.Cachet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The cached type's shape fingerprint is in every key: a deploy that changes the shape never reads
 * the bytes the old code wrote, and equal shapes agree across interfaces.
 */
class ShapeFingerprintTest {
  /** {@code KeyBuilder.of("ns", "fp")}, or {@code KeyBuilder.key("ns", "ns/fp...} of a scalar-only key. */
  private static final Pattern FINGERPRINT =
      Pattern.compile("KeyBuilder\\.(?:of|key)\\(\"([^\"]+)\", \"(?:\\1/)?([0-9a-f]{8})");

  private static final JavaFileObject SERVICE =
      source(
          "p.Images",
          "package p;",
          "import dev.cachet.Cached;",
          "public interface Images {",
          "  @Cached(namespace = \"image\") Image find(String id);",
          "}");

  private static JavaFileObject image(String... components) {
    return source(
        "p.Image",
        "package p;",
        "public record Image(" + String.join(", ", components) + ")",
        "    implements java.io.Serializable {}");
  }

  /** The fingerprint the generated keys of {@code namespace} use. */
  private static String fingerprint(String keysClass, String namespace, JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    String text;
    try {
      text =
          compilation.generatedSourceFile(keysClass).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> found = new ArrayList<>();
    Matcher matcher = FINGERPRINT.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(namespace)) {
        found.add(matcher.group(2));
      }
    }
    assertEquals(1, found.size(), text);
    return found.get(0);
  }

  /** Caches {@code find("1")} with the first sources, then calls it with the second. */
  private static long delegateCallsAfterRedeploy(
      JavaFileObject[] before, JavaFileObject[] after, Object... extraArguments) throws Throwable {
    RedeploySerializer serializer = new RedeploySerializer();
    try (Cachet cachet =
        Cachet.builder()
            .inMemory()
            .serializer(serializer)
            .region("default", Duration.ofMinutes(5))
            .build()) {
      LoadedCompilation oldCode = LoadedCompilation.of(before);
      serializer.deploy(oldCode.type("p.Image").getClassLoader());
      Delegate oldDelegate =
          oldCode.delegate(
              "p.Images",
              (method, arguments) ->
                  oldCode.type("p.Image").getConstructors()[0].newInstance(arguments[0]));
      Object oldImages = oldCode.decorate("p.CachingImages", oldDelegate, cachet);
      call(oldImages, "find", "1");
      call(oldImages, "find", "1");
      assertEquals(1, oldDelegate.count("find"), "the old code caches");

      LoadedCompilation newCode = LoadedCompilation.of(after);
      serializer.deploy(newCode.type("p.Image").getClassLoader());
      Delegate newDelegate =
          newCode.delegate(
              "p.Images",
              (method, arguments) -> {
                Object[] values = new Object[1 + extraArguments.length];
                values[0] = arguments[0];
                System.arraycopy(extraArguments, 0, values, 1, extraArguments.length);
                return newCode.type("p.Image").getConstructors()[0].newInstance(values);
              });
      Object newImages = newCode.decorate("p.CachingImages", newDelegate, cachet);

      Object image = call(newImages, "find", "1");
      assertEquals(newCode.type("p.Image"), image.getClass());
      assertEquals("1", image.getClass().getMethod("id").invoke(image));
      return newDelegate.count("find");
    }
  }

  @Test
  void changingAFieldMeansTheOldEntryIsNotRead() throws Throwable {
    long calls =
        delegateCallsAfterRedeploy(
            new JavaFileObject[] {image("String id"), SERVICE},
            new JavaFileObject[] {image("String id", "int size"), SERVICE},
            7);
    assertEquals(1, calls, "the new shape must not read the entry the old shape wrote");
  }

  /**
   * The control: the same shape redeployed reads the old entry, so the miss above is the
   * fingerprint's doing (this serializer would happily read the old bytes into the new record).
   */
  @Test
  void redeployingTheSameShapeReadsTheOldEntry() throws Throwable {
    long calls =
        delegateCallsAfterRedeploy(
            new JavaFileObject[] {image("String id"), SERVICE},
            new JavaFileObject[] {image("String id"), SERVICE});
    assertEquals(0, calls, "same shape: the entry is read");
  }

  @Test
  void recompilingTheSameShapeKeepsTheFingerprint() {
    assertEquals(
        fingerprint("p.ImagesKeys", "image", image("String id"), SERVICE),
        fingerprint("p.ImagesKeys", "image", image("String id"), SERVICE));
  }

  @Test
  void addingRenamingOrRetypingAFieldChangesIt() {
    String base = fingerprint("p.ImagesKeys", "image", image("String id"), SERVICE);
    assertNotEquals(base, fingerprint("p.ImagesKeys", "image", image("String name"), SERVICE));
    assertNotEquals(base, fingerprint("p.ImagesKeys", "image", image("long id"), SERVICE));
    assertNotEquals(
        base, fingerprint("p.ImagesKeys", "image", image("String id", "int size"), SERVICE));
  }

  @Test
  void changesDeepInTheGraphChangeIt() {
    JavaFileObject service =
        source(
            "p.Devices",
            "package p;",
            "import dev.cachet.Cached;",
            "import java.util.List;",
            "public interface Devices {",
            "  @Cached(namespace = \"devices\") List<Machine> machines(String owner);",
            "}");
    JavaFileObject machine =
        source(
            "p.Machine",
            "package p;",
            "public class Machine extends Base {",
            "  java.util.Map<String, Disk> disks;",
            "  State state;",
            "}");
    JavaFileObject base = source("p.Base", "package p;", "public class Base { String id; }");
    JavaFileObject disk = source("p.Disk", "package p;", "public record Disk(long size) {}");
    JavaFileObject state = source("p.State", "package p;", "public enum State { UP, DOWN }");
    String original = fingerprint("p.DevicesKeys", "devices", service, machine, base, disk, state);

    JavaFileObject diskChanged =
        source("p.Disk", "package p;", "public record Disk(long size, String label) {}");
    JavaFileObject stateChanged =
        source("p.State", "package p;", "public enum State { UP, DOWN, GONE }");
    JavaFileObject baseChanged =
        source("p.Base", "package p;", "public class Base { String id; transient int t; long v; }");
    JavaFileObject transientOnly =
        source("p.Base", "package p;", "public class Base { String id; transient int cache; }");

    assertNotEquals(
        original, fingerprint("p.DevicesKeys", "devices", service, machine, base, diskChanged, state));
    assertNotEquals(
        original, fingerprint("p.DevicesKeys", "devices", service, machine, base, disk, stateChanged));
    assertNotEquals(
        original, fingerprint("p.DevicesKeys", "devices", service, machine, baseChanged, disk, state));
    assertEquals(
        original,
        fingerprint("p.DevicesKeys", "devices", service, machine, transientOnly, disk, state),
        "transient fields are not stored, so they are not part of the shape");
  }

  @Test
  void sameNamespaceAndTypeGiveTheSameFingerprintAcrossInterfaces() {
    JavaFileObject other =
        source(
            "p.Gallery",
            "package p;",
            "import dev.cachet.Cached;",
            "public interface Gallery {",
            "  @Cached(namespace = \"image\") Image byId(String id);",
            "}");
    JavaFileObject image = image("String id", "java.util.List<String> tags");
    assertEquals(
        fingerprint("p.ImagesKeys", "image", image, SERVICE, other),
        fingerprint("p.GalleryKeys", "image", image, SERVICE, other));
  }

  @Test
  void cyclesEndByReference() {
    JavaFileObject node =
        source(
            "p.Node",
            "package p;",
            "public class Node { String name; Node parent; java.util.List<Node> children; }");
    JavaFileObject service =
        source(
            "p.Tree",
            "package p;",
            "import dev.cachet.Cached;",
            "public interface Tree {",
            "  @Cached(namespace = \"node\") Node node(String id);",
            "}");
    assertTrue(fingerprint("p.TreeKeys", "node", node, service).matches("[0-9a-f]{8}"));
  }

  @Test
  void typesNestingTheirOwnTypeArgumentsEnd() {
    JavaFileObject weird =
        source(
            "p.Weird",
            "package p;",
            "public class Weird<T> { T value; Weird<java.util.List<T>> deeper; }");
    JavaFileObject service =
        source(
            "p.Weirds",
            "package p;",
            "import dev.cachet.Cached;",
            "public interface Weirds {",
            "  @Cached(namespace = \"weird\") Weird<String> weird(String id);",
            "}");
    assertTrue(fingerprint("p.WeirdsKeys", "weird", weird, service).matches("[0-9a-f]{8}"));
  }

  @Test
  void typeArgumentsOfEveryUseArePartOfTheShape() {
    JavaFileObject box =
        source("p.Box", "package p;", "public class Box<T> { T value; }");
    String strings =
        fingerprint(
            "p.BoxesKeys",
            "boxes",
            box,
            source(
                "p.Boxes",
                "package p;",
                "import dev.cachet.Cached;",
                "public interface Boxes {",
                "  @Cached(namespace = \"boxes\") java.util.Map<Box<String>, Box<Long>> boxes(String id);",
                "}"));
    String longs =
        fingerprint(
            "p.BoxesKeys",
            "boxes",
            box,
            source(
                "p.Boxes",
                "package p;",
                "import dev.cachet.Cached;",
                "public interface Boxes {",
                "  @Cached(namespace = \"boxes\") java.util.Map<Box<String>, Box<Integer>> boxes(String id);",
                "}"));
    assertNotEquals(strings, longs);
  }
}
