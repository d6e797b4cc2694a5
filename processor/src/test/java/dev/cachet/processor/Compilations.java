package dev.cachet.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

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
}
