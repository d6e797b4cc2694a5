package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds of window 3 after each kind of fault, with the workers' settings. Times in ms. */
class WindowsTest {
  private static final long MS = 1_000_000L;
  /** Cool-off 1,000 + retry 50 + op timeout 250, added after every fault with its reconnection. */
  private static final long SLACK = 1_300 * MS;

  private static Op writeDuring(long startMillis, long endMillis) {
    return Op.write(0, 0, OpType.WRITE_INVALIDATES, 0, startMillis * MS, startMillis * MS + 1, endMillis * MS, 1)
        .withFlags(Op.FAULT | Op.UNACKNOWLEDGED);
  }

  private static FaultEvent event(FaultEvent.Kind kind, long beganMillis, long inEffectMillis) {
    return new FaultEvent(kind, beganMillis * MS, inEffectMillis * MS, kind.name());
  }

  @Test
  void xmemcachedsReconnectionAttemptsBackOffByOneMoreIntervalEachTime() {
    long second = 1_000 * MS;
    assertEquals(1_000 * MS, Windows.nextAttempt(0, second));
    assertEquals(1_000 * MS, Windows.nextAttempt(1_000 * MS, second));
    assertEquals(2_000 * MS, Windows.nextAttempt(1_500 * MS, second));
    assertEquals(7_000 * MS, Windows.nextAttempt(5_200 * MS, second), "attempts at 1, 2, 4, 7 s");
    assertEquals(16_000 * MS, Windows.nextAttempt(12_000 * MS, second), "then 11, 16 s");
  }

  @Test
  void afterAPauseTheWindowClosesACoolOffAReconnectionARetryAndAnOpTimeoutAfterTheResume() {
    Windows windows =
        new Windows(Windows.Settings.of(Duration.ofMillis(250)),
            List.of(event(FaultEvent.Kind.PAUSED, 15_000, 15_050), event(FaultEvent.Kind.RESUMED, 18_000, 18_020)));
    Windows.Window3 window = windows.window3(writeDuring(16_000, 16_250));
    assertEquals(18_020 * MS + 1_000 * MS + SLACK, window.closes());
    assertSame(windows.faults().get(0), window.fault());
    // A write refused by the breaker after the resume is charged to the pause too.
    assertSame(windows.faults().get(0), windows.window3(writeDuring(18_500, 18_501)).fault());
  }

  @Test
  void afterARestartTheReconnectionIsXmemcachedsFirstAttemptOnceTheServerIsBack() {
    Windows windows =
        new Windows(Windows.Settings.of(Duration.ofMillis(250)),
            List.of(event(FaultEvent.Kind.KILLED, 30_000, 30_010), event(FaultEvent.Kind.RESTARTED, 35_000, 35_200)));
    // Down 5,200 ms from the earliest loss: the attempt at 7 s after the latest loss, 30,010.
    assertEquals((37_010 - 35_200) * MS, windows.faults().get(0).reconnectNanos());
    assertEquals(35_200 * MS + 1_810 * MS + SLACK, windows.window3(writeDuring(33_000, 33_001)).closes());
  }

  @Test
  void aDroppedConnectionIsReachedAgainAfterOneReconnectInterval() {
    Windows windows =
        new Windows(Windows.Settings.of(Duration.ofMillis(250)), List.of(event(FaultEvent.Kind.DROPPED, 45_000, 45_030)));
    Windows.Window3 window = windows.window3(writeDuring(45_400, 45_401));
    assertEquals(45_401 * MS + 1_000 * MS + SLACK, window.closes(), "the write ended after the drop: from its end");
    assertSame(windows.faults().get(0), window.fault());
  }

  @Test
  void aWriteOutsideEveryFaultCountsFromItsOwnEnd() {
    Windows windows =
        new Windows(Windows.Settings.of(Duration.ofMillis(250)), List.of(event(FaultEvent.Kind.DROPPED, 45_000, 45_030)));
    Windows.Window3 window = windows.window3(writeDuring(50_000, 50_250));
    assertNull(window.fault(), "the drop's window ended at 47,030");
    assertEquals(50_250 * MS + 1_000 * MS + SLACK, window.closes());
  }

