package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cachet.processor.Compilations.compile;
import static dev.cachet.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every shape at once, compiled with {@code -Xlint:all -Werror}: the generated code gives no
 * warning, and its hit path has no lambda, method reference or reflection.
 */
class GeneratedCodeLintTest {
  private static final JavaFileObject POINT =
      source("p.Point", "package p;", "public record Point(int x, int y) {}");
  private static final JavaFileObject EVERYTHING =
      source(
          "p.Everything",
          "package p;",
          "import dev.cachet.Cached;",
          "import dev.cachet.DoNotCacheNull;",
          "import dev.cachet.Invalidates;",
          "import dev.cachet.NotKey;",
          "import java.util.List;",
          "import java.util.Optional;",
          "import java.util.Set;",
          "import java.util.concurrent.CompletableFuture;",
          "import java.util.concurrent.CompletionStage;",
          "public interface Everything<T extends Comparable<T>> extends Base<T>, java.io.Closeable {",
          "  @Deprecated @Cached(namespace = \"old\") String old(String id);",
          "  @Deprecated int older();",
          "  @SuppressWarnings(\"unchecked\")",
          "  @Cached(namespace = \"lists\") String lists(String owner, List<String>... lists);",
          "  @SuppressWarnings(\"unchecked\") <V> void generic(V... values);",
          "  @Cached(namespace = \"one\", region = \"a\") T one(String id);",
          "  @Cached(namespace = \"two\", region = \"b\") T one(long id);",
          "  @Cached(namespace = \"generic\") <R> List<R> generic(String id, @NotKey Class<R> r);",
          "  @Cached(namespace = \"future\") CompletableFuture<List<T>> future(Set<Point> points);",
          "  @Cached(namespace = \"stage\") <R> CompletionStage<R> stage(Optional<String> name);",
          "  @Cached(namespace = \"optional\") @DoNotCacheNull Optional<T> optional(int... ids);",
          "  @Cached(namespace = \"primitive\") double primitive(List<List<Point>> grid)",
          "      throws java.io.IOException;",
          "  @Cached(namespace = \"array\") T[] array(char c, Character boxed);",
          "  @Cached(namespace = \"shadow\") <Cachet> List<Cachet> shadow(String id);",
          "  @Invalidates(namespace = \"one\")",
          "  @Invalidates(namespace = \"base\", all = true)",
          "  <E extends Exception> T update(String id, T value) throws E;",
          "  void plain(List<? super T> sink);",
          "  default int defaulted() { return 1; }",
          "  record Load(String why) {}",
          "  class CacheKey {}",
          "  interface Nested {",
          "    @Cached(namespace = \"nested\") String nested(String id);",
          "  }",
          "}");
  private static final JavaFileObject BASE =
      source(
          "p.Base",
          "package p;",
          "import dev.cachet.Cached;",
          "public interface Base<T> {",
          "  @Cached(namespace = \"base\") java.util.List<T> all(String owner);",
          "  class Objects {}",
          "}");

  /**
   * Classes named like types the generated code uses, in the package and nested in the interface
   * and its supertypes (inherited member types shadow imports), must not be picked up.
   */
  private static final JavaFileObject OBJECTS =
      source("p.Objects", "package p;", "public class Objects {}");
  private static final JavaFileObject LOAD =
      source("p.Load", "package p;", "public class Load {}");

  @Test
  void everyShapeTogetherCompilesWithoutAWarning() throws IOException {
    Compilation compilation = compile(POINT, BASE, EVERYTHING, OBJECTS, LOAD);

    assertThat(compilation).succeededWithoutWarnings();
    for (String name :
        new String[] {
          "p.CachingEverything", "p.EverythingKeys", "p.CachingBase", "p.BaseKeys",
          "p.CachingEverything_Nested", "p.Everything_NestedKeys"
        }) {
      String text =
          compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
      assertFalse(text.contains("->"), name + " has a lambda");
      assertFalse(text.contains("::"), name + " has a method reference");
      assertFalse(text.contains("java.lang.reflect"), name + " uses reflection");
    }
  }

  @Test
  void aDeprecatedInterfaceGivesDeprecatedClassesAndNoWarning() {
    JavaFileObject old =
        source(
            "p.Old",
            "package p;",
            "import dev.cachet.Cached;",
            "/** @deprecated use something else */",
            "@Deprecated",
            "public interface Old {",
            "  @Cached(namespace = \"old\") String find(String id);",
            "}");
    Compilation compilation = compile(old);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.CachingOld")
        .contentsAsUtf8String()
        .contains("@Deprecated\n@Generated");
  }
}
