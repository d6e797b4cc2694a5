package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.consistency.Checker.Cause;
import dev.cachet.consistency.Checker.Findings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker's rules on hand-built histories of one key. Times are plain numbers. The write of
 * version 1 is the same in most: it begins at 100, increments at 150 and its invalidation returns
 * at 200.
 */
class CheckerTest {
  private static final Op WRITE_V1 = Op.write(0, 0, OpType.WRITE_INVALIDATES, 0, 100, 150, 200, 1);

  private static Findings check(Op... history) throws IOException {
    return check(null, history);
  }

  private static Findings check(long[] finalVersions, Op... history) throws IOException {
    List<Op> ops = List.of(history);
    return Checker.check(ops::forEach, 1, finalVersions);
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
    String report = Report.format(null, 0, findings, new ArrayList<>(), List.of(), null);
    assertTrue(report.contains("stale reads: 1 of 2 reads"), report);
    assertTrue(report.contains("stale read 1 (the largest staleness): key 0, p1/t0 returned v0, expected at least v1"),
        report);
    assertTrue(report.contains("item() by p2/t0 that computed v0: its delegate reads the truth"), report);
    assertTrue(report.contains("verdict: FAIL: 1 stale reads (exit 1)"), report);
  }

  @Test
  void manyStaleReadsOfOneValueAreOneEpisode() throws IOException {
    Findings findings =
        check(WRITE_V1, Op.read(1, 0, 0, 300, 310, 0), Op.read(1, 1, 0, 320, 330, 0), Op.read(2, 0, 0, 340, 350, 0));
    assertEquals(3, findings.staleReads);
    assertEquals(1, findings.staleEpisodes);
  }
}
