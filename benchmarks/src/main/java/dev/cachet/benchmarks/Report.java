package dev.cachet.benchmarks;

import dev.cachet.benchmarks.JmhResults.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the Markdown tables of docs/benchmarks.md from a JMH JSON file: per benchmark class,
 * the median of the measured iterations (and their range, to show the noise), the ratio to the
 * baseline the issue names, and each goal with its verdict.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.cachet.benchmarks.Report a.json [b.json...]}
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException {
    List<Result> results = new ArrayList<>();
    for (String file : args) {
      results.addAll(JmhResults.read(Path.of(file)));
    }
    Map<String, List<Result>> byClass = new LinkedHashMap<>();
    for (Result result : results) {
      byClass.computeIfAbsent(result.benchmarkClass(), c -> new ArrayList<>()).add(result);
    }
    if (!results.isEmpty()) {
      System.out.printf("JVM: %s%n", results.get(0).jdk());
    }
    byClass.forEach((className, rows) -> {
      System.out.printf("%n### %s%n%n", className);
      System.out.println("| benchmark | params | threads | median | min .. max | unit | vs baseline |");
      System.out.println("|---|---|---:|---:|---:|---|---:|");
      for (Result row : rows) {
        String ratio = baseline(rows, row)
            .map(base -> String.format(Locale.ROOT, "%.2f x %s", row.median() / base.median(), base.method()))
            .orElse("");
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %s | %s .. %s | %s | %s |%n",
            row.method(), row.paramText(), row.threads(), number(row.median()), number(row.min()),
            number(row.max()), row.unit(), ratio);
      }
      goals(className, rows);
      System.out.println();
    });
  }

  /** The row each row is compared with: its baseline in docs/benchmarks.md. */
  private static Optional<Result> baseline(List<Result> rows, Result row) {
    String baseline;
    switch (row.benchmarkClass()) {
      case "HitPathBenchmark" -> baseline = "handWritten";
      case "KeyBenchmark" -> baseline = "stringBuilder";
      case "MemcachedHitBenchmark" -> baseline = row.method().replace("cachet", "raw");
      case "PipelineBenchmark" -> baseline = row.method().replace("cachet", "xmemcached");
      default -> baseline = null;
    }
    return find(rows, baseline, row.params());
  }

  private static Optional<Result> find(List<Result> rows, String method, Map<String, String> params) {
    return rows.stream().filter(r -> r.method().equals(method) && r.params().equals(params)).findFirst();
  }

  private static void goals(String className, List<Result> rows) {
    for (Result row : rows) {
      switch (className) {
        case "HitPathBenchmark" -> {
          if (row.method().startsWith("cachet")) {
            boolean near = row.method().equals("cachetNearCache");
            String cachet = near ? "cachet near cache" : "cachet";
            // Each against the hand-written decorator with the same semantics: copies or references.
            String hand = near ? "handWrittenReference" : "handWritten";
            find(rows, hand, row.params()).ifPresent(baseline -> verdict(
                cachet + " / " + hand + ", " + row.paramText(), row, baseline, "<= 1.2", false, 1.2));
            find(rows, "springDefaultKey", row.params()).ifPresent(spring -> verdict(
                "Spring default key / " + cachet + " (speed-up), " + row.paramText(),
                spring, row, ">= 20", true, 20));
          }
        }
        case "KeyBenchmark" -> {
          if (row.method().equals("cachet")) {
            find(rows, "stringBuilder", row.params()).ifPresent(hand ->
                verdict("cachet / StringBuilder key, " + row.paramText(), row, hand, "<= 1.5", false, 1.5));
          }
        }
        case "MemcachedHitBenchmark" -> {
          if (row.method().startsWith("cachet")) {
            find(rows, row.method().replace("cachet", "raw"), row.params()).ifPresent(raw -> verdict(
                "cachet / raw Xmemcached throughput, " + row.threads() + " threads, " + row.paramText(),
                row, raw, ">= 0.9", true, 0.9));
          }
        }
        default -> {
          // Question 4 has no ratio goal: the figures are kept current.
        }
      }
    }
  }

  /**
   * The goal is judged on the ratio of medians; the ratio of the best iterations is printed
   * beside it because other work on a shared machine only ever slows an iteration down.
   */
  private static void verdict(
      String what, Result numerator, Result denominator, String goal, boolean atLeast, double bound) {
    double ratio = numerator.median() / denominator.median();
    // Best iteration: the least time per op, or the most ops per time for a throughput.
    boolean throughput = numerator.unit().contains("/s") || numerator.unit().contains("/ms");
    double best = throughput
        ? numerator.max() / denominator.max()
        : numerator.min() / denominator.min();
    boolean met = atLeast ? ratio >= bound : ratio <= bound;
    System.out.printf(
        Locale.ROOT, "%n- %s: **%.2f** (goal %s): %s; best iterations %.2f",
        what, ratio, goal, met ? "met" : "MISSED", best);
  }

  private static String number(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.3f", value);
  }
}
