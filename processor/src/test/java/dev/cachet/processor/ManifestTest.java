package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cachet.processor.Compilations.compile;
import static dev.cachet.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build-time manifest: namespaces, key parameters, fingerprints and regions, per interface. */
class ManifestTest {
  private static final JavaFileObject IMAGE =
      source("p.Image", "package p;", "", "public record Image(String id, String owner) {}");

  private static final JavaFileObject IMAGE_SERVICE =
      source(
          "p.ImageService",
          "package p;",
          "",
          "import dev.cachet.Cached;",
          "import dev.cachet.Invalidates;",
          "import dev.cachet.NotKey;",
          "import java.util.List;",
          "",
          "public interface ImageService {",
          "  enum Size { SMALL, LARGE }",
          "",
          "  @Cached(namespace = \"image_list\", region = \"long_term\")",
          "  List<Image> describeImages(String owner, String region);",
          "",
          "  @Cached(namespace = \"image\", region = \"short_term\")",
          "  Image image(String id, int version, Size size, @NotKey String traceId);",
          "",
          "  @Cached(namespace = \"tagged\")",
          "  List<Image> tagged(List<String> tags);",
          "",
          "  @Invalidates(namespace = \"image_list\")",
          "  void registerImage(String owner, String region, Image image);",
          "}");

  @Test
  void listsEveryNamespaceWithItsFingerprintRegionAndKeyParameters() throws IOException {
    Compilation compilation = compile(IMAGE, IMAGE_SERVICE);
    assertThat(compilation).succeededWithoutWarnings();

    Properties manifest = manifest(compilation, "META-INF/cachet/p.ImageService.properties");
    assertEquals("p.ImageService", manifest.getProperty("interface"));
    assertEquals("p.CachingImageService", manifest.getProperty("decorator"));
    assertEquals("p.ImageServiceKeys", manifest.getProperty("keys"));
    assertEquals("image_list image tagged", manifest.getProperty("namespaces"));
    assertEquals("b71a2fbd", manifest.getProperty("namespace.image_list.fingerprint"), "as in ImageServiceKeys");
    assertEquals("long_term", manifest.getProperty("namespace.image_list.regions"));
    assertEquals("imageList", manifest.getProperty("namespace.image_list.keys-method"));
    assertEquals("owner region", manifest.getProperty("namespace.image_list.parameters"));
    assertEquals("java.lang.String", manifest.getProperty("namespace.image_list.parameter.owner.type"));
    assertEquals("scalar", manifest.getProperty("namespace.image_list.parameter.owner.shape"));

    assertEquals("short_term", manifest.getProperty("namespace.image.regions"));
    assertEquals("id version size", manifest.getProperty("namespace.image.parameters"), "@NotKey left out");
    assertEquals("int", manifest.getProperty("namespace.image.parameter.version.type"));
    assertEquals("p.ImageService.Size", manifest.getProperty("namespace.image.parameter.size.type"));
    assertEquals("scalar", manifest.getProperty("namespace.image.parameter.size.shape"));

    assertEquals("default", manifest.getProperty("namespace.tagged.regions"));
    assertEquals("java.util.List<java.lang.String>", manifest.getProperty("namespace.tagged.parameter.tags.type"));
    assertEquals("list", manifest.getProperty("namespace.tagged.parameter.tags.shape"));
  }

  @Test
  void aNestedInterfaceIsNamedByItsBinaryName() throws IOException {
    JavaFileObject outer =
        source(
            "p.Outer",
            "package p;",
            "",
            "import dev.cachet.Cached;",
            "",
            "public final class Outer {",
            "  private Outer() {}",
            "",
            "  public interface Inner {",
            "    @Cached(namespace = \"count\")",
            "    long count(java.util.UUID owner);",
            "  }",
            "}");
    Compilation compilation = compile(outer);
    assertThat(compilation).succeededWithoutWarnings();

    Properties manifest = manifest(compilation, "META-INF/cachet/p.Outer$Inner.properties");
    assertEquals("p.Outer$Inner", manifest.getProperty("interface"));
    assertEquals("p.CachingOuter_Inner", manifest.getProperty("decorator"));
    assertEquals("java.util.UUID", manifest.getProperty("namespace.count.parameter.owner.type"));
  }

  @Test
  void anInterfaceWithErrorsWritesNoManifestAndTheOthersStillDo(@TempDir Path temp) throws IOException {
    JavaFileObject broken =
        source(
            "p.Broken",
            "package p;",
            "",
            "import dev.cachet.Cached;",
            "",
            "public interface Broken {",
            "  @Cached(namespace = \"Bad Name\")",
            "  String value(String id);",
            "}");
    Path classes = temp.resolve("classes");
    boolean compiled = Compilations.compileTo(temp.resolve("generated"), classes, IMAGE, IMAGE_SERVICE, broken);

    assertFalse(compiled);
    assertTrue(Files.exists(classes.resolve("META-INF/cachet/p.ImageService.properties")));
    assertFalse(Files.exists(classes.resolve("META-INF/cachet/p.Broken.properties")));
  }

  private static Properties manifest(Compilation compilation, String path) throws IOException {
    JavaFileObject file =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, path)
            .orElseThrow(() -> new AssertionError("no " + path + " in " + compilation.generatedFiles()));
    Properties properties = new Properties();
    try (InputStream in = file.openInputStream()) {
      properties.load(in);
    }
    return properties;
  }
}
