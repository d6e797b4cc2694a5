package dev.cachet.consistency;

import static org.awaitility.Awaitility.await;

import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisServer;
import dev.cachet.runtime.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The faults of a long run, repeated every {@link #CYCLE}. On one server (the victim):
 *
 * <pre>
 *  +15 s  SIGSTOP: frozen, connections open, nothing answered
 *  +18 s  SIGCONT (3 s frozen: twelve operation timeouts of 250 ms, so each worker's circuit
 *         breaker for the victim opens, and adds, deletes and sets queued on its connections are
 *         applied late, when it wakes)
 *  +30 s  SIGKILL: connections closed, keys move to the other servers
 *  +35 s  restarted, empty, on the same port (keys move back once clients reconnect)
 *  +45 s  every connection dropped, the server and its contents kept ({@link ConnectionDropper})
 *  +60 s  the next cycle
 * </pre>
 *
 * On a Redis Cluster ({@link #onCluster}) the same faults fall on whichever node of one shard (a
 * primary and its replica) is its primary when the step begins, and a slot migration follows:
 *
 * <pre>
 *  +15 s  SIGSTOP of the shard's primary; frozen past the cluster's node timeout (1 s), so the
 *         cluster promotes its replica meanwhile
 *  +18 s  whether the replica was promoted (recorded when it was), then SIGCONT: the old primary
 *         wakes, applies what was queued on its connections, and is demoted to a replica
 *  +30 s  SIGKILL of the shard's primary, then its replica promoted by the cluster itself (the
 *         step waits until every running node sees the promotion)
 *  +35 s  the killed node restarted empty on the same port, with its nodes.conf: it rejoins the
 *         cluster as a replica of the promoted node and copies it (the step waits until it has)
 *  +45 s  every connection to the shard's primary dropped ({@code ss -K}), contents kept
 *  +52 s  one slot migrated while calls run: the busiest slot of the shard's primary (a bucket
 *         holding entries of the run, beside its copy of the generation) the first time, to
 *         another primary; each cycle after, the same slot back the other way
 *  +60 s  the next cycle
 * </pre>
 *
 * A step whose fault would not be over two seconds before the end of the run is not begun, so the
 * victim always runs, answering, when the workers stop.
 */
final class FaultSchedule {
  static final Duration CYCLE = Duration.ofSeconds(60);
  private static final Duration MARGIN = Duration.ofSeconds(2);
  /** How long a restarted cluster node may take to rejoin as a replica and copy its primary. */
  private static final Duration REJOIN_DEADLINE = Duration.ofSeconds(20);

  /** One fault: when it begins in the cycle, what it does, how long it lasts, and how it ends. */
  private record Step(Duration at, List<Action> begin, Duration lasts, List<Action> end) {}

  /**
   * One thing done to the victim, and what it is for the checker's windows; {@code apply} returns
   * what it did, or {@code null} when there was nothing to record (a promotion that did not happen).
   */
  private record Action(FaultEvent.Kind kind, Supplier<String> apply) {}

  private final String victimName;
  private final Supplier<List<String>> notRunning;
  private final List<Step> steps;
  private final List<FaultEvent> timeline = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  private FaultSchedule(String victimName, Supplier<List<String>> notRunning, List<Step> steps) {
    this.victimName = victimName;
    this.notRunning = notRunning;
    this.steps = steps;
  }

  /** The schedule on one server. */
  FaultSchedule(TestServer victim, ConnectionDropper dropper) {
    this(
        victim.address(),
        () -> victim.isRunning() ? List.of() : List.of(victim.address()),
        List.of(
            new Step(Duration.ofSeconds(15), List.of(action(FaultEvent.Kind.PAUSED, "SIGSTOP (frozen)", victim::pause)),
                Duration.ofSeconds(3), List.of(action(FaultEvent.Kind.RESUMED, "SIGCONT (resumed)", victim::resume))),
            new Step(Duration.ofSeconds(30), List.of(action(FaultEvent.Kind.KILLED, "SIGKILL (down)", victim::kill)),
                Duration.ofSeconds(5),
                List.of(action(FaultEvent.Kind.RESTARTED, "restarted empty on the same port", victim::restart))),
            new Step(Duration.ofSeconds(45), List.of(new Action(FaultEvent.Kind.DROPPED, () -> dropper.drop(victim))),
                Duration.ZERO, List.of())));
  }

