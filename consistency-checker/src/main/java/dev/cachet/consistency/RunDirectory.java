package dev.cachet.consistency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files of one run, in one directory: the source of truth ({@code truth.bin}), and per worker
 * {@code process-N.history}, {@code process-N.summary} and {@code process-N.log} (its stderr),
 * the start time ({@code origin.txt}), the settings the model's windows derive from and the
 * faults applied ({@code windows.txt}, {@link Windows}) and the report ({@code report.txt}). They
 * stay after the run, so that it can be checked again, its logs read, and one key's operations
 * listed ({@link #main}; commands in the package documentation).
 */
final class RunDirectory {
  private final Path dir;

  RunDirectory(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path truth() {
    return dir.resolve("truth.bin");
  }

  Path history(int process) {
    return dir.resolve("process-" + process + ".history");
  }

  Path summary(int process) {
    return dir.resolve("process-" + process + ".summary");
  }

  Path log(int process) {
    return dir.resolve("process-" + process + ".log");
  }

  Path windows() {
    return dir.resolve("windows.txt");
  }

  /** Keeps the windows' settings and the run's faults, which the check reads back. */
  void writeWindows(Windows windows) throws IOException {
    windows.write(windows());
  }

  /** How many workers left a history here. */
  int processes() {
    int count = 0;
    while (Files.exists(history(count))) {
      count++;
    }
    return count;
  }

  /** Replays every worker's history; a missing or truncated one fails the replay. */
  Checker.Replay replay(int processes) {
    return sink -> {
      for (int p = 0; p < processes; p++) {
        HistoryFile.replay(history(p), sink);
      }
    };
  }

  /** Each worker's summary, {@code null} for a worker that left none. */
  List<ProcessSummary> summaries(int processes) throws IOException {
    List<ProcessSummary> summaries = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      summaries.add(Files.exists(summary(p)) ? ProcessSummary.read(summary(p)) : null);
    }
    return summaries;
  }

  /**
   * Checks the histories here against the source of truth's final versions, judging stale reads
   * against the windows of {@code windows.txt}.
   */
  Checker.Findings check(int processes) throws IOException {
    long[] finalVersions;
    try (VersionFile truth = VersionFile.open(truth())) {
      finalVersions = truth.snapshot();
    }
    Checker.Findings findings =
        Checker.check(replay(processes), finalVersions.length, finalVersions, Windows.read(windows()));
    List<ProcessSummary> summaries = summaries(processes);
    for (int p = 0; p < processes; p++) {
      if (summaries.get(p) == null) {
        findings.harness("worker " + p + " left no summary: it did not end normally (see " + log(p) + ")");
      }
    }
    return findings;
  }

  /**
   * The time the workers were told to start, as the run recorded it in {@code origin.txt}, or
   * {@code fallback} for a directory without one.
   */
  long origin(long fallback) throws IOException {
    Path origin = dir.resolve("origin.txt");
    return Files.exists(origin) ? Long.parseLong(Files.readString(origin).trim()) : fallback;
  }

  /** Records the time the workers were told to start, which every report time is relative to. */
  void writeOrigin(long nanos) throws IOException {
    Files.writeString(dir.resolve("origin.txt"), Long.toString(nanos) + "\n");
  }

  /**
   * Checks a saved run again and prints the report (without the run's settings); with
   * {@code --key K}, prints instead every operation on key {@code K} that overlaps
   * {@code --from}..{@code --to} (milliseconds, as in the report), for reading one race closely.
   */
  public static void main(String[] args) throws IOException {
    Arguments options = Arguments.parse(args, Set.of());
    RunDirectory run = new RunDirectory(Path.of(options.required("dir")));
    long key = options.number("key", -1);
    double from = Double.parseDouble(options.text("from", "-1e12"));
    double to = Double.parseDouble(options.text("to", "1e12"));
    options.requireAllUsed();
    int processes = run.processes();
    if (key >= 0) {
      printOperations(run, processes, (int) key, from, to);
      return;
    }
    Checker.Findings findings = run.check(processes);
    long origin = run.origin(findings.firstStart);
    System.out.print(Report.format(null, origin, findings, run.summaries(processes), null));
    System.exit(findings.exitCode());
  }

  private static void printOperations(RunDirectory run, int processes, int key, double from, double to)
      throws IOException {
    List<Op> ops = new ArrayList<>();
    long[] first = {Long.MAX_VALUE};
    run.replay(processes).replay(op -> {
      first[0] = Math.min(first[0], op.start());
      if (op.key() == key) {
        ops.add(op);
      }
    });
    long origin = run.origin(first[0]);
    ops.sort(Comparator.comparingLong(Op::start));
    System.out.println("     start ms       end ms       mid ms  process  operation                version  flags");
    for (Op op : ops) {
      double start = (op.start() - origin) / 1e6;
      double end = (op.end() - origin) / 1e6;
      if (end < from || start > to) {
        continue;
      }
      String mid = op.mid() < 0 ? "" : String.format(Locale.ROOT, "%.3f", (op.mid() - origin) / 1e6);
      System.out.printf(Locale.ROOT, "%12.3f %12.3f %12s  %-7s  %-22s  v%-6d  %s%n", start, end, mid, op.where(),
          op.type(), op.version(), flags(op));
    }
  }

  private static String flags(Op op) {
    List<String> names = new ArrayList<>();
    if (op.has(Op.DELEGATE)) {
      names.add("own delegate call");
    }
    if (op.has(Op.FAILED)) {
      names.add("FAILED");
    }
    if (op.has(Op.WRONG_ITEM)) {
      names.add("WRONG ITEM");
    }
    if (op.has(Op.FAULT)) {
      names.add("transport fault");
    }
    if (op.has(Op.NO_ROUND_TRIP)) {
      names.add("no round trip");
    }
    if (op.has(Op.UNACKNOWLEDGED)) {
      names.add("NOT acknowledged");
    }
    return String.join(", ", names);
  }
}
