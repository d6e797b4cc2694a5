package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short run: 3 worker JVMs x 4 threads on 3 real memcached servers for 25 s, no faults. One
 * run is shared by the tests below (it is the expensive part); each checks one thing about it.
 * The report is printed to this test's output ({@code target/surefire-reports}) and kept with the
 * run's files in {@code target/consistency-runs/short-*}.
 */
class ConsistencyRunTest {
  static final RunSettings SHORT =
      new RunSettings(3, 4, 3, 8, Duration.ofSeconds(25), 5_000, 100, Duration.ofMillis(250), false);

  private static ConsistencyRun.Result result;

  @BeforeAll
  static void run() throws Exception {
    Path dir = ConsistencyRun.defaultDirectory().resolveSibling("short-" + ConsistencyRun.defaultDirectory().getFileName());
    result = ConsistencyRun.run(SHORT, dir, System.out);
    System.out.print(result.report());
  }

  @Test
  void theHarnessChecksPass() {
    assertTrue(result.findings().sound(), result.report());
  }

  @Test
  void everyWorkerThreadRanManyReads() {
    assertEquals(SHORT.processes() * SHORT.threadsPerProcess(), result.findings().threads, result.report());
    // About 40,000 on a shared two-core machine; the bound only proves the run did real work.
    assertTrue(result.findings().reads > 10_000, result.report());
  }

  @Test
  void everyInvalidationPathWroteOften() {
    for (OpType path : OpType.WRITES) {
      assertTrue(result.findings().writes(path) > 300, path.label() + "\n" + result.report());
    }
  }

  @Test
  void noCallFailedAndNoReadReturnedAnotherItem() {
    assertEquals(0, result.findings().failedCalls, result.report());
    assertEquals(0, result.findings().wrongItems, result.report());
  }

  @Test
  void noReadIsStale() {
    assertEquals(0, result.findings().staleReads, result.report());
  }
}
