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
 * Judges a history against the promise of DESIGN.md 3a: once an invalidation has returned, no
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
   */
  static Findings check(Replay history, int keys, long[] finalVersions) throws IOException {
    Findings findings = new Findings(keys);
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
            writes.get(op.key()).add(op);
          } else {
            findings.reads++;
            if (op.has(Op.DELEGATE)) {
              findings.readsByOwnDelegate++;
            }
            if (op.has(Op.WRONG_ITEM)) {
              findings.wrongItems++;
            }
          }
        });
    findings.threads = threads.size();
    KeyWrites[] byKey = new KeyWrites[keys];
    for (int k = 0; k < keys; k++) {
      byKey[k] = KeyWrites.of(k, writes.get(k), finalVersions == null ? -1 : finalVersions[k], findings);
    }

    List<StaleRead> stale = new ArrayList<>();
    int[] worstIndex = {-1};
    Map<Long, Boolean> episodes = new HashMap<>();
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
            stale.add(found);
          }
        });
    findings.staleEpisodes = episodes.size();
    findings.explained = stale.size();
    List<StaleRead> explained = withOrigins(history, stale);
    for (StaleRead read : explained) {
      findings.staleByCause[read.cause().ordinal()]++;
    }
    if (worstIndex[0] >= 0) {
      findings.worst = explained.get(worstIndex[0]);
    }
    findings.examples = examples(explained, findings.worst);
    return findings;
  }

  /**
   * The stale reads shown with their timelines: the first {@link #EXAMPLES}, the stalest, and the
   * first of each cause and of each invalidation path not shown yet, so that every kind found has
   * an example.
   */
  private static List<StaleRead> examples(List<StaleRead> explained, StaleRead worst) {
    List<StaleRead> byStart = new ArrayList<>(explained);
    byStart.sort(Comparator.comparingLong(read -> read.read().start()));
    List<StaleRead> examples = new ArrayList<>(byStart.subList(0, Math.min(EXAMPLES, byStart.size())));
    if (worst != null && !examples.contains(worst)) {
      examples.add(worst);
    }
    for (StaleRead read : byStart) {
      boolean newCause = examples.stream().noneMatch(shown -> shown.cause() == read.cause());
      boolean newPath =
          examples.stream().noneMatch(shown -> shown.newerWrite().type() == read.newerWrite().type());
      if (newCause || newPath) {
        examples.add(read);
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
   */
  private static List<StaleRead> withOrigins(Replay history, List<StaleRead> stale) throws IOException {
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
        explained.add(read.explained(joined[i], Cause.JOINED_OLDER_LOAD));
      } else if (racing[i] != null) {
        explained.add(read.explained(racing[i], Cause.STORED_AFTER_INVALIDATION));
      } else if (stored[i] != null) {
        explained.add(read.explained(stored[i], Cause.SURVIVED_INVALIDATION));
      } else {
        explained.add(read.explained(null, Cause.UNKNOWN));
      }
    }
    return explained;
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

  /**
   * A stale read: what it returned, the newest version completed before it began
   * ({@code expectedWrite}), and the first write newer than what it returned to complete
   * ({@code newerWrite}, which its staleness is measured from); and, once explained, the delegate
   * call that most probably produced what it returned, and the cause that suggests.
   */
  record StaleRead(Op read, Op expectedWrite, Op newerWrite, Op origin, Cause cause) {
    long expected() {
      return expectedWrite.version();
    }

    long stalenessNanos() {
      return read.start() - newerWrite.end();
    }

    StaleRead explained(Op found, Cause why) {
      return new StaleRead(read, expectedWrite, newerWrite, found, why);
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
      return new StaleRead(read, endOrder[newest], endOrder[firstNewer], null, Cause.UNKNOWN);
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
    final Set<Integer> processes = new HashSet<>();
    int threads;
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;
    long reads;
    long readsByOwnDelegate;
    final long[] writes = new long[OpType.values().length];
    long failedCalls;
    long wrongItems;
    long futureReads;
    long staleReads;
    long staleEpisodes;
    final long[] staleByNewerWrite = new long[OpType.values().length];
    final long[] staleByCause = new long[Cause.values().length];
    /** How many stale reads were explained: all of them unless more than {@link #EXPLAINED}. */
    long explained;
    final long[] stalenessBuckets = new long[STALENESS_BOUNDS.length];
    final LongList staleStarts = new LongList();
    StaleRead worst;
    List<StaleRead> examples = List.of();
    long harnessErrors;
    final List<String> harnessMessages = new ArrayList<>();

    private Findings(int keys) {
      this.keys = keys;
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

    /** Sound, and no stale read, wrong item or failed call. */
    boolean passed() {
      return sound() && staleReads == 0 && wrongItems == 0 && failedCalls == 0;
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
