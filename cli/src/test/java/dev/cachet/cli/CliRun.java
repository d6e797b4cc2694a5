package dev.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** One run of the command line in this JVM: its exit status and what it printed. */
final class CliRun {
  final int status;
  final String out;
  final String err;

  private CliRun(int status, String out, String err) {
    this.status = status;
    this.out = out;
    this.err = err;
  }

  static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** With {@code environment} as the variables it looks up ({@code CACHET_SERVERS}, {@code CACHET_REDIS}). */
  static CliRun run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = CachetCli.run(args, environment, o, e);
    }
    return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static void assertMatches(String text, String line) {
    assertTrue(Pattern.compile(line, Pattern.MULTILINE).matcher(text).find(),
        "no line matching " + line + " in\n" + text);
  }
}
