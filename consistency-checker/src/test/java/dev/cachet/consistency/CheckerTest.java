package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.consistency.Checker.Cause;
import dev.cachet.consistency.Checker.Findings;
import dev.cachet.consistency.Checker.Window;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker's rules on hand-built histories of one key (two where a second is needed). Times are
 * plain numbers. The write of version 1 is the same in most: it begins at 100, increments at 150
 * and its invalidation returns at 200.
 *
 * <p>The windows are those of {@link #WINDOWS}, scaled to these times: a lock timeout of 1,000
 * (so a joined load may have begun up to 2,000 before the read), an op timeout of 25, a cool-off
 * and a reconnect interval of 100, a retry interval of 5; and the victim paused from 90 (in
 * effect at 95) to 190 (resumed at 180, in effect at 190). A write overlapping that pause, and
 * ending by 190, has its window 3 close at 190 + 100 + 100 + 5 + 25 = 420.
 */
class CheckerTest {
  private static final Op WRITE_V1 = Op.write(0, 0, OpType.WRITE_INVALIDATES, 0, 100, 150, 200, 1);
  private static final Windows.Settings SETTINGS =
      new Windows.Settings(Duration.ofNanos(1_000), Duration.ofNanos(25), Duration.ofNanos(100),
          Duration.ofNanos(100), Duration.ofNanos(5), Duration.ZERO);
  private static final Windows WINDOWS =
      new Windows(SETTINGS, List.of(
          new FaultEvent(FaultEvent.Kind.PAUSED, 90, 95, "SIGSTOP (frozen)"),
          new FaultEvent(FaultEvent.Kind.RESUMED, 180, 190, "SIGCONT (resumed)")));
  /** v1 by p0, during the pause: the store did not acknowledge its invalidation. */
  private static final Op UNACKNOWLEDGED_V1 = WRITE_V1.withFlags(Op.FAULT | Op.UNACKNOWLEDGED);
  /** When the window 3 of {@link #UNACKNOWLEDGED_V1} closes: 200 (its end, after the resume) + 230. */
  private static final long V1_WINDOW_CLOSES = 200 + 100 + 100 + 5 + 25;

  private static Findings check(Op... history) throws IOException {
    return check((long[]) null, history);
  }

  private static Findings check(long[] finalVersions, Op... history) throws IOException {
    List<Op> ops = List.of(history);
    return Checker.check(ops::forEach, 1, finalVersions, WINDOWS);
  }

  private static Findings check(Windows windows, int keys, Op... history) throws IOException {
    List<Op> ops = List.of(history);
    return Checker.check(ops::forEach, keys, null, windows);
  }

  @Test
  void aReadBeganAfterTheWriteCompletedReturningTheOldVersionIsStale() throws IOException {
    Findings findings = check(WRITE_V1, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(1, findings.staleReads);
    assertEquals(100, findings.worst.stalenessNanos());
    assertEquals(1, findings.worst.expected());
    assertEquals(1, findings.exitCode());
  }

  @Test
  void withNearCopiesAnotherProcessesStaleReadWithinTheBoundIsWindow5AndNotAfter() throws IOException {
    Windows near = new Windows(Windows.Settings.of(Duration.ofNanos(25), Duration.ofMillis(1)), List.of());
    // WRITE_V1 (p0) ended at 200: copies of other processes may be served until 1 ms + the tick after.
    long closes = 200 + Duration.ofMillis(1).toNanos() + Windows.NEAR_TICK.toNanos();
    Findings within = check(near, 1, WRITE_V1, Op.read(1, 0, 0, closes - 1, closes + 10, 0));
    assertEquals(Window.WINDOW_5, within.worst.window());
    assertEquals(0, within.stale(Window.BEYOND));
    assertEquals(0, within.exitCode());
    Findings after = check(near, 1, WRITE_V1, Op.read(1, 0, 0, closes, closes + 10, 0));
    assertEquals(Window.BEYOND, after.worst.window());
    // The invalidating process stops its own copies at once.
    Findings own = check(near, 1, WRITE_V1, Op.read(0, 1, 0, 300, 310, 0));
    assertEquals(Window.BEYOND, own.worst.window());
    // Without near copies the same read is beyond the windows.
    Findings without =
        check(Windows.withoutFaults(Duration.ofNanos(25)), 1, WRITE_V1, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(Window.BEYOND, without.worst.window());
  }

  @Test
  void aStaleReadWithNoFaultAnywhereIsBeyondTheWindowsAndFailsTheRun() throws IOException {
    // The write was acknowledged, the read reached the store, and the run injected no fault.
    Findings findings =
        check(Windows.withoutFaults(Duration.ofNanos(25)), 1, WRITE_V1, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(Window.BEYOND, findings.worst.window());
    assertEquals(1, findings.stale(Window.BEYOND));
    assertEquals(0, findings.stale(Window.WINDOW_2) + findings.stale(Window.WINDOW_3));
    assertEquals(1, findings.exitCode());
  }

  // ---------------------------------------------------------------- window 2

  @Test
  void aStaleReadWhoseCallHitAFaultAndThatMayHaveReceivedALoadOfItsProcessIsWithinWindow2() throws IOException {
    Op load = Op.read(1, 1, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    Op read = Op.read(1, 0, 0, 300, 390, 0).withFlags(Op.FAULT);
    Findings findings = check(WRITE_V1, load, read);
    assertEquals(Window.WINDOW_2, findings.worst.window());
    assertEquals(load, findings.worst.received());
    assertEquals(1, findings.stale(Window.WINDOW_2));
    assertEquals(1, findings.window2Faulted);
    assertEquals(0, findings.window2WithoutRoundTrip);
    assertEquals(170, findings.window2OldestLoadNanos, "the load began at 130, the read at 300");
    assertEquals(0, findings.stale(Window.BEYOND));
    assertTrue(findings.passed());
    assertEquals(0, findings.exitCode(), "a stale read within a window does not fail the run");
  }

  @Test
  void aStaleReadThatMadeNoRoundTripIsWithinWindow2LikeOneThatHitAFault() throws IOException {
    // Its lookups were skipped: an invalidation of its process waited for its retry.
    Op load = Op.read(1, 1, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, load, Op.read(1, 0, 0, 300, 390, 0).withFlags(Op.NO_ROUND_TRIP));
    assertEquals(Window.WINDOW_2, findings.worst.window());
  }

  @Test
  void theSameJoinWithoutAFaultIsBeyondTheWindows() throws IOException {
    // A lookup that reached the store may join only a load whose lease it saw intact, which the
    // acknowledged invalidation had deleted.
    Op load = Op.read(1, 1, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, load, Op.read(1, 0, 0, 300, 390, 0));
    assertEquals(Cause.JOINED_OLDER_LOAD, findings.worst.cause());
    assertEquals(Window.BEYOND, findings.worst.window());
    assertEquals(1, findings.exitCode());
  }

  @Test
  void aReadThatReceivedAValueItselfIsNoLoadAnotherCouldReceive() throws IOException {
    // p1/t1 could not reach the store and did not compute: it received v0 from a load, ended at
    // 250. Only a call that can have loaded can have given p1/t0 its value.
    Op load = Op.read(1, 2, 0, 120, 250, 0).withFlags(Op.DELEGATE).withMid(130);
    Op receiver = Op.read(1, 1, 0, 140, 400, 0).withFlags(Op.FAULT);
    Op read = Op.read(1, 0, 0, 300, 390, 0).withFlags(Op.FAULT);
    Findings findings = check(WRITE_V1, load, receiver, read);
    assertEquals(Window.BEYOND, findings.worst.window());
    // A call that reached the store and waited for a lease elsewhere can have been the load.
    Op waiter = Op.read(1, 1, 0, 140, 400, 0);
    assertEquals(Window.WINDOW_2, check(WRITE_V1, load, waiter, read).worst.window());
  }

  @Test
  void aFaultedReadWithNoLoadOfItsProcessInFlightIsBeyondTheWindows() throws IOException {
    // The only call that returned v0 is another process's: nothing of its own it could receive.
    Op load = Op.read(2, 0, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, load, Op.read(1, 0, 0, 300, 390, 0).withFlags(Op.FAULT));
    assertEquals(Window.BEYOND, findings.worst.window());
  }

  @Test
  void aLoadThatReturnedBeforeTheReadBeganCannotHaveBeenReceived() throws IOException {
    Op load = Op.read(1, 1, 0, 130, 260, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, load, Op.read(1, 0, 0, 300, 390, 0).withFlags(Op.FAULT));
    assertEquals(Window.BEYOND, findings.worst.window());
  }

  @Test
  void aLoadBegunMoreThanTwiceTheLockTimeoutBeforeTheReadIsNeverJoined() throws IOException {
    Windows shortLock =
        new Windows(new Windows.Settings(Duration.ofNanos(80), SETTINGS.operationTimeout(), SETTINGS.coolOff(),
            SETTINGS.reconnectInterval(), SETTINGS.retryInterval(), Duration.ZERO), List.of());
    Op load = Op.read(1, 1, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    // Both could not reach the store; neither can have given its value to the other.
    Op begunInTime = Op.read(1, 0, 0, 290, 390, 0).withFlags(Op.FAULT);
    Op begunTooLate = Op.read(1, 2, 0, 291, 390, 0).withFlags(Op.FAULT);
    Findings findings = check(shortLock, 1, WRITE_V1, load, begunInTime, begunTooLate);
    assertEquals(1, findings.stale(Window.WINDOW_2), "160 after the load began: within 2 x 80");
    assertEquals(1, findings.stale(Window.BEYOND), "161 after: beyond");
  }

  @Test
  void anInvalidationByTheReadersProcessAfterTheLoadComputedRulesTheLoadOut() throws IOException {
    // p1 wrote key 1 (one namespace with key 0) after the load read the truth, and its call
    // returned before the read began: Cachet's epoch forbids the join.
    Op load = Op.read(1, 1, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    Op otherKey = Op.write(1, 2, OpType.WRITE_THEN_INVALIDATE, 1, 195, 200, 250, 1);
    Op read = Op.read(1, 0, 0, 300, 390, 0).withFlags(Op.FAULT);
    assertEquals(Window.BEYOND, check(WINDOWS, 2, WRITE_V1, load, otherKey, read).worst.window());
    // The same write, incremented before the load read the truth: the load began after it.
    Op before = Op.write(1, 2, OpType.WRITE_THEN_INVALIDATE, 1, 125, 135, 250, 1);
    assertEquals(Window.WINDOW_2, check(WINDOWS, 2, WRITE_V1, load, before, read).worst.window());
  }

  // ---------------------------------------------------------------- window 3

  @Test
  void aStaleReadAfterAnUnacknowledgedWriteWithinItsBoundIsWithinWindow3() throws IOException {
    Findings findings = check(UNACKNOWLEDGED_V1, Op.read(1, 0, 0, V1_WINDOW_CLOSES - 1, V1_WINDOW_CLOSES + 10, 0));
    assertEquals(Window.WINDOW_3, findings.worst.window());
    assertEquals(UNACKNOWLEDGED_V1, findings.worst.missed().write());
    assertEquals(V1_WINDOW_CLOSES, findings.worst.missed().closes());
    assertEquals(95, findings.worst.missed().fault().begin().nanos(), "charged to the pause");
    assertEquals(1, findings.window3SmallestMarginNanos);
    assertEquals(0, findings.window3WithoutInjectedFault);
    assertEquals(0, findings.exitCode());
  }

  @Test
  void theSameReadBeginningAsTheWindowClosesIsBeyondTheWindows() throws IOException {
    Findings findings = check(UNACKNOWLEDGED_V1, Op.read(1, 0, 0, V1_WINDOW_CLOSES, V1_WINDOW_CLOSES + 10, 0));
    assertEquals(Window.BEYOND, findings.worst.window());
    assertEquals(1, findings.exitCode());
  }

  @Test
  void theInvalidatingProcessItselfHasNoWindow3() throws IOException {
    // p0 made the write: until its retry lands it serves nothing the invalidation targets.
    Findings findings = check(UNACKNOWLEDGED_V1, Op.read(0, 1, 0, 300, 310, 0));
    assertEquals(Window.BEYOND, findings.worst.window());
  }

  @Test
  void anAcknowledgedNewerWriteAmongTheMissedOnesLeavesNoWindow3() throws IOException {
    Op acknowledgedV2 = Op.write(2, 0, OpType.WRITE_INVALIDATE_ALL, 0, 205, 210, 260, 2);
    Findings findings = check(UNACKNOWLEDGED_V1, acknowledgedV2, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(Window.BEYOND, findings.worst.window());
    // Both unacknowledged: the window that closes first bounds the read.
    Op unacknowledgedV2 = acknowledgedV2.withFlags(Op.FAULT | Op.UNACKNOWLEDGED);
    Findings both = check(UNACKNOWLEDGED_V1, unacknowledgedV2, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(Window.WINDOW_3, both.worst.window());
    assertEquals(UNACKNOWLEDGED_V1, both.worst.missed().write());
  }

  @Test
  void anUnacknowledgedWriteOutsideEveryInjectedFaultCountsFromItsOwnEnd() throws IOException {
    // After the pause's window: the server ran, so the bound runs from the write's end, 1,000.
    Op late = Op.write(0, 0, OpType.WRITE_THEN_INVALIDATE, 0, 990, 995, 1_000, 1)
        .withFlags(Op.FAULT | Op.UNACKNOWLEDGED);
    long closes = 1_000 + 100 + 100 + 5 + 25;
    Findings within = check(late, Op.read(1, 0, 0, closes - 1, closes + 5, 0));
    assertEquals(Window.WINDOW_3, within.worst.window());
    assertEquals(null, within.worst.missed().fault());
    assertEquals(1, within.window3WithoutInjectedFault);
    assertEquals(Window.BEYOND, check(late, Op.read(1, 0, 0, closes, closes + 5, 0)).worst.window());
  }

  @Test
  void anExplicitWriteWhoseFaultFlagDisagreesWithItsAcknowledgementMakesTheRunVoid() throws IOException {
    Op write = Op.write(0, 0, OpType.WRITE_THEN_INVALIDATE, 0, 100, 150, 200, 1);
    assertTrue(check(write.withFlags(Op.FAULT | Op.UNACKNOWLEDGED)).sound());
    Findings disagreeing = check(write.withFlags(Op.FAULT));
    assertFalse(disagreeing.sound());
    assertTrue(disagreeing.harnessMessages.get(0).startsWith("the transport's fault flag disagrees"),
        disagreeing.harnessMessages.toString());
    assertFalse(check(write.withFlags(Op.UNACKNOWLEDGED)).sound());
  }

  @Test
  void aReadConcurrentWithTheWriteIsNotStale() throws IOException {
    Findings findings = check(WRITE_V1, Op.read(1, 0, 0, 120, 250, 0));
    assertEquals(0, findings.staleReads);
    assertEquals(0, findings.exitCode());
  }

  @Test
  void aReadBeganAfterTheIncrementButBeforeTheInvalidationReturnedIsNotStale() throws IOException {
    Findings findings = check(WRITE_V1, Op.read(1, 0, 0, 180, 190, 0));
    assertEquals(0, findings.staleReads);
  }

  @Test
  void aReadBeganAtTheInstantTheInvalidationReturnedIsNotStale() throws IOException {
    // "Completed before R began" is strict: equal times leave the order unknown.
    assertEquals(0, check(WRITE_V1, Op.read(1, 0, 0, 200, 210, 0)).staleReads);
  }

  @Test
  void aReadOfTheNewVersionAfterTheWriteIsNotStale() throws IOException {
    assertEquals(0, check(WRITE_V1, Op.read(1, 0, 0, 300, 310, 1)).staleReads);
  }

  @Test
  void theExpectedVersionIsTheNewestCompletedAndStalenessCountsFromTheFirstNewerWrite() throws IOException {
    Op v2 = Op.write(0, 1, OpType.WRITE_INVALIDATE_ALL, 0, 210, 220, 260, 2);
    Findings findings = check(WRITE_V1, v2, Op.read(1, 0, 0, 400, 410, 0));
    assertEquals(1, findings.staleReads);
    assertEquals(2, findings.worst.expected());
    assertEquals(1, findings.worst.newerWrite().version(), "v1 was the first newer than v0 to complete");
    assertEquals(200, findings.worst.stalenessNanos());
    assertEquals(1, findings.staleByNewerWrite[OpType.WRITE_INVALIDATES.ordinal()]);
  }

  @Test
  void aReadOfAVersionNewerThanItsOwnButOlderThanTheNewestCompletedIsStale() throws IOException {
    Op v2 = Op.write(0, 1, OpType.WRITE_THEN_INVALIDATE, 0, 210, 220, 260, 2);
    Findings findings = check(WRITE_V1, v2, Op.read(1, 0, 0, 400, 410, 1));
    assertEquals(1, findings.staleReads);
    assertEquals(2, findings.worst.newerWrite().version());
    assertEquals(140, findings.worst.stalenessNanos());
  }

  @Test
  void aFailedWriteBoundsNoRead() throws IOException {
    Findings findings = check(WRITE_V1.withFlags(Op.FAILED), Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(0, findings.staleReads);
    assertEquals(1, findings.failedCalls);
    assertEquals(1, findings.exitCode(), "a failed call fails the run all the same");
  }

  @Test
  void aReadOfAVersionNotYetWrittenWhenItEndedIsAHarnessError() throws IOException {
    Findings findings = check(WRITE_V1, Op.read(1, 0, 0, 10, 20, 1));
    assertEquals(1, findings.futureReads);
    assertFalse(findings.sound());
    assertEquals(2, findings.exitCode());
  }

  @Test
  void aReadOfAVersionNobodyWroteIsAHarnessError() throws IOException {
    assertEquals(1, check(WRITE_V1, Op.read(1, 0, 0, 300, 310, 5)).futureReads);
  }

  @Test
  void aMissingVersionIsAHarnessError() throws IOException {
    Op v3 = Op.write(0, 1, OpType.WRITE_INVALIDATES, 0, 300, 310, 320, 3);
    Findings findings = check(WRITE_V1, v3);
    assertFalse(findings.sound());
    assertTrue(findings.harnessMessages.get(0).contains("version 2 of key 0 was never recorded"),
        findings.harnessMessages.toString());
  }

  @Test
  void aVersionWrittenTwiceIsAHarnessError() throws IOException {
    assertFalse(check(WRITE_V1, Op.write(1, 0, OpType.WRITE_INVALIDATES, 0, 300, 310, 320, 1)).sound());
  }

  @Test
  void historiesShortOfTheSourceOfTruthAreAHarnessError() throws IOException {
    assertFalse(check(new long[] {2}, WRITE_V1).sound());
    assertTrue(check(new long[] {1}, WRITE_V1).sound());
  }

  @Test
  void aVersionIncrementedBeforeThePreviousOneBeganMeansTheClocksDisagree() throws IOException {
    // v2's increment at 90 precedes v1's start at 100: impossible on one clock.
    Op v2 = Op.write(1, 0, OpType.WRITE_INVALIDATES, 0, 80, 90, 95, 2);
    Findings findings = check(WRITE_V1, v2);
    assertFalse(findings.sound());
    assertTrue(findings.harnessMessages.get(0).startsWith("clocks:"), findings.harnessMessages.toString());
  }

  @Test
  void aWrongItemFailsTheRun() throws IOException {
    Findings findings = check(WRITE_V1, Op.read(1, 0, 0, 300, 310, -1).withFlags(Op.WRONG_ITEM));
    assertEquals(1, findings.wrongItems);
    assertEquals(0, findings.staleReads);
    assertEquals(1, findings.exitCode());
  }

  @Test
  void aStaleSetIsExplainedByTheMissThatStoredAfterTheIncrement() throws IOException {
    // p2 read v0 from the truth at 140, before v1's increment at 150, and returned at 260.
    Op miss = Op.read(2, 0, 0, 130, 260, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, miss, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(Cause.STORED_AFTER_INVALIDATION, findings.worst.cause());
    assertEquals(miss, findings.worst.origin());
  }

  @Test
  void aReadThatBeganWhileAnOlderLoadOfItsProcessRanIsExplainedAsJoiningIt() throws IOException {
    Op load = Op.read(1, 1, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, load, Op.read(1, 0, 0, 300, 390, 0));
    assertEquals(Cause.JOINED_OLDER_LOAD, findings.worst.cause());
  }

  @Test
  void aReadThatBeganWhileAnOlderWaitOfItsProcessRanIsExplainedAsJoiningIt() throws IOException {
    // p1/t1 began before the write and waited (no delegate call of its own) until 400, returning v0.
    Op computed = Op.read(2, 0, 0, 10, 50, 0).withFlags(Op.DELEGATE).withMid(20);
    Op waiting = Op.read(1, 1, 0, 90, 400, 0);
    Findings findings = check(WRITE_V1, computed, waiting, Op.read(1, 0, 0, 300, 390, 0));
    assertEquals(Cause.JOINED_OLDER_LOAD, findings.worst.cause());
    assertEquals(waiting, findings.worst.origin());
  }

  @Test
  void aMissStillRunningAfterTheIncrementExplainsTheReadRatherThanAnOlderStore() throws IOException {
    // Both computed v0; only the second was still running when v1 was incremented at 150.
    Op older = Op.read(2, 0, 0, 10, 50, 0).withFlags(Op.DELEGATE).withMid(20);
    Op racing = Op.read(2, 1, 0, 120, 320, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, older, racing, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(Cause.STORED_AFTER_INVALIDATION, findings.worst.cause());
    assertEquals(racing, findings.worst.origin());
  }

  @Test
  void aValueStoredBeforeTheWriteBeganAndServedAfterItSurvivedTheInvalidation() throws IOException {
    Op stored = Op.read(2, 0, 0, 10, 50, 0).withFlags(Op.DELEGATE).withMid(20);
    Findings findings = check(WRITE_V1, stored, Op.read(1, 0, 0, 300, 310, 0));
    assertEquals(Cause.SURVIVED_INVALIDATION, findings.worst.cause());
  }

  @Test
  void theReportShowsTheStaleReadWithItsTimeline() throws IOException {
    Op miss = Op.read(2, 0, 0, 130, 260, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings = check(WRITE_V1, miss, Op.read(1, 0, 0, 300, 310, 0));
    String report = Report.format(null, 0, findings, new ArrayList<>(), null);
    assertTrue(report.contains("stale reads: 1 of 2 reads"), report);
    assertTrue(report.contains("stale read 1 (beyond the windows, the largest staleness): key 0, p1/t0 returned v0,"
        + " expected at least v1"), report);
    assertTrue(report.contains("item() by p2/t0 that computed v0: its delegate reads the truth"), report);
    assertTrue(report.contains("verdict: FAIL: 1 stale reads beyond the windows (exit 1)"), report);
  }

  @Test
  void theReportCountsEachWindowWithItsLargestStalenessAndPassesARunWithinThem() throws IOException {
    Op load = Op.read(1, 1, 0, 130, 400, 0).withFlags(Op.DELEGATE).withMid(140);
    Findings findings =
        check(UNACKNOWLEDGED_V1, load, Op.read(1, 0, 0, 300, 390, 0).withFlags(Op.FAULT),
            Op.read(2, 0, 0, 320, 330, 0));
    String report = Report.format(null, 0, findings, new ArrayList<>(), null);
    List<String> lines = report.lines().map(String::trim).toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("within window 2 +1 reads, largest staleness 0\\.000 ms .*")),
        report);
    assertTrue(lines.stream().anyMatch(l -> l.matches("within window 3 +1 reads, largest staleness 0\\.000 ms .*")),
        report);
    assertTrue(lines.stream().anyMatch(l -> l.matches("beyond the windows +0 reads, 0 episodes, largest staleness - .*")),
        report);
    assertTrue(report.contains("+ breaker cool-off 0 ms"), report);
    assertTrue(report.contains("stale read 1 (within window 2, its largest staleness)"), report);
    assertTrue(report.contains("window 3 of v1's invalidation closes (charged to the fault of"), report);
    assertTrue(report.contains("verdict: PASS: no stale read beyond the windows (1 within window 2, 1 within window 3)"),
        report);
  }

  @Test
  void manyStaleReadsOfOneValueAreOneEpisode() throws IOException {
    Findings findings =
        check(WRITE_V1, Op.read(1, 0, 0, 300, 310, 0), Op.read(1, 1, 0, 320, 330, 0), Op.read(2, 0, 0, 340, 350, 0));
    assertEquals(3, findings.staleReads);
    assertEquals(1, findings.staleEpisodes);
  }
}