  @Test
  void aPauseThatNeverEndedNeverClosesItsWindow() {
    Windows windows =
        new Windows(Windows.Settings.of(Duration.ofMillis(250)), List.of(event(FaultEvent.Kind.PAUSED, 15_000, 15_050)));
    assertTrue(Windows.never(windows.window3(writeDuring(16_000, 16_250)).closes()));
  }

  @Test
  void onAClusterAKillEndsAtThePromotionAndTheNewPrimaryIsLearntWithinTheTopologyRefresh() {
    Windows windows =
        new Windows(Windows.Settings.onCluster(Duration.ofMillis(250), Duration.ZERO),
            List.of(event(FaultEvent.Kind.KILLED, 30_000, 30_010), event(FaultEvent.Kind.PROMOTED, 30_010, 32_400),
                event(FaultEvent.Kind.RESTARTED, 35_000, 36_000)));
    assertEquals(1, windows.faults().size(), "the restart of a node the cluster replaced opens nothing");
    Windows.Window3 window = windows.window3(writeDuring(31_000, 31_250));
    assertEquals(32_400 * MS + 5_000 * MS + SLACK, window.closes());
    assertSame(windows.faults().get(0), window.fault());
  }

  @Test
  void onAClusterAPauseDuringWhichTheReplicaWasPromotedGivesTheTopologyRefreshAfterTheResume() {
    List<FaultEvent> promoted =
        List.of(event(FaultEvent.Kind.PAUSED, 15_000, 15_050), event(FaultEvent.Kind.PROMOTED, 18_000, 18_010),
            event(FaultEvent.Kind.RESUMED, 18_010, 18_020));
    Windows windows = new Windows(Windows.Settings.onCluster(Duration.ofMillis(250), Duration.ZERO), promoted);
    assertEquals(18_020 * MS + 5_000 * MS + SLACK, windows.window3(writeDuring(16_000, 16_250)).closes());
    Windows notPromoted =
        new Windows(Windows.Settings.onCluster(Duration.ofMillis(250), Duration.ZERO),
            List.of(promoted.get(0), promoted.get(2)));
    assertEquals(18_020 * MS + 1_000 * MS + SLACK, notPromoted.window3(writeDuring(16_000, 16_250)).closes(),
        "a pause the cluster sat out is a pause");
  }

  @Test
  void onAClusterASlotMigrationIsAFaultFromItsFirstCommandToEveryNodeSeeingTheNewOwner() {
    Windows windows =
        new Windows(Windows.Settings.onCluster(Duration.ofMillis(250), Duration.ZERO),
            List.of(event(FaultEvent.Kind.MIGRATED, 52_000, 52_600)));
    Windows.Window3 window = windows.window3(writeDuring(52_100, 52_150));
    assertEquals(52_600 * MS + 1_000 * MS + SLACK, window.closes());
    assertSame(windows.faults().get(0), window.fault());
  }

  @Test
  void theRunsFileKeepsTheClustersTopologyRefresh(@TempDir Path dir) throws IOException {
    Windows windows =
        new Windows(Windows.Settings.onCluster(Duration.ofMillis(250), Duration.ZERO),
            List.of(event(FaultEvent.Kind.KILLED, 30_000, 30_010), event(FaultEvent.Kind.PROMOTED, 30_010, 32_400),
                event(FaultEvent.Kind.MIGRATED, 52_000, 52_600)));
    Path file = dir.resolve("windows.txt");
    windows.write(file);
    Windows read = Windows.read(file);
    assertEquals(windows.settings(), read.settings());
    assertEquals(windows.faults(), read.faults());
  }

  @Test
  void theRunsFileKeepsTheSettingsAndTheFaults(@TempDir Path dir) throws IOException {
    Windows windows =
        new Windows(Windows.Settings.of(Duration.ofMillis(100)),
            List.of(event(FaultEvent.Kind.KILLED, 30_000, 30_010), event(FaultEvent.Kind.RESTARTED, 35_000, 35_200),
                new FaultEvent(FaultEvent.Kind.DROPPED, 45_000 * MS, 45_030 * MS, "connections dropped: ss -K, 3 sockets")));
    Path file = dir.resolve("windows.txt");
    windows.write(file);
    Windows read = Windows.read(file);
    assertEquals(windows.settings(), read.settings());
    assertEquals(windows.events(), read.events());
    assertEquals(windows.faults(), read.faults());
  }
}
