package dev.cachet.runtime.reliability;

import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.reliability.ReliabilityScenario.Phase;
import dev.cachet.runtime.reliability.ReliabilityScenario.PhaseReport;
import dev.cachet.runtime.testing.MemcachedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The reliability run of {@code docs/reliability.md}: 8 threads of cached calls for about 80 s
 * while memcached is killed, restarted, paused (SIGSTOP), resumed and made to flap; prints a
 * markdown report. Run it with
 *
 * <pre>
 * mvn -B -q -pl runtime -am -Preliability process-test-classes
 * </pre>
 */
public final class ReliabilityRun {
  private static final int THREADS = 8;
  private static final int KEYS = 2_000;
  private static final Duration PAUSE_BETWEEN_CALLS = Duration.ofMillis(2);

  private ReliabilityRun() {}

  /** Runs the scenario and prints the report. */
  public static void main(String[] args) throws InterruptedException {
    Duration operationTimeout = Cachet.Builder.DEFAULT_OPERATION_TIMEOUT;
    List<Phase> phases =
        List.of(
            Phase.of("steady", server -> {}, Duration.ofSeconds(10)),
            Phase.of("killed (SIGKILL)", MemcachedServer::kill, Duration.ofSeconds(10)),
            Phase.recovery("restarted", MemcachedServer::restart, Duration.ofSeconds(15), Duration.ofSeconds(40)),
            Phase.of("paused (SIGSTOP)", MemcachedServer::pause, Duration.ofSeconds(10)),
            Phase.recovery("resumed (SIGCONT)", MemcachedServer::resume, Duration.ofSeconds(10), Duration.ofSeconds(40)),
            Phase.of("flapping: 5 kill/restart in 3 s", ReliabilityRun::flap, Duration.ZERO),
            Phase.recovery("after flapping", server -> {}, Duration.ofSeconds(10), Duration.ofSeconds(40)));
    Instant date = Instant.now();
    List<PhaseReport> reports;
    CacheStatistics.Counts counts;
    List<Throwable> failures;
    try (MemcachedServer server = MemcachedServer.start();
        Cachet cachet =
            Cachet.builder()
                .memcached(server.address())
                .operationTimeout(operationTimeout)
                .region("r", Duration.ofMinutes(30))
                .build()) {
      ReliabilityScenario scenario = new ReliabilityScenario(server, cachet, THREADS, KEYS, PAUSE_BETWEEN_CALLS);
      reports = scenario.run(phases);
      counts = cachet.statistics().totals();
      failures = scenario.failures();
    }
    long calls = reports.stream().mapToLong(PhaseReport::calls).sum();
    long failed = reports.stream().mapToLong(PhaseReport::failed).sum();
    long worstAdded = reports.stream().mapToLong(PhaseReport::worstAddedMicros).max().orElse(0);
    StringBuilder out = new StringBuilder();
    out.append("date: ").append(date).append('\n');
    out.append("machine: ").append(machine()).append('\n');
    out.append("JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append('\n');
    out.append("memcached: ").append(memcachedVersion()).append('\n');
    out.append(String.format(Locale.ROOT,
        "load: %d threads, %d keys, %d ms pause after each call; operation timeout %d ms%n%n",
        THREADS, KEYS, PAUSE_BETWEEN_CALLS.toMillis(), operationTimeout.toMillis()));
    out.append(PhaseReport.header()).append('\n');
    for (PhaseReport report : reports) {
      out.append(report.row()).append('\n');
    }
    out.append(String.format(Locale.ROOT,
        "%ncalls made: %d%ncalls failed (exception reaching the caller): %d%n"
            + "worst added latency: %.1f ms against an operation timeout of %d ms%n"
            + "cache statistics: hits %d, misses %d, stores %d, transport errors %d, store failures %d%n",
        calls, failed, worstAdded / 1000.0, operationTimeout.toMillis(),
        counts.hits(), counts.misses(), counts.stores(), counts.transportErrors(), counts.storeFailures()));
    for (Throwable failure : failures) {
      out.append("failure: ").append(failure).append('\n');
    }
    System.out.print(out);
  }

  /** Five kills, each followed by a restart, about 300 ms apart. */
  static void flap(MemcachedServer server) {
    for (int i = 0; i < 5; i++) {
      server.kill();
      pause(300);
      server.restart();
      pause(300);
    }
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(line -> line.startsWith("model name"))
              .map(line -> line.substring(line.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException noProcfs) {
      // Not Linux: the CPU stays unknown.
    }
    return String.format(Locale.ROOT, "%s %s, %s, %d cores visible to the JVM",
        System.getProperty("os.name"), System.getProperty("os.version"), cpu,
        Runtime.getRuntime().availableProcessors());
  }

  private static String memcachedVersion() {
    try {
      Process version = new ProcessBuilder("memcached", "-V").redirectErrorStream(true).start();
      String text = new String(version.getInputStream().readAllBytes()).trim();
      version.waitFor(5, TimeUnit.SECONDS);
      return text;
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
