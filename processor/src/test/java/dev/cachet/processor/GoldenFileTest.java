package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cachet.processor.Compilations.compile;
import static dev.cachet.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Pins the generated decorator and keys of the canonical {@code ImageService} to the letter. */
class GoldenFileTest {
  private static final JavaFileObject IMAGE =
      source("p.Image", "package p;", "", "public record Image(String id, String owner) {}");

  private static final JavaFileObject IMAGE_SERVICE =
      source(
          "p.ImageService",
          "package p;",
          "",
          "import dev.cachet.Cached;",
          "import dev.cachet.Invalidates;",
          "import java.util.List;",
          "",
          "public interface ImageService {",
          "  @Cached(namespace = \"image_list\", region = \"long_term\")",
          "  List<Image> describeImages(String owner, String region);",
          "",
          "  @Cached(namespace = \"image\", region = \"short_term\")",
          "  Image image(String id);",
          "",
          "  @Invalidates(namespace = \"image_list\")",
          "  void registerImage(String owner, String region, Image image);",
          "",
          "  @Invalidates(namespace = \"image\", all = true)",
          "  void forgetImages();",
          "",
          "  int count(String owner);",
          "",
          "  default String describe(String owner) {",
          "    return owner + \": \" + count(owner);",
          "  }",
          "}");

  @Test
  void canonicalImageServiceGeneratesThisDecorator() throws IOException {
    Compilation compilation = compile(IMAGE, IMAGE_SERVICE);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.CachingImageService")
        .contentsAsUtf8String()
        .isEqualTo(golden("CachingImageService.java.txt"));
  }

  @Test
  void canonicalImageServiceGeneratesTheseKeys() throws IOException {
    Compilation compilation = compile(IMAGE, IMAGE_SERVICE);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.ImageServiceKeys")
        .contentsAsUtf8String()
        .isEqualTo(golden("ImageServiceKeys.java.txt"));
  }

  @Test
  void goldenDecoratorIsEquivalentSource() throws IOException {
    Compilation compilation = compile(IMAGE, IMAGE_SERVICE);

    assertThat(compilation)
        .generatedSourceFile("p.CachingImageService")
        .hasSourceEquivalentTo(
            JavaFileObjects.forSourceString(
                "p.CachingImageService", golden("CachingImageService.java.txt")));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = GoldenFileTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
