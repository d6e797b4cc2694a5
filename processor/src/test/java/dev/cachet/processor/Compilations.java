package dev.cachet.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles test sources with the processor, as strictly as the project compiles itself. */
final class Compilations {
  private Compilations() {}

  /** A source file {@code name} (e.g. {@code p.ImageService}) from its lines. */
  static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceLines(name, lines);
  }

  /** Compiles with the processor, {@code -Xlint:all -Werror} as the project builds itself: generated
   * code warns nowhere. ({@code -processing} is off because Cachet never claims its annotations.) */
  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new CachetProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror", "-parameters")
        .compile(sources);
  }

  /** Compiles without -Werror, for sources that are meant to fail. */
  static Compilation compileLeniently(JavaFileObject... sources) {
    return javac().withProcessors(new CachetProcessor()).compile(sources);
  }

  /**
   * Compiles with the processor writing generated sources to {@code generated}; unlike
   * compile-testing, this shows what was generated when the compilation failed.
   *
   * @return whether the compilation succeeded
   */
  static boolean compileTo(Path generated, Path classes, JavaFileObject... sources)
      throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Files.createDirectories(generated);
    Files.createDirectories(classes);
    try (StandardJavaFileManager fileManager =
        compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              new StringWriter(),
              fileManager,
              null,
              List.of(
                  "-s", generated.toString(),
                  "-d", classes.toString(),
                  "-classpath", System.getProperty("java.class.path")),
              null,
              List.of(sources));
      task.setProcessors(List.of(new CachetProcessor()));
      return task.call();
    }
  }
}
