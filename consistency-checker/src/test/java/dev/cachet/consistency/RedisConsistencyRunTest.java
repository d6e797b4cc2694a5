package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short run on Redis: 3 worker JVMs x 4 threads on one real redis-server for 25 s, no faults,
 * judged by the same checker as the memcached runs. The report is printed to this test's output
 * and kept with the run's files in {@code target/consistency-runs/redis-short-*}.
 */
class RedisConsistencyRunTest {
  static final RunSettings SHORT =
      new RunSettings(3, 4, 1, 8, Duration.ofSeconds(25), 5_000, 100, Duration.ofMillis(250), false,
          Duration.ZERO, RunSettings.Store.REDIS);

  private static ConsistencyRun.Result result;

  @BeforeAll
  static void run() throws Exception {
    Path dir =
        ConsistencyRun.defaultDirectory()
            .resolveSibling("redis-short-" + ConsistencyRun.defaultDirectory().getFileName());
    result = ConsistencyRun.run(SHORT, dir, System.out);
    System.out.print(result.report());
  }

  @Test
  void theHarnessChecksPass() {
    assertTrue(result.findings().sound(), result.report());
  }

  @Test
  void everyWorkerThreadRanManyReadsAndEveryPathWrote() {
    assertEquals(SHORT.processes() * SHORT.threadsPerProcess(), result.findings().threads, result.report());
    assertTrue(result.findings().reads > 10_000, result.report());
    for (OpType path : OpType.WRITES) {
      assertTrue(result.findings().writes(path) > 300, path.label() + "\n" + result.report());
    }
  }

  @Test
  void noCallFailedNoReadReturnedAnotherItemAndNoneIsStale() {
    assertEquals(0, result.findings().failedCalls, result.report());
    assertEquals(0, result.findings().wrongItems, result.report());
    assertEquals(0, result.findings().staleReads, result.report());
  }
}
