package dev.cachet.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Question 5: what the processor adds to a build. Generates {@code N} annotated interfaces of
 * five methods (four {@code @Cached} with mixed key and return types, a record among them, and
 * one {@code @Invalidates}), compiles them in process with javac with and without the processor,
 * and prints the median wall time per interface. A third compile takes the interfaces plus the
 * sources the processor generated, without the processor, to split the processor's cost into
 * generating the code and javac compiling it.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.cachet.benchmarks.CompileCost
 * [repeats] [N...]} (default 3 repeats of 100 and 1000). One compile of 100 interfaces with the
 * processor warms javac up first; it is not counted.
 */
public final class CompileCost {
  private CompileCost() {}

  public static void main(String[] args) throws IOException {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int[] sizes =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100, 1000};
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path work = Files.createTempDirectory("cachet-compile-cost");
    try {
      compile(javac, sources(work.resolve("warm-up"), 100), work.resolve("warm-up-out"), true);
      delete(work.resolve("kept-generated"));
      System.out.printf(
          Locale.ROOT,
          "%n| interfaces | without processor, ms | with processor, ms | without, ms/interface |"
              + " with, ms/interface | added by the processor, ms/interface |"
              + " generated sources compiled without the processor, ms/interface |%n"
              + "|---:|---:|---:|---:|---:|---:|---:|%n");
      for (int size : sizes) {
        Path sources = work.resolve("src-" + size);
        List<Path> files = sources(sources, size);
        long[] without = new long[repeats];
        long[] with = new long[repeats];
        long[] generatedWithout = new long[repeats];
        for (int r = 0; r < repeats; r++) {
          without[r] = compile(javac, files, work.resolve("out-" + size + "-plain-" + r), false);
          with[r] = compile(javac, files, work.resolve("out-" + size + "-cachet-" + r), true);
          // The interfaces plus what the processor wrote, compiled without it: how much of the
          // processor's cost is javac compiling the generated code rather than generating it.
          List<Path> all = new ArrayList<>(files);
          try (Stream<Path> generated = Files.walk(work.resolve("kept-generated"))) {
            generated.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
          }
          generatedWithout[r] = compile(javac, all, work.resolve("out-" + size + "-generated-" + r), false);
          delete(work.resolve("kept-generated"));
        }
        double plain = median(without);
        double cachet = median(with);
        double generatedPlain = median(generatedWithout);
        System.out.printf(
            Locale.ROOT,
            "| %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |%n",
            size,
            plain,
            cachet,
            plain / size,
            cachet / size,
            (cachet - plain) / size,
            generatedPlain / size);
      }
      System.out.printf(
          Locale.ROOT, "%n# %s, %d repeats each, median wall time of one in-process javac run%n",
          Runtime.version(), repeats);
    } finally {
      delete(work);
    }
  }

  /** Milliseconds to compile {@code files}; fails loudly on any compile error. */
  private static long compile(JavaCompiler javac, List<Path> files, Path out, boolean withProcessor)
      throws IOException {
    Files.createDirectories(out.resolve("classes"));
    Files.createDirectories(out.resolve("generated"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    long started = System.nanoTime();
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of(
          "--release", "17",
          "-classpath", System.getProperty("java.class.path"),
          "-d", out.resolve("classes").toString(),
          "-s", out.resolve("generated").toString()));
      if (withProcessor) {
        // As a user's build runs it: from the processor path (here the benchmarks jar itself).
        options.addAll(List.of(
            "-processorpath", System.getProperty("java.class.path"),
            "-processor", "dev.cachet.processor.CachetProcessor"));
      } else {
        options.add("-proc:none");
      }
      JavaCompiler.CompilationTask task =
          javac.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files));
      if (!task.call()) {
        throw new IllegalStateException("compile failed: " + diagnostics.getDiagnostics());
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (withProcessor) {
      try (Stream<Path> generated = Files.walk(out.resolve("generated"))) {
        long decorators = generated.filter(p -> p.getFileName().toString().startsWith("Caching")).count();
        if (decorators != files.size()) {
          throw new IllegalStateException(decorators + " decorators for " + files.size() + " interfaces");
        }
      }
      Files.move(out.resolve("generated"), out.getParent().resolve("kept-generated"));
    }
    delete(out);
    return millis;
  }

  /** Writes {@code count} interfaces into {@code directory}, package {@code gen}. */
  static List<Path> sources(Path directory, int count) throws IOException {
    Path pkg = directory.resolve("gen");
    Files.createDirectories(pkg);
    List<Path> files = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Path file = pkg.resolve("Service" + i + ".java");
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(
            """
            package gen;

            import dev.cachet.Cached;
            import dev.cachet.Invalidates;
            import java.time.Instant;
            import java.util.List;
            import java.util.UUID;

            public interface Service%1$d {
              record Entry(String name, long size, List<String> tags, Instant createdAt) {}

              @Cached(namespace = "item", region = "long_term")
              String item(String id);

              @Cached(namespace = "page", region = "long_term")
              List<Entry> page(String owner, int page, boolean archived);

              @Cached(namespace = "count", region = "short_term")
              int count(String owner);

              @Cached(namespace = "entry", region = "long_term")
              Entry entry(UUID id, Instant at);

              @Invalidates(namespace = "item")
              void rename(String id, String name);
            }
            """
                .formatted(i));
      }
      files.add(file);
    }
    return files;
  }

  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
  }

  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
