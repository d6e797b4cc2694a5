package dev.cachet.consistency;

import dev.cachet.consistency.Checker.Cause;
import dev.cachet.consistency.Checker.Findings;
import dev.cachet.consistency.Checker.StaleRead;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text a run prints: what ran, what the harness checked about itself, the stale reads with
 * the timelines of the first few, the fault timeline, and the verdict. Times in timelines are
 * milliseconds since the workers were told to start ({@code +1234.567 ms}).
 */
final class Report {
  private Report() {}

  /**
   * @param settings the run's shape, or {@code null} for a history checked on its own
   * @param originNanos the time timelines are relative to
   * @param summaries the workers' summaries, by process (missing ones are {@code null})
   * @param faults what was done to the servers, in order; empty without faults
   * @param faultNote which server suffered the faults and how, or {@code null}
   */
  static String format(
      RunSettings settings,
      long originNanos,
      Findings findings,
      List<ProcessSummary> summaries,
      List<TimelineEvent> faults,
      String faultNote) {
    StringBuilder out = new StringBuilder();
    line(out, "== Cachet consistency check ==");
    double seconds = Math.max(0, findings.lastEnd - findings.firstStart) / 1e9;
    if (settings != null) {
      line(out, "run: %d processes x %d threads, %d memcached servers, %d keys, %.1f s of operations (%d s planned)",
          settings.processes(), settings.threadsPerProcess(), settings.servers(), settings.keys(), seconds,
          settings.duration().toSeconds());
      line(out, "     writes %.1f %% of operations, delegate pause 0..%d us after reading, operation timeout %d ms, faults: %s",
          settings.writePermille() / 10.0, settings.maxPauseMicros(), settings.operationTimeout().toMillis(),
          settings.faults() ? "on one server (timeline below)" : "none");
    } else {
      line(out, "history: %d processes, %d threads, %d keys, %.1f s of operations",
          findings.processes.size(), findings.threads, findings.keys, seconds);
    }
    long operations = findings.reads + findings.writes();
    line(out, "operations: %,d (%,.0f/s)", operations, seconds > 0 ? operations / seconds : 0.0);
    line(out, "  reads %,d; answered by their own delegate call %,d (%.1f %%)",
        findings.reads, findings.readsByOwnDelegate, percent(findings.readsByOwnDelegate, findings.reads));
    line(out, "  writes %,d, by invalidation path:", findings.writes());
    for (OpType type : OpType.WRITES) {
      line(out, "    %-56s %,d", type.label(), findings.writes(type));
    }
    line(out, "  failed calls (an exception reached the caller): %,d", findings.failedCalls);
    line(out, "  wrong items (null, or another key's item): %,d", findings.wrongItems);
    delegateCalls(out, findings, summaries);
    harness(out, findings);
    stale(out, findings);
    faults(out, originNanos, findings, faults, faultNote);
    examples(out, originNanos, findings);
    line(out, "verdict: %s (exit %d)", verdict(findings), findings.exitCode());
    return out.toString();
  }

  private static void delegateCalls(StringBuilder out, Findings findings, List<ProcessSummary> summaries) {
    line(out, "delegate calls and cache statistics, per process:");
    line(out, "  %-7s %10s %8s %12s %10s %10s %8s %12s %13s %10s %12s", "process", "item()", "writes",
        "item()/write", "hits", "misses", "lock t/o", "store failed", "store refused", "transport", "(timeouts)");
    long items = 0;
    long writes = 0;
    for (int p = 0; p < summaries.size(); p++) {
      ProcessSummary s = summaries.get(p);
      if (s == null) {
        line(out, "  p%-6d no summary: the worker did not end normally", p);
        continue;
      }
      items += s.itemCalls();
      writes += s.writeCalls();
      line(out, "  p%-6d %,10d %,8d %12.2f %,10d %,10d %,8d %,12d %,13d %,10d %,12d", p, s.itemCalls(),
          s.writeCalls(), ratio(s.itemCalls(), s.writeCalls()), s.hits(), s.misses(), s.lockTimeouts(),
          s.storeFailures(), s.storesRefused(), s.transportErrors(), s.transportTimeouts());
    }
    if (!summaries.isEmpty()) {
      line(out, "  %-7s %,10d %,8d %12.2f   (item() calls per write over all processes: the recomputations"
          + " each invalidation costs)", "all", items, writes, ratio(items, writes));
      // The two are easily confused, and only the first is a fault: say which is which.
      line(out, "  store failed: writes that failed (transport fault, serialization)");
      line(out, "  store refused: values computed by a miss, returned but not stored because their key or"
          + " namespace was invalidated, or their lease lapsed, while they were computed");
    }
  }

