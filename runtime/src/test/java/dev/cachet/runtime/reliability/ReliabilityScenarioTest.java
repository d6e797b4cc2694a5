package dev.cachet.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.reliability.ReliabilityScenario.Phase;
import dev.cachet.runtime.reliability.ReliabilityScenario.PhaseReport;
import dev.cachet.runtime.testing.MemcachedServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reliability run of {@code docs/reliability.md} in a few seconds: under a steady load from
 * several threads, memcached is killed, restarted, paused and resumed; no call fails, none waits
 * much past the operation timeout, and hits come back after each recovery.
 */
class ReliabilityScenarioTest {
  private static final Duration OP_TIMEOUT = Duration.ofMillis(250);
  /**
   * A call costs at most two timed-out operations: its own lookup's, then the wait for the thread
   * of this process loading the same key, itself inside a timed-out lease request (concurrent
   * misses on a key call the delegate once). The third is scheduling on a two-core machine shared
   * with other builds; the full run's figures are in docs/reliability.md.
   */
  private static final Duration WORST_ADDED_BOUND = OP_TIMEOUT.multipliedBy(3);
  /**
   * A lease whose release failed while the server was frozen is deleted as soon as the server
   * answers again (if it still holds its token), so callers after a resume are bound like any
   * other; the lock timeout is short so that a lease left to lapse would break that bound.
   */
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(20);

  @Test
  void killRestartPauseResumeUnderLoadFailsNoCallAndHitsComeBack() throws InterruptedException {
    List<PhaseReport> reports =
        run(
            List.of(
                Phase.of("steady", server -> {}, Duration.ofSeconds(1)),
                Phase.of("killed", MemcachedServer::kill, Duration.ofSeconds(1)),
                Phase.recovery("restarted", MemcachedServer::restart, Duration.ofMillis(500), RECOVERY_DEADLINE),
                Phase.of("paused", MemcachedServer::pause, Duration.ofSeconds(1)),
                Phase.recovery("resumed", MemcachedServer::resume, Duration.ofMillis(500), RECOVERY_DEADLINE)));
    for (PhaseReport report : reports) {
      assertEquals(0, report.failed(), report.row());
      assertTrue(report.calls() > 0, "no calls in " + report.row());
      assertTrue(
          report.worstAddedMicros() < WORST_ADDED_BOUND.toNanos() / 1000,
          "a call waited too long: " + report.row());
      if (report.recovery()) {
        assertTrue(report.firstHitAfterMillis() >= 0, "hits did not come back: " + report.row());
      }
    }
    assertTrue(reports.get(0).hits() > reports.get(0).calls() / 2, "the steady phase barely hit: " + reports.get(0).row());
  }

  @Test
  void aServerKilledAndRestartedFiveTimesInQuickSuccessionFailsNoCallAndHitsComeBack()
      throws InterruptedException {
    List<PhaseReport> reports =
        run(
            List.of(
                Phase.of("steady", server -> {}, Duration.ofMillis(500)),
                Phase.of("flapping", ReliabilityScenarioTest::flapQuickly, Duration.ZERO),
                Phase.recovery("settled", server -> {}, Duration.ofMillis(200), RECOVERY_DEADLINE)));
    for (PhaseReport report : reports) {
      assertEquals(0, report.failed(), report.row());
    }
    assertTrue(reports.get(1).calls() > 0, "no calls while flapping: " + reports.get(1).row());
    assertTrue(reports.get(2).firstHitAfterMillis() >= 0, "hits did not come back: " + reports.get(2).row());
  }

  private static void flapQuickly(MemcachedServer server) {
    for (int i = 0; i < 5; i++) {
      server.kill();
      sleep(100);
      server.restart();
      sleep(150);
    }
  }

  private static List<PhaseReport> run(List<Phase> phases) throws InterruptedException {
    try (MemcachedServer server = MemcachedServer.start();
        Cachet cachet =
            Cachet.builder()
                .memcached(server.address())
                .operationTimeout(OP_TIMEOUT)
                .region("r", Duration.ofMinutes(10), region -> region.lockTimeout(LOCK_TIMEOUT))
                .build()) {
      ReliabilityScenario scenario = new ReliabilityScenario(server, cachet, 4, 200, Duration.ofMillis(2));
      List<PhaseReport> reports = scenario.run(phases);
      System.out.println(PhaseReport.header());
      reports.forEach(report -> System.out.println(report.row()));
      scenario.failures().forEach(failure -> failure.printStackTrace(System.out));
      return reports;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
