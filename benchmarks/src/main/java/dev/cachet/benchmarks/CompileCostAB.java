package dev.cachet.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Question 5 side by side: compiles the interfaces of {@link CompileCost} with {@code -proc:none}
 * and with each given processor jar on the processor path, in turn within every repeat, in one JVM,
 * so two builds of the processor meet the same machine load. Prints the median wall time and the
 * median CPU time of the compiling thread (javac runs in the caller's thread), which a busy machine
 * disturbs much less than the wall time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.cachet.benchmarks.CompileCostAB N
 * repeats old.jar new.jar}; each jar holds the processor and JavaPoet (a {@code benchmarks.jar}
 * does). The generated code compiles against this JVM's class path, the same for every jar. One
 * compile with the first jar warms javac up first.
 */
public final class CompileCostAB {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CompileCostAB() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: CompileCostAB N repeats processor.jar...");
    }
    int size = Integer.parseInt(args[0]);
    int repeats = Integer.parseInt(args[1]);
    List<String> variants = new ArrayList<>();
    variants.add(null);
    variants.addAll(Arrays.asList(args).subList(2, args.length));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path work = Files.createTempDirectory("cachet-compile-cost-ab");
    try {
      List<Path> files = CompileCost.sources(work.resolve("src"), size);
      compile(javac, files, work.resolve("warm-up"), variants.get(1));
      Map<String, long[]> wall = new LinkedHashMap<>();
      Map<String, long[]> cpu = new LinkedHashMap<>();
      for (String variant : variants) {
        wall.put(name(variant), new long[repeats]);
        cpu.put(name(variant), new long[repeats]);
      }
      for (int r = 0; r < repeats; r++) {
        for (String variant : variants) {
          long[] spent = compile(javac, files, work.resolve("out-" + r), variant);
          wall.get(name(variant))[r] = spent[0];
          cpu.get(name(variant))[r] = spent[1];
        }
      }
      double plainWall = CompileCost.median(wall.get(name(null)));
      double plainCpu = CompileCost.median(cpu.get(name(null)));
      System.out.printf(
          Locale.ROOT,
          "%n| %d interfaces | wall, ms | CPU, ms | wall, ms/interface | CPU, ms/interface |"
              + " added wall, ms/interface | added CPU, ms/interface |%n"
              + "|---|---:|---:|---:|---:|---:|---:|%n",
          size);
      for (String variant : variants) {
        double w = CompileCost.median(wall.get(name(variant)));
        double c = CompileCost.median(cpu.get(name(variant)));
        System.out.printf(
            Locale.ROOT,
            "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |%n",
            name(variant),
            w,
            c,
            w / size,
            c / size,
            (w - plainWall) / size,
            (c - plainCpu) / size);
      }
      System.out.printf(
          Locale.ROOT,
          "%n# %s, %d repeats each in turn, medians; wall runs %s; CPU runs %s%n",
          Runtime.version(),
          repeats,
          format(wall),
          format(cpu));
    } finally {
      CompileCost.delete(work);
    }
  }

  private static String name(String variant) {
    return variant == null ? "javac alone" : variant;
  }

  /** Wall and thread CPU milliseconds of one compile; fails loudly on a compile error. */
  private static long[] compile(JavaCompiler javac, List<Path> files, Path out, String processor)
      throws IOException {
    Files.createDirectories(out.resolve("classes"));
    Files.createDirectories(out.resolve("generated"));
    long startedCpu = THREADS.getCurrentThreadCpuTime();
    long started = System.nanoTime();
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          new ArrayList<>(
              List.of(
                  "--release", "17",
                  "-classpath", System.getProperty("java.class.path"),
                  "-d", out.resolve("classes").toString(),
                  "-s", out.resolve("generated").toString()));
      if (processor == null) {
        options.add("-proc:none");
      } else {
        options.addAll(
            List.of("-processorpath", processor, "-processor", "dev.cachet.processor.CachetProcessor"));
      }
      if (!javac.getTask(null, fileManager, null, options, null, fileManager.getJavaFileObjectsFromPaths(files)).call()) {
        throw new IllegalStateException("compile failed with " + name(processor));
      }
    }
    long[] spent = {
      (System.nanoTime() - started) / 1_000_000,
      (THREADS.getCurrentThreadCpuTime() - startedCpu) / 1_000_000
    };
    CompileCost.delete(out);
    return spent;
  }

  private static String format(Map<String, long[]> runs) {
    StringBuilder out = new StringBuilder();
    runs.forEach((name, values) -> out.append(name).append('=').append(Arrays.toString(values)).append(' '));
    return out.toString().trim();
  }
}