  private static void harness(StringBuilder out, Findings findings) {
    if (findings.sound()) {
      line(out, "harness checks: ok (versions 1..n of every key written exactly once and matching the source"
          + " of truth; clocks comparable across processes; no read of a version not yet written)");
      return;
    }
    line(out, "harness checks: %,d FAILED, the run is void; the first:", findings.harnessErrors);
    for (String message : findings.harnessMessages) {
      line(out, "  - %s", message);
    }
  }

  private static void stale(StringBuilder out, Findings findings) {
    line(out, "stale reads: %,d of %,d reads (%.3f %%), %,d episodes (distinct key and version served stale)",
        findings.staleReads, findings.reads, percent(findings.staleReads, findings.reads), findings.staleEpisodes);
    if (findings.staleReads == 0) {
      return;
    }
    StaleRead worst = findings.worst;
    line(out, "  largest staleness: %s (a read by %s of key %d, returning v%d; v%d's write and invalidation had"
        + " completed that long before it began)", millis(worst.stalenessNanos()), worst.read().where(),
        worst.read().key(), worst.read().version(), worst.newerWrite().version());
    StringBuilder buckets = new StringBuilder("  staleness:");
    String[] names = {"< 1 ms", "1-10 ms", "10-100 ms", "0.1-1 s", ">= 1 s"};
    for (int b = 0; b < names.length; b++) {
      buckets.append(String.format(Locale.ROOT, "  %s %,d", names[b], findings.stalenessBuckets[b]));
    }
    line(out, "%s", buckets);
    line(out, "  by the invalidation path of the first newer write:");
    for (OpType type : OpType.WRITES) {
      line(out, "    %-56s %,d", type.label(), findings.staleByNewerWrite[type.ordinal()]);
    }
    line(out, "  by probable cause (from the recorded intervals; see Checker.Cause)%s:",
        findings.explained < findings.staleReads
            ? String.format(Locale.ROOT, ", the first %,d stale reads", findings.explained)
            : "");
    for (Cause cause : Cause.values()) {
      line(out, "    %,8d  %s", findings.staleByCause[cause.ordinal()], cause.label());
    }
  }

  private static void faults(
      StringBuilder out, long origin, Findings findings, List<TimelineEvent> faults, String faultNote) {
    if (faults.isEmpty()) {
      return;
    }
    line(out, "fault timeline (%s):", faultNote == null ? "one server" : faultNote);
    for (TimelineEvent event : faults) {
      line(out, "  %s  %s", at(event.nanos(), origin), event.what());
    }
    if (findings.staleReads == 0) {
      return;
    }
    String none = "before the first fault";
    Map<String, Long> byFault = new LinkedHashMap<>();
    byFault.put(none, 0L);
    for (TimelineEvent event : faults) {
      byFault.put("after " + at(event.nanos(), origin) + "  " + event.what(), 0L);
    }
    for (int i = 0; i < findings.staleStarts.size(); i++) {
      long start = findings.staleStarts.get(i);
      String last = none;
      for (TimelineEvent event : faults) {
        if (event.nanos() <= start) {
          last = "after " + at(event.nanos(), origin) + "  " + event.what();
        }
      }
      byFault.merge(last, 1L, Long::sum);
    }
    line(out, "stale reads by the last fault event before they began:");
    byFault.forEach((event, count) -> line(out, "  %,8d  %s", count, event));
  }

