package dev.cachet.consistency;

import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisServer;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TestServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A whole run: starts the store's servers (memcached, one redis-server, or a Redis Cluster of six) and the source of truth, starts the workers, lets
 * them run (with faults on one server when asked), checks their histories and prints the report.
 * The short run of the tests is {@code ConsistencyRunTest}; the long run is this class's
 * {@link #main}, usage in the package documentation.
 */
final class ConsistencyRun {
  /** Workers have this long to connect and print {@code ready}: JVM start-up on a busy machine. */
  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
  /** And this long after the end to finish their last call and write their files. */
  private static final Duration DONE_DEADLINE = Duration.ofSeconds(60);
  /** Between telling the workers {@code go} and their start, so every one starts at once. */
  private static final Duration START_DELAY = Duration.ofMillis(500);
  /** When the victim is chosen: after the workers have stored, before the first fault (+15 s). */
  private static final Duration VICTIM_CHOSEN_AFTER = Duration.ofSeconds(10);
  /** A Redis Cluster run's nodes: {@link RedisCluster}'s three primaries with one replica each. */
  static final int CLUSTER_NODES = 6;

  /** What a run found, its report, and its exit code. */
  record Result(Checker.Findings findings, String report, RunDirectory directory) {
    int exitCode() {
      return findings.exitCode();
    }
  }

  private ConsistencyRun() {}

  /**
   * Runs the long run; exits 0 when it passed, 1 when the cache broke its promise, 2 when the run
   * itself is void.
   */
  public static void main(String[] args) throws Exception {
    Arguments options = Arguments.parse(args, Set.of("faults"));
    RunSettings.Store store = RunSettings.Store.of(options.text("store", "memcached"));
    // One Redis server; a Redis Cluster's six nodes (three primaries, a replica each), which the
    // option does not change; a memcached pool of three by default.
    boolean redis = store == RunSettings.Store.REDIS;
    boolean cluster = store == RunSettings.Store.REDIS_CLUSTER;
    long seconds =
        options.number("seconds", 0) > 0
            ? options.number("seconds", 0)
            : Math.max(1, options.number("minutes", 10)) * 60;
    RunSettings settings =
        new RunSettings(
            options.count("processes", 3, 1, 64),
            options.count("threads", 4, 1, 256),
            cluster ? CLUSTER_NODES : options.count("servers", redis ? 1 : 3, 1, redis ? 1 : 16),
            options.count("keys", 8, 1, 1_000_000),
            Duration.ofSeconds(seconds),
            options.number("max-pause-micros", 5_000),
            options.count("write-permille", 100, 0, 1000),
            Duration.ofMillis(options.number("op-timeout-ms", 250)),
            options.flag("faults"),
            Duration.ZERO,
            store);
    Path out = Path.of(options.text("out", defaultDirectory().toString()));
    options.requireAllUsed();
    Result result = run(settings, out, System.out);
    System.out.print(result.report());
    System.out.println("files of the run: " + result.directory().dir().toAbsolutePath());
    System.exit(result.exitCode());
  }

  /** {@code target/consistency-runs/<local time>}, beside the module's other build output. */
  static Path defaultDirectory() {
    return Path.of("target", "consistency-runs",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
  }

  /** Runs the workload described by {@code settings}, keeping its files in {@code dir}. */
  static Result run(RunSettings settings, Path dir, PrintStream progress) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    RunDirectory files = new RunDirectory(dir);
    List<TestServer> servers = new ArrayList<>();
    RedisCluster cluster = null;
    List<RedisServer> startPrimaries = List.of();
    List<WorkerProcess> workers = new ArrayList<>();
    List<String> runErrors = new ArrayList<>();
    Faults faults = new Faults(List.of(), null);
    long origin;
    try {
      String addresses;
      if (settings.store() == RunSettings.Store.REDIS_CLUSTER) {
        cluster = RedisCluster.start();
        startPrimaries = cluster.primaries();
        servers.addAll(cluster.nodes());
        addresses = cluster.uris();
      } else {
        for (int s = 0; s < settings.servers(); s++) {
          servers.add(settings.store() == RunSettings.Store.REDIS ? RedisServer.start() : MemcachedServer.start());
        }
        addresses =
            settings.store() == RunSettings.Store.REDIS
                ? "redis://" + servers.get(0).address()
                : servers.stream().map(TestServer::address).collect(Collectors.joining(" "));
      }
      VersionFile.create(files.truth(), settings.keys()).close();
      progress.printf(Locale.ROOT, "consistency run: %d workers x %d threads on %s for %d s%s; files in %s%n",
          settings.processes(), settings.threadsPerProcess(), addresses, settings.duration().toSeconds(),
          settings.faults() ? ", with faults" : "", dir);
      for (int p = 0; p < settings.processes(); p++) {
        workers.add(WorkerProcess.start(p, addresses, files, settings));
      }
      for (WorkerProcess worker : workers) {
        awaitReady(worker, runErrors);
      }
      origin = System.nanoTime() + START_DELAY.toNanos();
      files.writeOrigin(origin);
      long end = origin + settings.duration().toNanos();
      for (WorkerProcess worker : workers) {
        worker.send("go " + origin + " " + end);
      }
      if (settings.faults()) {
        faults = injectFaults(servers, cluster, startPrimaries, origin, end, progress, runErrors);
      }
      sleepUntil(end);
      for (WorkerProcess worker : workers) {
        awaitDone(worker, runErrors);
      }
      runErrors.addAll(notRunning(servers));
      if (cluster != null) {
        runErrors.addAll(failedOverOutsideTheSchedule(cluster, startPrimaries, settings.faults()));
      }
    } finally {
      for (WorkerProcess worker : workers) {
        worker.close();
      }
      if (cluster != null) {
        cluster.close();
      } else {
        for (TestServer server : servers) {
          server.close();
        }
      }
    }
    Windows.Settings windows =
        settings.store() == RunSettings.Store.REDIS_CLUSTER
            ? Windows.Settings.onCluster(settings.operationTimeout(), settings.nearCache())
            : Windows.Settings.of(settings.operationTimeout(), settings.nearCache());
    files.writeWindows(new Windows(windows, faults.timeline()));
    Checker.Findings findings = files.check(settings.processes());
    runErrors.forEach(findings::harness);
    String report =
        Report.format(settings, origin, findings, files.summaries(settings.processes()), faults.note());
    Files.writeString(dir.resolve("report.txt"), report, StandardCharsets.UTF_8);
    return new Result(findings, report, files);
  }

  /**
   * The servers not running at the end of the run. The fault schedule leaves every server running
   * (its victim restarted); one that is not was stopped by something outside the run, a fault
   * the report's timeline does not show, so the run is void rather than judged by wrong windows.
   */
  static List<String> notRunning(List<? extends TestServer> servers) {
    List<String> dead = new ArrayList<>();
    for (TestServer server : servers) {
      if (!server.isRunning()) {
        dead.add("servers: " + server.address() + " was not running at the end of the run: it was stopped outside"
            + " the fault schedule");
      }
    }
    return dead;
  }

  /**
   * The primaries a cluster started with that are no longer primaries at the end, but for the
   * victim's shard (the first primary) when the run had faults. The cluster promotes a replica on
   * its own when a primary misses its node timeout (1 s), as a loaded machine can make it; such a failover is a
   * fault the timeline does not show, so the run is void rather than judged by wrong windows.
   */
  static List<String> failedOverOutsideTheSchedule(
      RedisCluster cluster, List<RedisServer> startPrimaries, boolean faults) {
    List<RedisServer> primaries = cluster.primaries();
    List<String> failedOver = new ArrayList<>();
    for (int i = faults ? 1 : 0; i < startPrimaries.size(); i++) {
      RedisServer primary = startPrimaries.get(i);
      if (!primaries.contains(primary)) {
        failedOver.add("cluster: primary " + primary.address() + " was failed over outside the fault schedule");
      }
    }
    return failedOver;
  }

  /**
   * Waits for {@code ready PID NANOS}, and checks the worker's clock: its {@code NANOS} must fall
   * between our clock's reading before it was started and now, or intervals recorded by different
   * processes cannot be compared and the run is void.
   */
  private static void awaitReady(WorkerProcess worker, List<String> runErrors) throws InterruptedException {
    String ready = worker.next(READY_DEADLINE.toMillis());
    long now = System.nanoTime();
    if (ready == null || !ready.startsWith("ready ")) {
      throw new IllegalStateException("worker " + worker.index() + " did not start: " + ready);
    }
    long theirs = Long.parseLong(ready.split(" ")[2]);
    if (theirs < worker.spawnedNanos() || theirs > now) {
      runErrors.add(String.format(Locale.ROOT,
          "clocks: worker %d's System.nanoTime() %d is not between %d (before it started) and %d (after it was"
              + " ready): the processes do not share one monotonic clock", worker.index(), theirs,
          worker.spawnedNanos(), now));
    }
  }

  private static void awaitDone(WorkerProcess worker, List<String> runErrors) throws InterruptedException {
    String done = worker.next(DONE_DEADLINE.toMillis());
    if (done == null || !done.startsWith("done ")) {
      runErrors.add("worker " + worker.index() + " did not finish within " + DONE_DEADLINE
          + " of the end (said: " + done + ")");
      return;
    }
    int exit = worker.awaitExit(DONE_DEADLINE.toMillis());
    if (exit != 0) {
      runErrors.add("worker " + worker.index() + " exited with " + exit);
    }
  }

  /**
   * Runs the fault schedule from the start of the run on the first server (on a cluster, the shard
   * of its first primary); returns the timeline and a line saying which server and how its
   * connections are dropped.
   */
  private static Faults injectFaults(
      List<TestServer> servers, RedisCluster cluster, List<RedisServer> startPrimaries, long origin, long end,
      PrintStream progress, List<String> runErrors) throws InterruptedException {
    ConnectionDropper dropper = ConnectionDropper.probe();
    sleepUntil(origin + VICTIM_CHOSEN_AFTER.toNanos());
    if (cluster != null) {
      // Every primary holds its buckets' entries and their copies of the generation, so any one
      // is as good a victim as another: the first, with its replica.
      RedisServer primary = startPrimaries.get(0);
      String note = "victim the shard of primary " + primary.address() + " and its replica "
          + cluster.replicaOf(primary).address() + " (a third of the 64 buckets, each with its entries and its copy"
          + " of the generation), whichever is its primary at each step; connections dropped by " + dropper.method();
      progress.println("faults: " + note);
      FaultSchedule schedule = FaultSchedule.onCluster(cluster, primary, dropper);
      List<FaultEvent> timeline = schedule.run(origin, end);
      schedule.failures().forEach(failure -> runErrors.add("fault schedule: " + failure));
      return new Faults(timeline, note);
    }
    // Every server keeps its own copy of the namespace generation beside its entries, so any
    // one is as good a victim as another: the first.
    TestServer victim = servers.get(0);
    String why = servers.size() == 1
        ? "the only server, holding every entry and the generation"
        : "one server of " + servers.size() + ", each holding its entries and its copy of the generation";
    String note = "victim " + victim.address() + ", " + why + "; connections dropped by " + dropper.method();
    progress.println("faults: " + note);
    FaultSchedule schedule = new FaultSchedule(victim, dropper);
    List<FaultEvent> timeline = schedule.run(origin, end);
    schedule.failures().forEach(failure -> runErrors.add("fault schedule: " + failure));
    return new Faults(timeline, note);
  }

  /** What the fault schedule did, and to which server. */
  private record Faults(List<FaultEvent> timeline, String note) {}

  private static void sleepUntil(long nanos) throws InterruptedException {
    long remaining;
    while ((remaining = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }
}
