package dev.cachet.consistency;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Judges a history against the promise of docs/consistency.md: once an invalidation has returned, no
 * read that begins afterwards returns a value computed before it.
 *
 * <p>Per key, the versions are totally ordered (one atomic counter), and a write's record ends
 * after its invalidation returned. For a read {@code R}, the versions it may not return are those
 * below {@code v}, the newest version whose write <em>and</em> invalidation had completed before
 * {@code R} began; returning one makes {@code R} <b>stale</b>. A write still in progress when
 * {@code R} began bounds nothing: {@code R} may see either side of it. A write whose call failed
 * (an exception reached its caller) counts as never having completed. The <b>staleness</b> of a
 * stale read is how long after the first write newer than what it returned had completed it
 * began.
 *
 * <p>Checks of the harness itself, any failure of which makes the run void: every version
 * {@code 1..n} of a key was recorded as written exactly once (and {@code n} is the source of
 * truth's final version, when known); every version's write began before the next version's
 * increment had happened (which holds in any real history, so a failure means the processes'
 * clocks are not comparable); no read returned a version whose write had not begun by the time
 * the read ended.
 *
 * <p>Each stale read is then judged against the windows of docs/consistency.md where the promise
 * does not hold ({@link Windows}, {@link Window}): within window 2, within window 3, or beyond
 * them. Only a stale read beyond the windows fails the run, and only what the history records
 * moves a read into a window: the flags the worker set from its transport (a call that hit a
 * fault, a call that made no round trip, a write whose invalidation was not acknowledged), the
 * recorded intervals, and the run's fault timeline.
 *
 * <p>Memory: writes are kept (a small share of the operations), reads are streamed: the history
 * is replayed three times (counting and writes; reads; the origins of the stale reads).
 */
final class Checker {
  /** How many of the earliest stale reads are shown with their timeline (more: {@link #examples}). */
  static final int EXAMPLES = 5;
  /**
   * How many stale reads are kept to be explained (their origins and causes); beyond it they are
   * only counted. A bound on the checker's memory for a long run gone badly wrong.
   */
  static final int EXPLAINED = 1_000_000;
  /** How many messages of the harness checks are kept (all are counted). */
  private static final int MESSAGES = 20;
  /** Upper bounds of the staleness buckets, in nanoseconds. */
  static final long[] STALENESS_BOUNDS = {1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L, Long.MAX_VALUE};

  /** A history that can be replayed, in any order of records, as often as asked. */
  @FunctionalInterface
  interface Replay {
    void replay(Consumer<Op> sink) throws IOException;
  }

  private Checker() {}

  /**
   * Checks a history of operations on keys {@code 0..keys-1}.
   *
   * @param finalVersions each key's version in the source of truth after the run, or {@code null}
   *     when unknown
   * @param windows the bounds of the model's windows in this run, and its faults
   */
  static Findings check(Replay history, int keys, long[] finalVersions, Windows windows) throws IOException {
    Findings findings = new Findings(keys, windows);
    List<List<Op>> writes = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      writes.add(new ArrayList<>());
    }
    Set<Long> threads = new HashSet<>();
    history.replay(
        op -> {
          threads.add(((long) op.process() << 32) | op.thread());
          findings.processes.add(op.process());
          findings.firstStart = Math.min(findings.firstStart, op.start());
          findings.lastEnd = Math.max(findings.lastEnd, op.end());
          if (op.end() < op.start()) {
            findings.harness("a record ends before it starts: " + op);
          }
          if (op.key() < 0 || op.key() >= keys) {
            findings.harness("a record of key " + op.key() + ", outside 0.." + (keys - 1) + ": " + op);
            return;
          }
          if (op.has(Op.FAILED)) {
            findings.failedCalls++;
          }
          if (op.type().isWrite()) {
            findings.writes[op.type().ordinal()]++;
            if (op.has(Op.UNACKNOWLEDGED)) {
              findings.unacknowledged[op.type().ordinal()]++;
              findings.byKey(findings.unacknowledgedByKey, op.key());
            }
            // The one path that is told whether its invalidation was acknowledged: the transport's
            // fault flag must say the same, or the flag the other paths rely on is not sound.
            if (op.type() == OpType.WRITE_THEN_INVALIDATE && op.has(Op.FAULT) != op.has(Op.UNACKNOWLEDGED)) {
              findings.harness("the transport's fault flag disagrees with invalidateAcknowledged: " + op);
            }
            writes.get(op.key()).add(op);
          } else {
            findings.reads++;
            if (op.has(Op.DELEGATE)) {
              findings.readsByOwnDelegate++;
            }
            if (op.has(Op.WRONG_ITEM)) {
              findings.wrongItems++;
            }
            if (op.has(Op.FAULT)) {
              findings.faultedReads++;
              findings.byKey(findings.faultedReadsByKey, op.key());
            }
            if (op.has(Op.NO_ROUND_TRIP)) {
              findings.readsWithoutRoundTrip++;
            }
          }
        });
    findings.threads = threads.size();
    ProcessWrites processWrites = new ProcessWrites(writes);
    KeyWrites[] byKey = new KeyWrites[keys];
    for (int k = 0; k < keys; k++) {
      byKey[k] = KeyWrites.of(k, writes.get(k), finalVersions == null ? -1 : finalVersions[k], findings);
    }

    List<StaleRead> stale = new ArrayList<>();
    int[] worstIndex = {-1};
    Map<Long, Boolean> episodes = new HashMap<>();
    Map<Long, Boolean> episodesBeyond = new HashMap<>();
    history.replay(
        op -> {
          if (op.type().isWrite() || op.key() < 0 || op.key() >= keys || op.has(Op.FAILED | Op.WRONG_ITEM)) {
            return;
          }
          StaleRead found = byKey[op.key()].judge(op, findings);
          if (found == null) {
            return;
          }
          findings.staleReads++;
          findings.staleByNewerWrite[found.newerWrite().type().ordinal()]++;
          episodes.put(episode(op), Boolean.TRUE);
          long staleness = found.stalenessNanos();
          for (int b = 0; b < STALENESS_BOUNDS.length; b++) {
            if (staleness < STALENESS_BOUNDS[b]) {
              findings.stalenessBuckets[b]++;
              break;
            }
          }
          findings.staleStarts.add(op.start());
          boolean worst = findings.worst == null || staleness > findings.worst.stalenessNanos();
          if (worst) {
            findings.worst = found;
            worstIndex[0] = -1;
          }
          if (stale.size() < EXPLAINED) {
            if (worst) {
              worstIndex[0] = stale.size();
            }
            stale.add(
                found
                    .withMissed(byKey[op.key()].missed(op, windows))
                    .withNear(byKey[op.key()].withinNearBound(op, windows)));
          } else {
            // Not explained, so nothing justifies a window: it counts against the cache.
            findings.counted(found.classified(Window.BEYOND, null));
            episodesBeyond.put(episode(op), Boolean.TRUE);
          }
        });
    findings.staleEpisodes = episodes.size();
    findings.explained = stale.size();
    List<StaleRead> explained = withOrigins(history, stale, processWrites, windows);
    for (StaleRead read : explained) {
      findings.staleByCause[read.cause().ordinal()]++;
      findings.counted(read);
      if (read.window() == Window.BEYOND) {
        episodesBeyond.put(episode(read.read()), Boolean.TRUE);
      }
    }
    findings.episodesBeyond = episodesBeyond.size();
    if (worstIndex[0] >= 0) {
      findings.worst = explained.get(worstIndex[0]);
    }
    findings.examples = examples(explained, findings);
    return findings;
  }

  /**
   * The stale reads shown with their timelines. Beyond the windows, the ones that fail the run:
   * the first {@link #EXAMPLES}, the stalest, and the first of each cause and of each invalidation
   * path not shown yet, so that every kind found has an example. Within each window, its stalest:
   * the largest window the run observed.
   */
  private static List<StaleRead> examples(List<StaleRead> explained, Findings findings) {
    List<StaleRead> byStart = new ArrayList<>();
    for (StaleRead read : explained) {
      if (read.window() == Window.BEYOND) {
        byStart.add(read);
      }
    }
    byStart.sort(Comparator.comparingLong(read -> read.read().start()));
    List<StaleRead> examples = new ArrayList<>(byStart.subList(0, Math.min(EXAMPLES, byStart.size())));
    StaleRead worstBeyond = findings.worstIn(Window.BEYOND);
    if (worstBeyond != null && !examples.contains(worstBeyond)) {
      examples.add(worstBeyond);
    }
    for (StaleRead read : byStart) {
      boolean newCause = examples.stream().noneMatch(shown -> shown.cause() == read.cause());
      boolean newPath =
          examples.stream().noneMatch(shown -> shown.newerWrite().type() == read.newerWrite().type());
      if (newCause || newPath) {
        examples.add(read);
      }
    }
    for (Window window : new Window[] {Window.WINDOW_2, Window.WINDOW_3, Window.WINDOW_5}) {
      StaleRead stalest = findings.worstIn(window);
      if (stalest != null) {
        examples.add(stalest);
      }
    }
    return examples;
  }

  private static long episode(Op read) {
    return ((long) read.key() << 40) ^ read.version();
  }

  /**
   * Finds, for each stale read, the call that most probably gave it the version it returned (a
   * delegate call that computed it, recorded as a read answered by its own delegate, or a load of
   * its own process that it joined), and from the intervals what went wrong ({@link Cause}):
   *
   * <ul>
   *   <li>a call of the same process that returned the same version, began before the newer
   *       write's invalidation returned and was still running when the read began (computing, or
   *       itself waiting for another process's lease): the read probably joined it
   *       ({@link Cause#JOINED_OLDER_LOAD}), the earliest such call shown;
   *   <li>else a call still running after the newer write's increment (it read the truth before
   *       it, so it computed the old version), the first of them to return: its store may have
   *       landed after the invalidation's delete ({@link Cause#STORED_AFTER_INVALIDATION});
   *   <li>else every computation of the version had returned, having stored it, before the write
   *       incremented: the invalidation did not remove it ({@link Cause#SURVIVED_INVALIDATION}),
   *       and the call shown is the last of them.
   * </ul>
   *
   * <p>Then where it stands against the windows ({@link Window}): window 2 when the read could not
   * reach the store and a load of its own process that it may have received is found
   * ({@link #mayHaveJoined}); else window 3 when its newer writes allow it ({@link Missed}); else
   * beyond them.
   */
  private static List<StaleRead> withOrigins(
      Replay history, List<StaleRead> stale, ProcessWrites processWrites, Windows windows) throws IOException {
    if (stale.isEmpty()) {
      return stale;
    }
    Map<Long, List<Integer>> byEpisode = new HashMap<>();
    for (int i = 0; i < stale.size(); i++) {
      byEpisode.computeIfAbsent(episode(stale.get(i).read()), e -> new ArrayList<>()).add(i);
    }
    Op[] joined = new Op[stale.size()];
    Op[] racing = new Op[stale.size()];
    Op[] stored = new Op[stale.size()];
    Op[] received = new Op[stale.size()];
    history.replay(
        op -> {
          if (op.type().isWrite() || op.has(Op.FAILED | Op.WRONG_ITEM)) {
            return;
          }
          List<Integer> reads = byEpisode.get(episode(op));
          if (reads == null) {
            return;
          }
          for (int i : reads) {
            Op read = stale.get(i).read();
            if (op.key() != read.key() || op.version() != read.version()) {
              continue;
            }
            // Any call of the same process, computing or itself waiting, that began before the
            // invalidation returned and was still running when this read began.
            if (op.process() == read.process()
                && op.start() < stale.get(i).newerWrite().end()
                && op.start() < read.start()
                && op.end() >= read.start()
                && (joined[i] == null || op.start() < joined[i].start())) {
              joined[i] = op;
            }
            if (mayHaveJoined(read, op, processWrites, windows)
                && (received[i] == null || op.start() < received[i].start())) {
              received[i] = op;
            }
            if (!op.has(Op.DELEGATE) || op.mid() >= read.end()) {
              continue;
            }
            long increment = stale.get(i).newerWrite().mid();
            if (op.end() > increment && (racing[i] == null || op.end() < racing[i].end())) {
              racing[i] = op;
            }
            if (stored[i] == null || op.end() > stored[i].end()) {
              stored[i] = op;
            }
          }
        });
    List<StaleRead> explained = new ArrayList<>(stale.size());
    for (int i = 0; i < stale.size(); i++) {
      StaleRead read = stale.get(i);
      if (joined[i] != null) {
        read = read.explained(joined[i], Cause.JOINED_OLDER_LOAD);
      } else if (racing[i] != null) {
        read = read.explained(racing[i], Cause.STORED_AFTER_INVALIDATION);
      } else if (stored[i] != null) {
        read = read.explained(stored[i], Cause.SURVIVED_INVALIDATION);
      } else {
        read = read.explained(null, Cause.UNKNOWN);
      }
      if (received[i] != null) {
        read = read.classified(Window.WINDOW_2, received[i]);
      } else if (read.missed() != null) {
        read = read.classified(Window.WINDOW_3, null);
      } else if (read.nearAllowed()) {
        read = read.classified(Window.WINDOW_5, null);
      } else {
        read = read.classified(Window.BEYOND, null);
      }
      explained.add(read);
    }
    return explained;
  }

  /**
   * Window 2: whether the stale {@code read} may have received the outcome of {@code call}, a call
   * of its own process that returned the same version, as docs/consistency.md allows a call that
   * could not reach the store. Every condition is one the runtime imposes on such a join, checked
   * on what the history records:
   *
   * <ul>
   *   <li>the read could not reach the store: an operation of its call hit a transport fault, or
   *       it made no round trip at all (Cachet skipped its lookups: an invalidation of its process
   *       was waiting to be retried, and the lookup is then answered as for a fault); and it was
   *       not answered by its own delegate call, which read the truth after it began;
   *   <li>{@code call} was in flight when the read began: it began before and returned after;
   *   <li>{@code call} can have been a load: it was answered by its own delegate, or it reached the
   *       store without a fault (and may have been the thread that waited for another process's
   *       lease on the others' behalf). A call that could not reach the store and was not answered
   *       by its own delegate received a value itself: no one received one from it;
   *   <li>it began at most twice the lock timeout before the read (a load older than that is never
   *       joined);
   *   <li>its process completed no invalidation between the start of its computation and the start
   *       of the read (an invalidation in between makes the load unjoinable). Known for a call
   *       answered by its own delegate: an invalidation whose write incremented after that call read
   *       the truth, and which returned before the read began, rules the call out. For a call that
   *       waited instead, when its load registered is not recorded, and it is not ruled out.
   * </ul>
   *
   * <p>A fault alone would be too generous: a read whose lookup failed and that then found its
   * value in the store would be excused for what the store served it; this rule excuses only a
   * value a call of its own process was computing or waiting for at the time.
   */
  static boolean mayHaveJoined(Op read, Op call, ProcessWrites processWrites, Windows windows) {
    return read.has(Op.FAULT | Op.NO_ROUND_TRIP)
        && !read.has(Op.DELEGATE)
        && call.process() == read.process()
        && call.key() == read.key()
        && call.version() == read.version()
        && call.start() < read.start()
        && call.end() >= read.start()
        && (call.has(Op.DELEGATE) || !call.has(Op.FAULT | Op.NO_ROUND_TRIP))
        && read.start() - call.start() <= windows.joinableNanos()
        && !(call.has(Op.DELEGATE) && processWrites.invalidatedBetween(read.process(), call.mid(), read.start()));
  }

  /** What most probably made a read stale, judged from the recorded intervals alone. */
  enum Cause {
    STORED_AFTER_INVALIDATION(
        "stale set: a miss read the truth before the write and returned after its increment, so its"
            + " store can have landed after the invalidation"),
    JOINED_OLDER_LOAD(
        "joined an older load: it began while a call of its own process that had begun before the"
            + " invalidation returned was still running, and returned what that call did"),
    SURVIVED_INVALIDATION(
        "survived the invalidation: stored before the write began, and still served after the"
            + " invalidation returned"),
    UNKNOWN("no recorded delegate call computed the version returned before the read ended");

    private final String label;

    Cause(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  /** Where a stale read stands against the windows of docs/consistency.md. */
  enum Window {
    WINDOW_2(
        "within window 2",
        "a call that could not reach the store received its own process's load, in flight when it began"),
    WINDOW_3(
        "within window 3",
        "invalidations the store did not acknowledge, missed by another process before their retry landed"),
    WINDOW_5(
        "within window 5",
        "a near copy another process served within the near cache's staleness bound of the invalidation"),
    BEYOND("beyond the windows", "the promise broken");

    private final String label;
    private final String meaning;

    Window(String label, String meaning) {
      this.label = label;
      this.meaning = meaning;
    }

    String label() {
      return label;
    }

    String meaning() {
      return meaning;
    }
  }

  /**
   * Window 3 of a stale read: the write it missed whose window closes first, when that is, and the
   * fault that write is charged to ({@code null}: none the run injected).
   */
  record Missed(Op write, long closes, Windows.Fault fault) {}

  /**
   * A stale read: what it returned, the newest version completed before it began
   * ({@code expectedWrite}), and the first write newer than what it returned to complete
   * ({@code newerWrite}, which its staleness is measured from); once explained, the delegate call
   * that most probably produced what it returned, and the cause that suggests; and where it stands
   * against the windows: {@code received}, the call of its own process whose outcome it may have
   * received (window 2), and {@code missed}, non-null when its newer writes allow window 3.
   */
  record StaleRead(
      Op read,
      Op expectedWrite,
      Op newerWrite,
      Op origin,
      Cause cause,
      Window window,
      Op received,
      Missed missed,
      boolean nearAllowed) {
    long expected() {
      return expectedWrite.version();
    }

    long stalenessNanos() {
      return read.start() - newerWrite.end();
    }

    StaleRead explained(Op found, Cause why) {
      return new StaleRead(read, expectedWrite, newerWrite, found, why, window, received, missed, nearAllowed);
    }

    StaleRead withMissed(Missed allowed) {
      return new StaleRead(read, expectedWrite, newerWrite, origin, cause, window, received, allowed, nearAllowed);
    }

    StaleRead classified(Window where, Op load) {
      return new StaleRead(read, expectedWrite, newerWrite, origin, cause, where, load, missed, nearAllowed);
    }

    StaleRead withNear(boolean allowed) {
      return new StaleRead(read, expectedWrite, newerWrite, origin, cause, window, received, missed, allowed);
    }
  }

  /**
   * Every process's writes, for window 2: whether a process completed an invalidation between two
   * instants. Writes ordered by the instant of their increment, with the earliest end among each
   * suffix.
   */
  static final class ProcessWrites {
    private final Map<Integer, long[]> mids = new HashMap<>();
    private final Map<Integer, long[]> suffixMinEnds = new HashMap<>();

    ProcessWrites(List<List<Op>> writesByKey) {
      Map<Integer, List<Op>> byProcess = new HashMap<>();
      for (List<Op> writes : writesByKey) {
        for (Op write : writes) {
          if (write.mid() >= 0) {
            byProcess.computeIfAbsent(write.process(), p -> new ArrayList<>()).add(write);
          }
        }
      }
      byProcess.forEach(
          (process, writes) -> {
            writes.sort(Comparator.comparingLong(Op::mid));
            long[] mid = new long[writes.size()];
            long[] minEnd = new long[writes.size()];
            long min = Long.MAX_VALUE;
            for (int i = writes.size() - 1; i >= 0; i--) {
              mid[i] = writes.get(i).mid();
              min = Math.min(min, writes.get(i).end());
              minEnd[i] = min;
            }
            mids.put(process, mid);
            suffixMinEnds.put(process, minEnd);
          });
    }

    /**
     * Whether {@code process} made a write that incremented after {@code after} and whose call
     * (with its invalidation, which comes after the increment) returned before {@code before}.
     * Every path's invalidation advances the namespace's invalidation epoch, whether or not the
     * store acknowledged it; all keys here share one namespace.
     */
    boolean invalidatedBetween(int process, long after, long before) {
      long[] mid = mids.get(process);
      if (mid == null) {
        return false;
      }
      int low = 0;
      int high = mid.length;
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (mid[middle] > after) {
          high = middle;
        } else {
          low = middle + 1;
        }
      }
      return low < mid.length && suffixMinEnds.get(process)[low] < before;
    }
  }

  /** The completed writes of one key, ordered for the two searches a read needs. */
  private static final class KeyWrites {
    /** Index v: the write of version v (index 0 unused: the initial version). */
    private final Op[] byVersion;
    /** Completed writes by end time, and the largest version among the first i + 1 of them. */
    private final long[] ends;
    private final long[] prefixMax;
    private final Op[] endOrder;

    private KeyWrites(Op[] byVersion, Op[] endOrder) {
      this.byVersion = byVersion;
      this.endOrder = endOrder;
      this.ends = new long[endOrder.length];
      this.prefixMax = new long[endOrder.length];
      long max = 0;
      for (int i = 0; i < endOrder.length; i++) {
        ends[i] = endOrder[i].end();
        max = Math.max(max, endOrder[i].version());
        prefixMax[i] = max;
      }
    }

    static KeyWrites of(int key, List<Op> writes, long finalVersion, Findings findings) {
      long highest = 0;
      for (Op write : writes) {
        highest = Math.max(highest, write.version());
      }
      if (highest > Integer.MAX_VALUE - 8) {
        findings.harness("key " + key + " has version " + highest + ", beyond what a run writes");
        highest = 0;
      }
      Op[] byVersion = new Op[(int) highest + 1];
      for (Op write : writes) {
        long v = write.version();
        if (v < 1 || v > highest) {
          findings.harness("a write of key " + key + " whose version is unknown: " + write);
        } else if (byVersion[(int) v] != null) {
          findings.harness("version " + v + " of key " + key + " written twice: " + byVersion[(int) v] + " and " + write);
        } else {
          byVersion[(int) v] = write;
        }
      }
      for (int v = 1; v <= highest; v++) {
        if (byVersion[v] == null) {
          findings.harness("version " + v + " of key " + key + " was never recorded as written");
        }
      }
      if (finalVersion >= 0 && finalVersion != highest) {
        findings.harness(
            "key " + key + " ends at version " + finalVersion + " in the source of truth, but the histories wrote up to " + highest);
      }
      for (int v = 2; v <= highest; v++) {
        Op before = byVersion[v - 1];
        Op after = byVersion[v];
        if (before != null && after != null && after.mid() >= 0 && !(before.start() < after.mid())) {
          findings.harness(
              "clocks: version " + (v - 1) + " of key " + key + " began after version " + v
                  + " was written, impossible on one clock: " + before + " / " + after);
        }
      }
      Op[] completed =
          writes.stream()
              .filter(w -> !w.has(Op.FAILED) && w.version() >= 1)
              .sorted(Comparator.comparingLong(Op::end))
              .toArray(Op[]::new);
      return new KeyWrites(byVersion, completed);
    }

    /** The read's staleness, or {@code null} when it returned an allowed version. */
    StaleRead judge(Op read, Findings findings) {
      long v = read.version();
      if (v < 0 || v >= byVersion.length || (v >= 1 && byVersion[(int) v] != null && byVersion[(int) v].start() >= read.end())) {
        findings.futureReads++;
        findings.harness("a read returned a version not yet written when it ended: " + read
            + (v >= 1 && v < byVersion.length ? ", written by " + byVersion[(int) v] : ""));
        return null;
      }
      int last = lastEndingBefore(read.start());
      if (last < 0 || prefixMax[last] <= v) {
        return null;
      }
      // The write holding the maximum is at the first index where the prefix maximum reaches it.
      int newest = firstAbove(prefixMax[last] - 1, last);
      int firstNewer = firstAbove(v, last);
      return new StaleRead(
          read, endOrder[newest], endOrder[firstNewer], null, Cause.UNKNOWN, null, null, null, false);
    }

    /**
     * Window 3 of a stale read: every write newer than what it returned that had completed before
     * it began was one whose invalidation the store did not acknowledge, made by another process
     * (the invalidating process itself serves nothing the invalidation targets until it lands),
     * and the read began before that write's window closed ({@link Windows#window3}). A single
     * acknowledged one among them means the stale value should have been gone. Returns the one
     * whose window closes first, or {@code null} when window 3 does not apply.
     */
    Missed missed(Op read, Windows windows) {
      long v = read.version();
      int last = lastEndingBefore(read.start());
      if (last < 0 || prefixMax[last] <= v) {
        return null;
      }
      Missed first = null;
      for (int i = firstAbove(v, last); i <= last; i++) {
        Op write = endOrder[i];
        if (write.version() <= v) {
          continue;
        }
        if (!write.has(Op.UNACKNOWLEDGED) || write.process() == read.process()) {
          return null;
        }
        Windows.Window3 window = windows.window3(write);
        if (read.start() - window.closes() >= 0) {
          return null;
        }
        if (first == null || window.closes() < first.closes()) {
          first = new Missed(write, window.closes(), window.fault());
        }
      }
      return first;
    }

    /**
     * Window 5: whether every newer write {@code read} missed is another process's, and the read
     * began within the near cache's bound of it landing. A process's own invalidation stops its
     * near copies at once, so a write of the reader's own process excuses nothing.
     */
    boolean withinNearBound(Op read, Windows windows) {
      if (!windows.nearCache()) {
        return false;
      }
      long v = read.version();
      int last = lastEndingBefore(read.start());
      if (last < 0 || prefixMax[last] <= v) {
        return false;
      }
      for (int i = firstAbove(v, last); i <= last; i++) {
        Op write = endOrder[i];
        if (write.version() <= v) {
          continue;
        }
        if (write.process() == read.process() || read.start() - windows.nearCloses(write) >= 0) {
          return false;
        }
      }
      return true;
    }

    /** The last index whose write ended strictly before {@code time}, or -1. */
    private int lastEndingBefore(long time) {
      int low = 0;
      int high = ends.length - 1;
      int found = -1;
      while (low <= high) {
        int middle = (low + high) >>> 1;
        if (ends[middle] < time) {
          found = middle;
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      return found;
    }

    /** The first index at most {@code limit} whose prefix maximum exceeds {@code version}. */
    private int firstAbove(long version, int limit) {
      int low = 0;
      int high = limit;
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (prefixMax[middle] > version) {
          high = middle;
        } else {
          low = middle + 1;
        }
      }
      return low;
    }
  }

  /** What a check found; {@link #passed()} is the verdict. */
  static final class Findings {
    final int keys;
    /** The windows the stale reads were judged against, and the run's faults. */
    final Windows windows;
    final Set<Integer> processes = new HashSet<>();
    int threads;
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;
    long reads;
    long readsByOwnDelegate;
    final long[] writes = new long[OpType.values().length];
    long failedCalls;
    long wrongItems;
    /** Reads whose call hit a transport fault; reads that made no round trip. */
    long faultedReads;
    long readsWithoutRoundTrip;
    /** Writes whose invalidation the store did not acknowledge, by path. */
    final long[] unacknowledged = new long[OpType.values().length];
    /**
     * Faulted reads and unacknowledged writes by key: the keys whose entries the victim held
     * stand out, and how many it held explains most of a run's fault figures.
     */
    final long[] faultedReadsByKey;
    final long[] unacknowledgedByKey;
    long futureReads;
    long staleReads;
    long staleEpisodes;
    final long[] staleByNewerWrite = new long[OpType.values().length];
    final long[] staleByCause = new long[Cause.values().length];
    /** How many stale reads were explained: all of them unless more than {@link #EXPLAINED}. */
    long explained;
    final long[] stalenessBuckets = new long[STALENESS_BOUNDS.length];
    final LongList staleStarts = new LongList();
    /** Stale reads by {@link Window}, with their start times and the stalest of each. */
    final long[] staleByWindow = new long[Window.values().length];
    final LongList[] staleStartsByWindow = new LongList[Window.values().length];
    private final StaleRead[] worstByWindow = new StaleRead[Window.values().length];
    long episodesBeyond;
    /** Stale reads within window 3 after writes that overlapped no fault the run injected. */
    long window3WithoutInjectedFault;
    /** Stale reads within window 2 whose call hit a transport fault; that made no round trip. */
    long window2Faulted;
    long window2WithoutRoundTrip;
    /** Stale reads within window 2 whose newer writes would have put them within window 3 too. */
    long window2AlsoWindow3;
    /** Window 2: how long before its read the oldest load a read may have received began. */
    long window2OldestLoadNanos = -1;
    /** Window 3: how long before its window closed the read that came closest began. */
    long window3SmallestMarginNanos = Long.MAX_VALUE;
    StaleRead worst;
    List<StaleRead> examples = List.of();
    long harnessErrors;
    final List<String> harnessMessages = new ArrayList<>();

    private Findings(int keys, Windows windows) {
      this.keys = keys;
      this.windows = windows;
      this.faultedReadsByKey = new long[Math.max(keys, 0)];
      this.unacknowledgedByKey = new long[Math.max(keys, 0)];
      for (int w = 0; w < staleStartsByWindow.length; w++) {
        staleStartsByWindow[w] = new LongList();
      }
    }

    /** Counts one for {@code key} in {@code counts}; a key outside the run is the harness's to report. */
    private void byKey(long[] counts, int key) {
      if (key >= 0 && key < counts.length) {
        counts[key]++;
      }
    }

    private void counted(StaleRead read) {
      int w = read.window().ordinal();
      staleByWindow[w]++;
      staleStartsByWindow[w].add(read.read().start());
      if (worstByWindow[w] == null || read.stalenessNanos() > worstByWindow[w].stalenessNanos()) {
        worstByWindow[w] = read;
      }
      if (read.window() == Window.WINDOW_2) {
        window2Faulted += read.read().has(Op.FAULT) ? 1 : 0;
        window2WithoutRoundTrip += read.read().has(Op.NO_ROUND_TRIP) ? 1 : 0;
        window2AlsoWindow3 += read.missed() != null ? 1 : 0;
        window2OldestLoadNanos = Math.max(window2OldestLoadNanos, read.read().start() - read.received().start());
      } else if (read.window() == Window.WINDOW_3) {
        window3SmallestMarginNanos = Math.min(window3SmallestMarginNanos, read.missed().closes() - read.read().start());
        if (read.missed().fault() == null) {
          window3WithoutInjectedFault++;
        }
      }
    }

    long stale(Window window) {
      return staleByWindow[window.ordinal()];
    }

    /** The stalest read of {@code window}, or {@code null}. */
    StaleRead worstIn(Window window) {
      return worstByWindow[window.ordinal()];
    }

    long unacknowledged() {
      return Arrays.stream(unacknowledged).sum();
    }

    void harness(String message) {
      harnessErrors++;
      if (harnessMessages.size() < MESSAGES) {
        harnessMessages.add(message);
      }
    }

    long writes() {
      return Arrays.stream(writes).sum();
    }

    long writes(OpType type) {
      return writes[type.ordinal()];
    }

    /** The run is sound: every check of the harness itself passed. */
    boolean sound() {
      return harnessErrors == 0;
    }

    /** Sound, and no stale read beyond the windows, no wrong item, no failed call. */
    boolean passed() {
      return sound() && stale(Window.BEYOND) == 0 && wrongItems == 0 && failedCalls == 0;
    }

    /** 0 passed, 1 the cache broke its promise, 2 the run itself is void. */
    int exitCode() {
      return !sound() ? 2 : passed() ? 0 : 1;
    }
  }

  /** A growable list of {@code long}s: one per stale read, without a box each. */
  static final class LongList {
    private long[] values = new long[16];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    long get(int index) {
      return values[index];
    }
  }
}