  private static void examples(StringBuilder out, long origin, Findings findings) {
    int shown = 0;
    for (StaleRead stale : findings.examples) {
      shown++;
      Op read = stale.read();
      boolean worst = stale == findings.worst || stale.read().equals(findings.worst.read());
      String which =
          worst ? " (the largest staleness)"
              : shown <= Checker.EXAMPLES ? " (in order of start)" : " (the first of its cause or path)";
      line(out, "stale read %d%s: key %d, %s returned v%d, expected at least v%d; staleness %s", shown, which,
          read.key(), read.where(), read.version(), stale.expected(), millis(stale.stalenessNanos()));
      line(out, "  probable cause: %s", stale.cause().label());
      List<TimelineEvent> events = new ArrayList<>();
      writeEvents(events, stale.newerWrite(), "first newer write");
      if (!stale.expectedWrite().equals(stale.newerWrite())) {
        writeEvents(events, stale.expectedWrite(), "newest completed write");
      }
      Op origin0 = stale.origin();
      if (origin0 != null) {
        boolean computed = origin0.has(Op.DELEGATE);
        String who =
            "item() by " + origin0.where() + " that " + (computed ? "computed" : "returned") + " v" + origin0.version();
        events.add(new TimelineEvent(origin0.start(), who + ": call begins"));
        if (computed) {
          events.add(new TimelineEvent(origin0.mid(), who + ": its delegate reads the truth"));
        }
        events.add(new TimelineEvent(origin0.end(), who + ": call returns"
            + (computed ? " (it stored its value just before)" : "")));
      }
      events.add(new TimelineEvent(read.start(), "the stale read by " + read.where() + " begins"));
      events.add(new TimelineEvent(read.end(), "the stale read returns v" + read.version()
          + (read.has(Op.DELEGATE) ? "" : " (from the cache or another thread's call)")));
      events.sort(Comparator.comparingLong(TimelineEvent::nanos));
      for (TimelineEvent event : events) {
        line(out, "    %s  %s", at(event.nanos(), origin), event.what());
      }
      if (origin0 == null) {
        line(out, "    (no delegate call of this run computed v%d before the read ended: the value is older"
            + " than the run, or its computation was not recorded)", read.version());
      }
    }
  }

  private static void writeEvents(List<TimelineEvent> events, Op write, String role) {
    String who = role + " v" + write.version() + " by " + write.where() + " (" + write.type().label() + ")";
    events.add(new TimelineEvent(write.start(), who + ": begins"));
    if (write.mid() >= 0) {
      events.add(new TimelineEvent(write.mid(), who + ": version incremented"));
    }
    events.add(new TimelineEvent(write.end(), who + ": invalidation returned, write complete"));
  }

  private static String verdict(Findings findings) {
    if (!findings.sound()) {
      return "VOID: the harness checks failed, nothing can be concluded";
    }
    if (findings.passed()) {
      return "PASS: no stale read, no wrong item, no failed call";
    }
    List<String> why = new ArrayList<>();
    if (findings.staleReads > 0) {
      why.add(String.format(Locale.ROOT, "%,d stale reads", findings.staleReads));
    }
    if (findings.wrongItems > 0) {
      why.add(String.format(Locale.ROOT, "%,d wrong items", findings.wrongItems));
    }
    if (findings.failedCalls > 0) {
      why.add(String.format(Locale.ROOT, "%,d failed calls", findings.failedCalls));
    }
    return "FAIL: " + String.join(", ", why);
  }

  private static String at(long nanos, long origin) {
    return String.format(Locale.ROOT, "%+12.3f ms", (nanos - origin) / 1e6);
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
