package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.consistency.Checker.Window;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short run with near caches: 3 worker JVMs x 4 threads on 3 real memcached servers for 20 s,
 * no faults, each worker keeping near copies with a staleness bound of 250 ms. A stale read is
 * allowed only within that bound of another process's invalidation (window 5, plus the ticked
 * clock's millisecond); none may be beyond it. The report is printed to this test's output and
 * kept in {@code target/consistency-runs/near-*}.
 */
class NearCacheRunTest {
  static final Duration BOUND = Duration.ofMillis(250);
  static final RunSettings NEAR =
      new RunSettings(3, 4, 3, 8, Duration.ofSeconds(20), 5_000, 100, Duration.ofMillis(250), false, BOUND);

  private static ConsistencyRun.Result result;

  @BeforeAll
  static void run() throws Exception {
    Path dir = ConsistencyRun.defaultDirectory().resolveSibling("near-" + ConsistencyRun.defaultDirectory().getFileName());
    result = ConsistencyRun.run(NEAR, dir, System.out);
    System.out.print(result.report());
  }

  @Test
  void theHarnessChecksPassAndNoCallFailed() {
    assertTrue(result.findings().sound(), result.report());
    assertEquals(0, result.findings().failedCalls, result.report());
    assertEquals(0, result.findings().wrongItems, result.report());
  }

  @Test
  void noReadIsStalerThanTheBound() {
    assertEquals(0, result.findings().stale(Window.BEYOND), result.report());
    Checker.StaleRead worst = result.findings().worstIn(Window.WINDOW_5);
    if (worst != null) {
      assertTrue(
          worst.stalenessNanos() <= BOUND.plus(Windows.NEAR_TICK).toNanos(), result.report());
    }
  }

  @Test
  void everyWorkerServedNearCopies() throws Exception {
    for (ProcessSummary summary : result.directory().summaries(NEAR.processes())) {
      assertTrue(summary.nearHits() > 1_000, "p" + summary.process() + "\n" + result.report());
    }
  }
}