  /** The schedule on the shard of {@code primary} in {@code cluster}, with a slot migration (see above). */
  static FaultSchedule onCluster(RedisCluster cluster, RedisServer primary, ConnectionDropper dropper) {
    Shard shard = new Shard(cluster, primary, cluster.replicaOf(primary));
    return new FaultSchedule(
        "the shard " + primary.address() + " + " + shard.second.address(),
        () -> cluster.nodes().stream().filter(node -> !node.isRunning()).map(RedisServer::address).toList(),
        List.of(
            new Step(Duration.ofSeconds(15), List.of(new Action(FaultEvent.Kind.PAUSED, shard::pause)),
                Duration.ofSeconds(3),
                List.of(new Action(FaultEvent.Kind.PROMOTED, shard::promotedWhileFrozen),
                    new Action(FaultEvent.Kind.RESUMED, shard::resume))),
            new Step(Duration.ofSeconds(30),
                List.of(new Action(FaultEvent.Kind.KILLED, shard::kill),
                    new Action(FaultEvent.Kind.PROMOTED, shard::awaitPromotion)),
                Duration.ofSeconds(5), List.of(new Action(FaultEvent.Kind.RESTARTED, shard::restartAsReplica))),
            new Step(Duration.ofSeconds(45),
                List.of(new Action(FaultEvent.Kind.DROPPED, () -> dropper.drop(shard.primary()) + " (the primary)")),
                Duration.ZERO, List.of()),
            new Step(Duration.ofSeconds(52), List.of(new Action(FaultEvent.Kind.MIGRATED, shard::migrate)),
                Duration.ZERO, List.of())));
  }

  private static Action action(FaultEvent.Kind kind, String what, Runnable fault) {
    return new Action(kind, () -> {
      fault.run();
      return what;
    });
  }

  /**
   * The victim suffers the schedule, its cycles counted from {@code startNanos}, until
   * {@code endNanos}; returns what was done, when applying each step began and when it was in
   * effect (the server confirmed by its state).
   */
  List<FaultEvent> run(long startNanos, long endNanos) throws InterruptedException {
    for (long cycle = startNanos; cycle < endNanos; cycle += CYCLE.toNanos()) {
      for (Step step : steps) {
        long begin = cycle + step.at().toNanos();
        long over = begin + step.lasts().toNanos();
        if (over > endNanos - MARGIN.toNanos()) {
          return timeline;
        }
        sleepUntil(begin);
        step.begin().forEach(this::apply);
        if (!step.end().isEmpty()) {
          sleepUntil(over);
          step.end().forEach(this::apply);
        }
      }
    }
    return timeline;
  }

  /**
   * Applies one step and records when it began and took effect. A step that cannot be applied (a
   * restart whose port was taken meanwhile) is recorded and counted rather than ending the run:
   * the workers are mid-run, and the report must still say what happened.
   */
  private void apply(Action action) {
    checkRunning(action.kind());
    long began = System.nanoTime();
    String what;
    FaultEvent.Kind kind = action.kind();
    try {
      what = action.apply().get();
    } catch (RuntimeException e) {
      failures.add("a fault was not applied: " + e);
      what = "FAILED (" + kind + "): " + e.toString().replace('\n', ' ');
      kind = FaultEvent.Kind.FAILED;
    }
    if (what != null) {
      timeline.add(new FaultEvent(kind, began, System.nanoTime(), what));
    }
  }

  /**
   * Before every step but a restart or a promotion (which follow this schedule's own kill), every
   * server must be running: one that died otherwise (killed by something outside the run) suffered
   * a fault the timeline does not show, and the windows the checker derives from the timeline
   * would be wrong.
   */
  void checkRunning(FaultEvent.Kind next) {
    if (next == FaultEvent.Kind.RESTARTED || next == FaultEvent.Kind.PROMOTED) {
      return;
    }
    List<String> dead = notRunning.get();
    if (!dead.isEmpty()) {
      failures.add("the victim " + victimName + " was not running before " + next + " (" + String.join(", ", dead)
          + " down): it died outside the schedule");
    }
  }

