package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A short run without faults on one store: one run is shared by the tests below (it is the
 * expensive part); each checks one thing about it. The report is printed to the test's output
 * ({@code target/surefire-reports}) and kept with the run's files in {@code
 * target/consistency-runs/<prefix>*}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShortRunContract {
  private ConsistencyRun.Result result;

  /** The run's shape. */
  abstract RunSettings settings();

  /** What the run's directory is named by, e.g. {@code short-}. */
  abstract String directoryPrefix();

  @BeforeAll
  void run() throws Exception {
    Path dir =
        ConsistencyRun.defaultDirectory()
            .resolveSibling(directoryPrefix() + ConsistencyRun.defaultDirectory().getFileName());
    result = ConsistencyRun.run(settings(), dir, System.out);
    System.out.print(result.report());
  }

  @Test
  void theHarnessChecksPass() {
    assertTrue(result.findings().sound(), result.report());
  }

  @Test
  void everyWorkerThreadRanManyReads() {
    assertEquals(settings().processes() * settings().threadsPerProcess(), result.findings().threads, result.report());
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
