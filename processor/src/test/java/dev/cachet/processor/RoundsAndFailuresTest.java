package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cachet.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Rounds (types generated later are waited for) and the processor's own failures. */
class RoundsAndFailuresTest {
  private static final JavaFileObject WAITS =
      source(
          "p.Waits",
          "package p;",
          "import dev.cachet.Cached;",
          "public interface Waits {",
          "  @Cached(namespace = \"later\") Later later(String id);",
          "}");

  /** Another processor that generates {@code p.Later} in its first round. */
  static final class GeneratesLater extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer writer = processingEnv.getFiler().createSourceFile("p.Later").openWriter()) {
          writer.write("package p;\npublic record Later(String value, int size) {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void interfaceUsingATypeGeneratedInALaterRoundIsDeferredThenGenerated() {
    Compilation compilation =
        javac()
            .withProcessors(new CachetProcessor(), new GeneratesLater())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(WAITS);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.CachingWaits")
        .contentsAsUtf8String()
        .contains("public Later later(String id)");
    // Generated after Later was resolved: the fingerprint covers Later's components, exactly as
    // when Later is an ordinary source.
    Compilation direct =
        javac()
            .withProcessors(new CachetProcessor())
            .compile(
                source(
                    "p.Later",
                    "package p;",
                    "public record Later(String value, int size) {}"),
                WAITS);
    assertThat(compilation)
        .generatedSourceFile("p.WaitsKeys")
        .contentsAsUtf8String()
        .isEqualTo(keys(direct));
  }

  @Test
  void aTypeVariableBoundedByATypeGeneratedInALaterRoundIsDeferredToo() {
    JavaFileObject bounded =
        source(
            "p.Bounded",
            "package p;",
            "import dev.cachet.Cached;",
            "public interface Bounded {",
            "  @Cached(namespace = \"later\") <T extends Later> T later(String id);",
            "}");
    Compilation compilation =
        javac()
            .withProcessors(new CachetProcessor(), new GeneratesLater())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(bounded);
    assertThat(compilation).succeededWithoutWarnings();
    Compilation direct =
        javac()
            .withProcessors(new CachetProcessor())
            .compile(
                source("p.Later", "package p;", "public record Later(String value, int size) {}"),
                bounded);
    assertThat(compilation)
        .generatedSourceFile("p.BoundedKeys")
        .contentsAsUtf8String()
        .isEqualTo(keys(direct, "p.BoundedKeys"));
  }

  private static String keys(Compilation compilation) {
    return keys(compilation, "p.WaitsKeys");
  }

  private static String keys(Compilation compilation, String name) {
    try {
      return compilation
          .generatedSourceFile(name)
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void typeStillMissingAtTheLastRoundIsReportedOnTheInterface() {
    Compilation compilation = javac().withProcessors(new CachetProcessor()).compile(WAITS);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetUnresolvedType] no decorator generated for p.Waits: type Later is still"
                + " unresolved after the last round")
        .inFile(WAITS)
        .onLineContaining("public interface Waits");
  }

  @Test
  void aBugInTheProcessorIsAnErrorOnTheInterfaceWithItsStackTrace() {
    CachetProcessor failing =
        new CachetProcessor(
            iface -> {
              throw new IllegalStateException("simulated bug");
            });
    Compilation compilation =
        javac()
            .withProcessors(failing)
            .compile(
                source("p.Later", "package p;", "public record Later(String value) {}"), WAITS);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("[CachetInternalError] the Cachet processor failed on p.Waits")
        .inFile(WAITS)
        .onLineContaining("public interface Waits");
    assertThat(compilation)
        .hadErrorContaining("java.lang.IllegalStateException: simulated bug");
    assertThat(compilation).hadErrorContaining("at dev.cachet.processor.CachetProcessor");
  }

  @Test
  void aFileTheFilerRefusesIsAnErrorOnTheInterface() {
    JavaFileObject clash =
        source("p.CachingWaits", "package p;", "public class CachingWaits {}");
    Compilation compilation =
        javac()
            .withProcessors(new CachetProcessor())
            .compile(
                source("p.Later", "package p;", "public record Later(String value) {}"),
                WAITS,
                clash);

    assertThat(compilation)
        .hadErrorContaining("[CachetWriteFailed] could not write p.CachingWaits for p.Waits")
        .inFile(WAITS)
        .onLineContaining("public interface Waits");
  }
}
