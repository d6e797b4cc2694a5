package dev.cachet.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one JMH run, read from its {@code -rf json} file: per benchmark and parameter
 * set, the median of every measured iteration. A small JSON reader of its own, so the report and
 * the plot need no dependency.
 */
final class JmhResults {
  /** One benchmark with one parameter set. */
  record Result(String benchmarkClass, String method, Map<String, String> params, String unit,
      double median, double min, double max, int threads, String jdk) {
    String paramText() {
      return params.isEmpty() ? "" : params.toString().replaceAll("[{}]", "");
    }
  }

  private JmhResults() {}

  static List<Result> read(Path json) throws IOException {
    Object root = new Reader(Files.readString(json, StandardCharsets.UTF_8)).value();
    List<Result> results = new ArrayList<>();
    for (Object element : (List<?>) root) {
      Map<?, ?> run = (Map<?, ?>) element;
      String benchmark = (String) run.get("benchmark");
      int dot = benchmark.lastIndexOf('.');
      String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
      Map<String, String> params = new TreeMap<>();
      if (run.get("params") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> params.put((String) k, (String) v));
      }
      Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
      List<Double> scores = new ArrayList<>();
      for (Object fork : (List<?>) metric.get("rawData")) {
        for (Object score : (List<?>) fork) {
          scores.add(((Number) score).doubleValue());
        }
      }
      double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      results.add(
          new Result(
              className,
              benchmark.substring(dot + 1),
              params,
              (String) metric.get("scoreUnit"),
              median(sorted),
              sorted[0],
              sorted[sorted.length - 1],
              ((Number) run.get("threads")).intValue(),
              run.get("jdkVersion") + " " + run.get("vmName")));
    }
    return results;
  }

  static double median(double[] sorted) {
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Recursive descent over the JSON JMH writes: objects, arrays, strings, numbers, literals. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    Object value() {
      skipSpace();
      char c = text.charAt(at);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        default:
          if (text.startsWith("true", at)) {
            at += 4;
            return Boolean.TRUE;
          }
          if (text.startsWith("false", at)) {
            at += 5;
            return Boolean.FALSE;
          }
          if (text.startsWith("null", at)) {
            at += 4;
            return null;
          }
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> object = new LinkedHashMap<>();
      at++;
      skipSpace();
      if (text.charAt(at) == '}') {
        at++;
        return object;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        object.put(key, value());
        skipSpace();
        if (text.charAt(at++) == '}') {
          return object;
        }
      }
    }

    private List<Object> array() {
      List<Object> array = new ArrayList<>();
      at++;
      skipSpace();
      if (text.charAt(at) == ']') {
        at++;
        return array;
      }
      while (true) {
        array.add(value());
        skipSpace();
        if (text.charAt(at++) == ']') {
          return array;
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          char escaped = text.charAt(at++);
          switch (escaped) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
              at += 4;
            }
            default -> out.append(escaped);
          }
        } else {
          out.append(c);
        }
      }
    }

    private Object number() {
      int start = at;
      while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      if (start == at) {
        // JMH writes "NaN" as a string, but be safe about bare words.
        throw new IllegalArgumentException("unexpected JSON at " + at + ": " + text.substring(at, Math.min(text.length(), at + 20)));
      }
      return Double.parseDouble(text.substring(start, at));
    }

    private void expect(char c) {
      if (text.charAt(at) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + at);
      }
      at++;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