  /** What went wrong with the schedule: it did not run as documented, and the run is void. */
  List<String> failures() {
    return failures;
  }

  /**
   * One shard of a cluster, two nodes, either of which may be its primary as the faults go on; and
   * the slot the schedule migrates.
   */
  private static final class Shard {
    private final RedisCluster cluster;
    private final RedisServer first;
    private final RedisServer second;
    private RedisServer frozen;
    private RedisServer killed;
    private int migratedSlot = -1;

    Shard(RedisCluster cluster, RedisServer first, RedisServer second) {
      this.cluster = cluster;
      this.first = first;
      this.second = second;
    }

    /** The node of the shard that is a primary now. */
    RedisServer primary() {
      List<RedisServer> primaries = cluster.primaries();
      for (RedisServer node : List.of(first, second)) {
        if (primaries.contains(node)) {
          return node;
        }
      }
      throw new IllegalStateException("neither " + first + " nor " + second + " is a primary");
    }

    private RedisServer other(RedisServer node) {
      return node == first ? second : first;
    }

    String pause() {
      frozen = primary();
      frozen.pause();
      return "SIGSTOP primary " + frozen.address() + " (frozen)";
    }

    /** Recorded only when the cluster promoted the frozen primary's replica while it was frozen. */
    String promotedWhileFrozen() {
      RedisServer replica = other(frozen);
      return cluster.primaries().contains(replica)
          ? "replica " + replica.address() + " promoted by the cluster while " + frozen.address() + " was frozen"
          : null;
    }

    String resume() {
      frozen.resume();
      return "SIGCONT " + frozen.address() + " (resumed"
          + (cluster.primaries().contains(other(frozen)) ? "; demoted to a replica of " + other(frozen).address() : "")
          + ")";
    }

    String kill() {
      killed = primary();
      killed.kill();
      return "SIGKILL primary " + killed.address() + " (down)";
    }

    String awaitPromotion() {
      RedisServer replica = other(killed);
      cluster.awaitPromoted(replica);
      return "replica " + replica.address() + " promoted by the cluster, seen by every running node";
    }

    String restartAsReplica() {
      killed.restart();
      RedisServer primary = other(killed);
      await("restarted " + killed + " rejoins as a replica of " + primary)
          .atMost(REJOIN_DEADLINE)
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> cluster.replicas().contains(killed)
              && killed.command("INFO", "replication").contains("master_link_status:up"));
      return "restarted empty on the same port with its nodes.conf; rejoined as a replica of " + primary.address()
          + " and copied it";
    }

    String migrate() {
      RedisServer home = primary();
      if (migratedSlot < 0) {
        migratedSlot = busiestSlot(home);
      }
      RedisServer from = cluster.ownerOf(migratedSlot);
      RedisServer to =
          from == home
              ? cluster.primaries().stream().filter(node -> node != home).findFirst()
                  .orElseThrow(() -> new IllegalStateException("no other primary to migrate to"))
              : home;
      int keys = Integer.parseInt(from.command("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(migratedSlot))
          .substring(1).trim());
      // One key per MIGRATE, so the slot stays half moved across many of the workers' calls.
      cluster.migrateSlot(migratedSlot, to, 1, () -> {});
      return "slot " + migratedSlot + " (" + keys + " keys) migrated from " + from.address() + " to " + to.address()
          + " while calls ran, one key per MIGRATE";
    }

    /** The slot of {@code node} holding most keys: a bucket with entries of the run, not only its generation copy. */
    private int busiestSlot(RedisServer node) {
      Map<Integer, Integer> counts = new HashMap<>();
      node.command("KEYS", "*").lines().filter(key -> !key.isEmpty())
          .forEach(key -> counts.merge(cluster.slotOf(key), 1, Integer::sum));
      return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
          .orElseThrow(() -> new IllegalStateException(node + " holds no keys to migrate"));
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long remaining;
    while ((remaining = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }
}
