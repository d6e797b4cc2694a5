package dev.cachet.consistency;

import dev.cachet.runtime.Cachet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The windows of docs/consistency.md ("Windows") where the promise does not hold, as the checker
 * bounds them for one run: the settings they derive from, and the faults the run applied to its
 * victim server. Three of them can excuse a stale read of this workload (no stale window is
 * configured, every process names the same servers):
 *
 * <ul>
 *   <li><b>Window 2</b>, a call whose lookup could not reach the store may receive the value of its
 *       own process's load of the key that was in flight when it began, which began at most
 *       {@link #joinableNanos() twice the lock timeout} before.
 *   <li><b>Window 3</b>, an invalidation the store did not acknowledge may be missed by the other
 *       processes until its retry lands: within one retry interval of the invalidating process
 *       reaching the server again, which it does at once after a pause, after its circuit
 *       breaker's cool-off when the breaker opened, and when Xmemcached reconnects after a dropped
 *       connection or a restart. {@link #window3} says when that is at the latest for one write. On a
 *       Redis Cluster a failover takes the place of the restart: the process reaches the promoted
 *       replica once its topology refresh learns it ({@link #CLUSTER_TOPOLOGY_REFRESH}), the
 *       bound docs/consistency.md states for an unacknowledged invalidation across a failover.
 *   <li><b>Window 5</b>, when the workers keep near copies: a process other than the writer may
 *       serve its copy for the near cache's staleness bound after the invalidation landed
 *       ({@link #nearCloses}).
 * </ul>
 *
 * <p>Written with the run's files ({@link #write}), so that a run checked again is judged alike.
 */
final class Windows {
  /**
   * The workers' lock timeout, which they set by this name so that the checker's window 2 is
   * theirs: Cachet's default (5 s). Not read from the runtime's class, so that a saved run can be
   * checked again with the checker's classes alone.
   */
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
  /**
   * docs/consistency.md, "Redis Cluster": the client learns a promoted replica by a topology refresh,
   * on a reconnect attempt at most once a second and every 5 s regardless (the Cluster store's
   * periodic refresh): the longest the invalidating process takes to reach the new primary.
   */
  static final Duration CLUSTER_TOPOLOGY_REFRESH = Duration.ofSeconds(5);
  /** docs/consistency.md: an unacknowledged invalidation is retried every 50 ms. */
  static final Duration RETRY_INTERVAL = Duration.ofMillis(50);
  /** Xmemcached clamps each wait between reconnection attempts to 1 s..60 s. */
  private static final long MIN_RECONNECT_STEP_NANOS = 1_000_000_000L;
  private static final long MAX_RECONNECT_STEP_NANOS = 60_000_000_000L;
  /** The end of a fault that never ended: later than any read of a run. */
  private static final long NEVER = Long.MAX_VALUE / 4;
  private static final String FAULT = "fault";
  /**
   * docs/consistency.md: the near cache keeps its bound on a clock ticked every millisecond, so a
   * copy may be served up to a tick past it; one more millisecond for rounding.
   */
  static final Duration NEAR_TICK = Duration.ofMillis(2);

  /**
   * What the windows derive from: the region's lock timeout, the workers' operation timeout, the
   * circuit breaker's cool-off, Xmemcached's reconnect interval, Cachet's retry interval, the near
   * cache's bound, and on a Redis Cluster the longest the client takes to learn a promotion
   * ({@link Duration#ZERO} elsewhere).
   */
  record Settings(
      Duration lockTimeout,
      Duration operationTimeout,
      Duration coolOff,
      Duration reconnectInterval,
      Duration retryInterval,
      Duration nearBound,
      Duration topologyRefresh) {
    Settings {
      Objects.requireNonNull(topologyRefresh, "topologyRefresh");
      Objects.requireNonNull(nearBound, "nearBound");
      Objects.requireNonNull(lockTimeout, "lockTimeout");
      Objects.requireNonNull(operationTimeout, "operationTimeout");
      Objects.requireNonNull(coolOff, "coolOff");
      Objects.requireNonNull(reconnectInterval, "reconnectInterval");
      Objects.requireNonNull(retryInterval, "retryInterval");
    }

    /** Settings of a store without failovers. */
    Settings(
        Duration lockTimeout,
        Duration operationTimeout,
        Duration coolOff,
        Duration reconnectInterval,
        Duration retryInterval,
        Duration nearBound) {
      this(lockTimeout, operationTimeout, coolOff, reconnectInterval, retryInterval, nearBound, Duration.ZERO);
    }

    /**
     * The workers' settings: {@code operationTimeout} and the defaults of everything else (compile-time
     * constants, so the runtime's classes need not be loaded).
     */
    static Settings of(Duration operationTimeout) {
      return of(operationTimeout, Duration.ZERO);
    }

    /** As {@link #of(Duration)}, with workers keeping near copies to {@code nearBound}. */
    static Settings of(Duration operationTimeout, Duration nearBound) {
      return new Settings(
          LOCK_TIMEOUT,
          operationTimeout,
          Cachet.Builder.DEFAULT_CIRCUIT_BREAKER_COOL_OFF,
          Cachet.Builder.MEMCACHED_RECONNECT_INTERVAL,
          RETRY_INTERVAL,
          nearBound);
    }

    /** As {@link #of(Duration, Duration)}, on a Redis Cluster: a promotion is learnt within {@link #CLUSTER_TOPOLOGY_REFRESH}. */
    static Settings onCluster(Duration operationTimeout, Duration nearBound) {
      Settings settings = of(operationTimeout, nearBound);
      return new Settings(settings.lockTimeout, settings.operationTimeout, settings.coolOff, settings.reconnectInterval,
          settings.retryInterval, settings.nearBound, CLUSTER_TOPOLOGY_REFRESH);
    }
  }

  /**
   * One fault on the victim, from when applying it began to when it was over ({@code end} is
   * {@code null} for one that never ended), and how long after it was over Xmemcached may take to
   * reconnect: after a restart its next attempt, which backs off while the server is down.
   */
  record Fault(FaultEvent begin, FaultEvent end, long reconnectNanos) {
    long from() {
      return begin.began();
    }

    long to() {
      return end == null ? NEVER : end.nanos();
    }
  }

  /**
   * The window 3 of one unacknowledged write: when it closes, and the fault it is charged to
   * ({@code null} when it overlapped none the run injected).
   */
  record Window3(long closes, Fault fault) {}

  private final Settings settings;
  private final List<FaultEvent> events;
  private final List<Fault> faults;

  Windows(Settings settings, List<FaultEvent> events) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = List.copyOf(events);
    this.faults = faults(this.events, settings.reconnectInterval().toNanos(), settings.topologyRefresh().toNanos());
  }

  /** A run without faults whose workers waited {@code operationTimeout} for an operation. */
  static Windows withoutFaults(Duration operationTimeout) {
    return new Windows(Settings.of(operationTimeout), List.of());
  }

  Settings settings() {
    return settings;
  }

  /** What the run did to its victim, in order. */
  List<FaultEvent> events() {
    return events;
  }

  List<Fault> faults() {
    return faults;
  }

  /**
   * Whether the workers kept near copies (window 5); the bound is theirs, {@link Duration#ZERO}
   * when they kept none.
   */
  boolean nearCache() {
    return !settings.nearBound().isZero();
  }

  /**
   * Window 5: until when a process other than the writer may still serve a near copy that
   * {@code write} invalidated: the near cache's bound after the invalidation landed (its end, or
   * for an unacknowledged one the close of its window 3), plus {@link #NEAR_TICK}.
   */
  long nearCloses(Op write) {
    long landed = write.has(Op.UNACKNOWLEDGED) ? window3(write).closes() : write.end();
    return saturatedAdd(landed, settings.nearBound().toNanos() + NEAR_TICK.toNanos());
  }

  /** Window 2: how long before a read the load it receives may have begun (twice the lock timeout). */
  long joinableNanos() {
    return 2 * settings.lockTimeout().toNanos();
  }

  /**
   * When the window 3 of an unacknowledged write closes: the later of its end and the end of the
   * fault it overlapped (the write overlaps a fault when its call ran between the moment applying
   * the fault began and the moment every process can reach the server again), plus the longest
   * the invalidating process can take to reach the server again (a breaker's cool-off and a
   * reconnection, both, whatever the fault), one retry interval, and one operation timeout (a
   * retry or probe in flight when the server came back). Generous, finite, and stated in the
   * report. Without an injected fault the server ran throughout: the timeout was a slow reply,
   * and the same bound runs from the write's end.
   */
  Window3 window3(Op write) {
    Fault charged = null;
    for (Fault fault : faults) {
      if (write.start() <= reachable(fault) && write.end() >= fault.from()) {
        charged = fault;
      }
    }
    long over = charged == null ? write.end() : Math.max(write.end(), charged.to());
    long reconnect = charged == null ? reconnect(null) : reconnect(charged);
    long closes = saturatedAdd(over, settings.coolOff().toNanos() + reconnect + settings.retryInterval().toNanos()
        + settings.operationTimeout().toNanos());
    return new Window3(closes, charged);
  }

  /** When the window 3 of a write made during {@code fault}, and ending before it did, closes. */
  long closes(Fault fault) {
    return saturatedAdd(fault.to(), settings.coolOff().toNanos() + reconnect(fault)
        + settings.retryInterval().toNanos() + settings.operationTimeout().toNanos());
  }

  /** The reconnection time added after {@code fault}: the interval, or after a restart Xmemcached's next attempt if later. */
  long reconnect(Fault fault) {
    long interval = settings.reconnectInterval().toNanos();
    return fault == null ? interval : Math.max(interval, fault.reconnectNanos());
  }

  private long reachable(Fault fault) {
    return saturatedAdd(fault.to(), settings.coolOff().toNanos() + reconnect(fault));
  }

  /**
   * The faults of a timeline: a pause to its resume, a kill to its restart, a drop alone. The
   * reconnection after a drop is Xmemcached's first attempt, one interval after the connection
   * was lost; after a restart it is its first attempt once the server is back (see
   * {@link #nextAttempt}).
   *
   * <p>On a Redis Cluster (docs/consistency.md, "Redis Cluster", window 1): a kill ends when every
   * node sees its replica promoted, and the invalidating process reaches the new primary within
   * {@code topologyRefreshNanos} after that; a pause during which the replica was promoted ends at
   * the resume, with the same time to learn the promotion; a slot migration lasts from its first
   * command to every node seeing the new owner, a fault like a drop.
   */
  private static List<Fault> faults(List<FaultEvent> events, long intervalNanos, long topologyRefreshNanos) {
    List<Fault> found = new ArrayList<>();
    FaultEvent open = null;
    boolean promotedWhilePaused = false;
    for (FaultEvent event : events) {
      switch (event.kind()) {
        case PAUSED, KILLED -> {
          if (open != null) {
            found.add(new Fault(open, null, 0));
          }
          open = event;
          promotedWhilePaused = false;
        }
        case RESUMED -> {
          if (open != null && open.kind() == FaultEvent.Kind.PAUSED) {
            found.add(new Fault(open, event, promotedWhilePaused ? topologyRefreshNanos : 0));
            open = null;
          }
        }
        case PROMOTED -> {
          if (open != null && open.kind() == FaultEvent.Kind.KILLED) {
            found.add(new Fault(open, event, topologyRefreshNanos));
            open = null;
          } else if (open != null && open.kind() == FaultEvent.Kind.PAUSED) {
            promotedWhilePaused = true;
          } else {
            found.add(new Fault(event, event, topologyRefreshNanos));
          }
        }
        case MIGRATED -> found.add(new Fault(event, event, 0));
        case RESTARTED -> {
          if (open != null && open.kind() == FaultEvent.Kind.KILLED) {
            // The clients lost their connections between the kill's start and its effect; their
            // attempts are counted from the earliest loss, and the one that finds the server back
            // comes at the latest after the latest loss.
            long down = event.nanos() - open.began();
            long attempt = open.nanos() + nextAttempt(down, intervalNanos) - event.nanos();
            found.add(new Fault(open, event, Math.max(0, attempt)));
            open = null;
          }
        }
        case DROPPED -> found.add(new Fault(event, event, intervalNanos));
        case FAILED -> {
          // Not a fault of the model: the run is void, and the report says why.
        }
      }
    }
    if (open != null) {
      found.add(new Fault(open, null, 0));
    }
    return List.copyOf(found);
  }

  /**
   * Xmemcached's reconnection attempts after a connection is lost come one interval after the
   * loss, then after each failed attempt {@code n} (counting from 1) {@code n} intervals later
   * (each wait clamped to 1..60 s): at 1, 2, 4, 7, 11... intervals. Returns how long after the loss
   * the first attempt at or after {@code downNanos} comes.
   */
  static long nextAttempt(long downNanos, long intervalNanos) {
    long at = clampStep(intervalNanos);
    for (long tries = 1; at < downNanos; tries++) {
      at += clampStep(intervalNanos * tries);
    }
    return at;
  }

  private static long clampStep(long nanos) {
    return Math.min(MAX_RECONNECT_STEP_NANOS, Math.max(MIN_RECONNECT_STEP_NANOS, nanos));
  }

  private static long saturatedAdd(long a, long b) {
    return a >= NEVER ? NEVER : a + b;
  }

  /** Whether {@code nanos} is the end of a fault that never ended, or a window it never closed. */
  static boolean never(long nanos) {
    return nanos >= NEVER;
  }

  /** The settings and the faults, one per line, for the run's directory. */
  void write(Path path) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# The windows of this run (Windows.java): the settings they derive from, in nanoseconds,");
    lines.add("# then each fault applied to the victim: kind, began, in effect, what.");
    lines.add("lock-timeout " + settings.lockTimeout().toNanos());
    lines.add("op-timeout " + settings.operationTimeout().toNanos());
    lines.add("cool-off " + settings.coolOff().toNanos());
    lines.add("reconnect-interval " + settings.reconnectInterval().toNanos());
    lines.add("retry-interval " + settings.retryInterval().toNanos());
    lines.add("near-bound " + settings.nearBound().toNanos());
    lines.add("topology-refresh " + settings.topologyRefresh().toNanos());
    for (FaultEvent event : events) {
      if (event.what().contains("\n")) {
        throw new IllegalArgumentException("a fault's description spans lines: " + event.what());
      }
      lines.add(String.join(" ", FAULT, event.kind().name(), Long.toString(event.began()),
          Long.toString(event.nanos()), event.what()));
    }
    Files.write(path, lines, StandardCharsets.UTF_8);
  }

  /** Reads what {@link #write} wrote. */
  static Windows read(Path path) throws IOException {
    Duration lock = null;
    Duration op = null;
    Duration coolOff = null;
    Duration reconnect = null;
    Duration retry = null;
    // Runs saved before the near cache worked over memcached kept no near copies.
    Duration near = Duration.ZERO;
    // Runs saved before the checker ran on a Redis Cluster had no failovers.
    Duration topology = Duration.ZERO;
    List<FaultEvent> events = new ArrayList<>();
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split(" ", 5);
      try {
        switch (words[0]) {
          case "lock-timeout" -> lock = Duration.ofNanos(Long.parseLong(words[1]));
          case "op-timeout" -> op = Duration.ofNanos(Long.parseLong(words[1]));
          case "cool-off" -> coolOff = Duration.ofNanos(Long.parseLong(words[1]));
          case "reconnect-interval" -> reconnect = Duration.ofNanos(Long.parseLong(words[1]));
          case "retry-interval" -> retry = Duration.ofNanos(Long.parseLong(words[1]));
          case "near-bound" -> near = Duration.ofNanos(Long.parseLong(words[1]));
          case "topology-refresh" -> topology = Duration.ofNanos(Long.parseLong(words[1]));
          case FAULT -> events.add(new FaultEvent(FaultEvent.Kind.valueOf(words[1]), Long.parseLong(words[2]),
              Long.parseLong(words[3]), words.length > 4 ? words[4] : ""));
          default -> throw new IOException(path + ": unknown line: " + line);
        }
      } catch (RuntimeException e) {
        throw new IOException(path + ": unreadable line: " + line, e);
      }
    }
    if (lock == null || op == null || coolOff == null || reconnect == null || retry == null) {
      throw new IOException(path + " lacks one of the settings of the windows");
    }
    return new Windows(new Settings(lock, op, coolOff, reconnect, retry, near, topology), events);
  }

  /** {@code 2,300 ms}. */
  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%,d ms", Math.round(nanos / 1e6));
  }
}
