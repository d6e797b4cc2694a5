package dev.cachet.consistency;

import dev.cachet.consistency.Checker.Cause;
import dev.cachet.consistency.Checker.Findings;
import dev.cachet.consistency.Checker.StaleRead;
import dev.cachet.consistency.Checker.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text a run prints: what ran, what the harness checked about itself, the stale reads and
 * where they stand against the model's windows, with the timelines of those beyond the windows
 * and of the stalest within each, the fault timeline, and the verdict. Times in timelines are
 * milliseconds since the workers were told to start ({@code +1234.567 ms}).
 */
final class Report {
  private Report() {}

  /**
   * @param settings the run's shape, or {@code null} for a history checked on its own
   * @param originNanos the time timelines are relative to
   * @param summaries the workers' summaries, by process (missing ones are {@code null})
   * @param faultNote which server suffered the faults and how, or {@code null}; the faults
   *     themselves are those of the findings' {@link Windows}
   */
  static String format(
      RunSettings settings,
      long originNanos,
      Findings findings,
      List<ProcessSummary> summaries,
      String faultNote) {
    StringBuilder out = new StringBuilder();
    line(out, "== Cachet consistency check ==");
    double seconds = Math.max(0, findings.lastEnd - findings.firstStart) / 1e9;
    if (settings != null) {
      line(out, "run: %d processes x %d threads, %d %s servers, %d keys, %.1f s of operations (%d s planned)",
          settings.processes(), settings.threadsPerProcess(), settings.servers(), settings.store().argument(),
          settings.keys(), seconds,
          settings.duration().toSeconds());
      line(out, "     writes %.1f %% of operations, delegate pause 0..%d us after reading, operation timeout %d ms, faults: %s",
          settings.writePermille() / 10.0, settings.maxPauseMicros(), settings.operationTimeout().toMillis(),
          settings.faults()
              ? (settings.store() == RunSettings.Store.REDIS_CLUSTER ? "on one shard (timeline below)" : "on one server (timeline below)")
              : "none");
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
    line(out, "  reads whose call hit a transport fault %,d; reads that made no round trip (%san invalidation"
        + " of their process waiting for its retry) %,d", findings.faultedReads,
        findings.windows.nearCache() ? "a near hit, or " : "", findings.readsWithoutRoundTrip);
    line(out, "  writes whose invalidation the store did not acknowledge %,d:", findings.unacknowledged());
    for (OpType type : OpType.WRITES) {
      line(out, "    %-56s %,d", type.label(), findings.unacknowledged[type.ordinal()]);
    }
    if (findings.faultedReads > 0 || findings.unacknowledged() > 0) {
      line(out, "  by key (the victim's keys stand out): faulted reads %s; unacknowledged writes %s",
          byKey(findings.faultedReadsByKey), byKey(findings.unacknowledgedByKey));
    }
    delegateCalls(out, findings, summaries);
    harness(out, findings);
    stale(out, findings);
    faults(out, originNanos, findings, faultNote);
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
    if (summaries.stream().anyMatch(s -> s != null && s.nearHits() > 0)) {
      StringBuilder near = new StringBuilder();
      for (int p = 0; p < summaries.size(); p++) {
        if (summaries.get(p) != null) {
          near.append(String.format(Locale.ROOT, "  p%d %,d", p, summaries.get(p).nearHits()));
        }
      }
      line(out, "  near hits (within hits):%s", near);
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
    windows(out, findings);
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

  /**
   * The stale reads within each window and beyond them, and the rules that put them there, with
   * the bounds of this run: the report must say exactly what it excused.
   */
  private static void windows(StringBuilder out, Findings findings) {
    Windows windows = findings.windows;
    Windows.Settings settings = windows.settings();
    line(out, "  by the windows of docs/consistency.md (\"Windows\"); only those beyond them fail the run:");
    for (Window window : Window.values()) {
      if (window == Window.WINDOW_5 && !windows.nearCache()) {
        continue;
      }
      long count = findings.stale(window);
      StaleRead worst = findings.worstIn(window);
      String extra = "";
      if (window == Window.BEYOND) {
        extra = String.format(Locale.ROOT, ", %,d episodes", findings.episodesBeyond);
      } else if (window == Window.WINDOW_3 && findings.window3WithoutInjectedFault > 0) {
        extra = String.format(Locale.ROOT, " (%,d after writes that overlapped no injected fault)",
            findings.window3WithoutInjectedFault);
      }
      line(out, "    %-19s %,8d reads%s, largest staleness %s  (%s)", window.label(), count, extra,
          worst == null ? "-" : millis(worst.stalenessNanos()), window.meaning());
      if (window == Window.WINDOW_2 && count > 0) {
        line(out, "      %,d after a transport fault, %,d without a round trip; %,d within window 3 as well; the oldest"
            + " load received had begun %s before its read (bound %s)", findings.window2Faulted,
            findings.window2WithoutRoundTrip, findings.window2AlsoWindow3, millis(findings.window2OldestLoadNanos),
            Windows.millis(windows.joinableNanos()));
      } else if (window == Window.WINDOW_3 && count > 0) {
        line(out, "      the read closest to its bound began %s before its window closed",
            millis(findings.window3SmallestMarginNanos));
      } else if (window == Window.WINDOW_5) {
        line(out, "      near copies kept to a staleness bound of %s (+ %s for the ticked clock) after each"
            + " invalidation landed", Windows.millis(settings.nearBound().toNanos()),
            Windows.millis(Windows.NEAR_TICK.toNanos()));
      }
    }
    line(out, "  window 2 rule: the read's call hit a transport fault, or made no round trip (Cachet skipped its");
    line(out, "    lookups: an invalidation of its process waited for its retry); it was not answered by its own");
    line(out, "    delegate call; and a call of its own process that returned the same version, and can have been a");
    line(out, "    load, was in flight when it began, had begun at most 2 x lock timeout = %s before it, and",
        Windows.millis(windows.joinableNanos()));
    line(out, "    (when that call computed) was not followed by an invalidation its process completed before the read");
    line(out, "  window 3 rule: every write newer than what the read returned that had completed before it began was");
    line(out, "    not acknowledged and was made by another process, and the read began before that write's window");
    line(out, "    closed: max(the write's end, the end of the fault it overlapped: SIGCONT, restart, or the drop)");
    line(out, "    + breaker cool-off %s + reconnection %s (after a restart the client's next attempt, which",
        Windows.millis(settings.coolOff().toNanos()), Windows.millis(settings.reconnectInterval().toNanos()));
    line(out, "    backs off while the server is down, if later) + retry interval %s + op timeout %s; a write",
        Windows.millis(settings.retryInterval().toNanos()), Windows.millis(settings.operationTimeout().toNanos()));
    line(out, "    that overlapped no injected fault counts from its own end");
    if (!settings.topologyRefresh().isZero()) {
      line(out, "    on a Redis Cluster, after a failover (a kill, ended when every node saw the replica promoted;");
      line(out, "    a pause during which it was promoted, ended at the SIGCONT) the reconnection is the time the");
      line(out, "    client takes to learn the new primary, its topology refresh %s; a slot migration is a fault",
          Windows.millis(settings.topologyRefresh().toNanos()));
      line(out, "    from its first command to every node seeing the new owner");
    }
  }

  private static void faults(StringBuilder out, long origin, Findings findings, String faultNote) {
    List<FaultEvent> faults = findings.windows.events();
    if (faults.isEmpty()) {
      return;
    }
    Map<FaultEvent, Windows.Fault> ending = new LinkedHashMap<>();
    for (Windows.Fault fault : findings.windows.faults()) {
      if (fault.end() != null) {
        ending.put(fault.end(), fault);
      }
    }
    line(out, "fault timeline (%s):", faultNote == null ? "one server" : faultNote);
    for (FaultEvent event : faults) {
      Windows.Fault ended = ending.get(event);
      String closes =
          ended == null
              ? ""
              : String.format(Locale.ROOT, "; window 3 of the writes it failed closes by %s",
                  at(findings.windows.closes(ended), origin).trim());
      line(out, "  %s  %s, in effect after %.1f ms%s", at(event.nanos(), origin), event.what(),
          event.tookNanos() / 1e6, closes);
    }
    if (findings.staleReads == 0) {
      return;
    }
    String none = "before the first fault";
    Map<String, long[]> byFault = new LinkedHashMap<>();
    byFault.put(none, new long[Window.values().length]);
    for (FaultEvent event : faults) {
      byFault.put("after " + at(event.nanos(), origin) + "  " + event.what(), new long[Window.values().length]);
    }
    for (Window window : Window.values()) {
      Checker.LongList starts = findings.staleStartsByWindow[window.ordinal()];
      for (int i = 0; i < starts.size(); i++) {
        long start = starts.get(i);
        String last = none;
        for (FaultEvent event : faults) {
          if (event.nanos() <= start) {
            last = "after " + at(event.nanos(), origin) + "  " + event.what();
          }
        }
        byFault.get(last)[window.ordinal()]++;
      }
    }
    line(out, "stale reads by the last fault event before they began (window 2, window 3, beyond):");
    byFault.forEach((event, counts) -> line(out, "  %,6d %,6d %,6d  %s", counts[Window.WINDOW_2.ordinal()],
        counts[Window.WINDOW_3.ordinal()], counts[Window.BEYOND.ordinal()], event));
  }

  /** {@code k0 12, k1 0, ...}. */
  private static String byKey(long[] counts) {
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < counts.length; k++) {
      text.append(k == 0 ? "" : ", ").append('k').append(k).append(' ').append(String.format(Locale.ROOT, "%,d", counts[k]));
    }
    return text.toString();
  }

  private static void examples(StringBuilder out, long origin, Findings findings) {
    int shown = 0;
    int beyond = 0;
    for (StaleRead stale : findings.examples) {
      shown++;
      Op read = stale.read();
      String which;
      if (stale.window() != Window.BEYOND) {
        which = " (" + stale.window().label() + ", its largest staleness)";
      } else {
        beyond++;
        StaleRead worst = findings.worstIn(Window.BEYOND);
        which =
            worst != null && stale.read().equals(worst.read()) ? " (beyond the windows, the largest staleness)"
                : beyond <= Checker.EXAMPLES ? " (beyond the windows, in order of start)"
                : " (beyond the windows, the first of its cause or path)";
      }
      line(out, "stale read %d%s: key %d, %s returned v%d, expected at least v%d; staleness %s", shown, which,
          read.key(), read.where(), read.version(), stale.expected(), millis(stale.stalenessNanos()));
      line(out, "  probable cause: %s", stale.cause().label());
      List<TimelineEvent> events = new ArrayList<>();
      writeEvents(events, stale.newerWrite(), "first newer write");
      if (!stale.expectedWrite().equals(stale.newerWrite())) {
        writeEvents(events, stale.expectedWrite(), "newest completed write");
      }
      if (stale.missed() != null) {
        Checker.Missed missed = stale.missed();
        if (!missed.write().equals(stale.newerWrite()) && !missed.write().equals(stale.expectedWrite())) {
          writeEvents(events, missed.write(), "unacknowledged write");
        }
        Windows.Fault fault = missed.fault();
        events.add(new TimelineEvent(missed.closes(), "window 3 of v" + missed.write().version() + "'s invalidation"
            + " closes (" + (fault == null ? "no injected fault: from the write's end"
                : "charged to the fault of " + at(fault.begin().nanos(), origin).trim() + ", "
                    + fault.begin().what()) + ")"));
      }
      Op load = stale.received();
      if (load != null && !load.equals(stale.origin())) {
        String who = "item() by " + load.where() + " that returned v" + load.version();
        events.add(new TimelineEvent(load.start(), who + ": call begins (the load the read may have received)"));
        events.add(new TimelineEvent(load.end(), who + ": call returns"));
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
          + (read.has(Op.DELEGATE) ? "" : " (from the cache or another thread's call)")
          + (read.has(Op.FAULT) ? "; its call hit a transport fault" : "")
          + (read.has(Op.NO_ROUND_TRIP) ? "; its call made no round trip" : "")));
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
    events.add(new TimelineEvent(write.end(), who + ": invalidation returned, write complete"
        + (write.has(Op.UNACKNOWLEDGED) ? ", NOT acknowledged" : ", acknowledged")));
  }

  private static String verdict(Findings findings) {
    if (!findings.sound()) {
      return "VOID: the harness checks failed, nothing can be concluded";
    }
    if (findings.passed()) {
      return String.format(Locale.ROOT,
          "PASS: no stale read beyond the windows (%,d within window 2, %,d within window 3), no wrong item,"
              + " no failed call", findings.stale(Window.WINDOW_2), findings.stale(Window.WINDOW_3));
    }
    List<String> why = new ArrayList<>();
    if (findings.stale(Window.BEYOND) > 0) {
      why.add(String.format(Locale.ROOT, "%,d stale reads beyond the windows", findings.stale(Window.BEYOND)));
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
