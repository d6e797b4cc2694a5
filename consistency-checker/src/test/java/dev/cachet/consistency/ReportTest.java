package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.consistency.Checker.Findings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-process table of the report, and the worker summaries it is made from. */
class ReportTest {
  /** Every count distinct, so each is found in the table by its text alone. */
  private static final ProcessSummary SUMMARY =
      new ProcessSummary(0, 4242, 4, 1_000, 100, 0, 500, 400, 0, 2, 333, 7_777, 11, 5, 100, 0);

  @Test
  void aSummaryKeepsFailedAndRefusedStoresApartThroughItsFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("summary-0.properties");
    SUMMARY.write(file);

    ProcessSummary read = ProcessSummary.read(file);

    assertEquals(SUMMARY, read);
    assertEquals(333, read.storeFailures());
    assertEquals(7_777, read.storesRefused());
    assertTrue(Files.readString(file).contains("storesRefused=7777"));
  }

  @Test
  void theReportShowsFailedAndRefusedStoresInColumnsOfTheirOwn() throws IOException {
    Findings findings = Checker.check(List.<Op>of()::forEach, 1, null, Windows.withoutFaults(Duration.ofMillis(250)));

    String report = Report.format(null, 0, findings, List.of(SUMMARY), null);

    List<String> lines = report.lines().toList();
    String header = lines.stream().filter(l -> l.trim().startsWith("process ")).findFirst().orElseThrow();
    String row = lines.stream().filter(l -> l.trim().startsWith("p0 ")).findFirst().orElseThrow();
    // Numbers are right-aligned under their headings.
    assertEquals(endOf(header, "store failed"), endOf(row, "333"), header + "\n" + row);
    assertEquals(endOf(header, "store refused"), endOf(row, "7,777"), header + "\n" + row);
    assertTrue(report.contains("store refused: values computed by a miss, returned but not stored"), report);
  }

  @Test
  void theReportCountsFaultedReadsAndUnacknowledgedWritesByKey() throws IOException {
    List<Op> history =
        List.of(
            Op.write(0, 0, OpType.WRITE_THEN_INVALIDATE, 2, 10, 20, 30, 1).withFlags(Op.FAULT | Op.UNACKNOWLEDGED),
            Op.read(0, 1, 2, 40, 50, 1).withFlags(Op.FAULT),
            Op.read(0, 1, 2, 60, 70, 1).withFlags(Op.FAULT),
            Op.read(0, 1, 0, 60, 70, 0));
    Findings findings = Checker.check(history::forEach, 3, null, Windows.withoutFaults(Duration.ofMillis(250)));

    String report = Report.format(null, 0, findings, List.of(SUMMARY), null);

    assertTrue(
        report.contains("by key (the victim's keys stand out): faulted reads k0 0, k1 0, k2 2;"
            + " unacknowledged writes k0 0, k1 0, k2 1"),
        report);
  }

  private static int endOf(String line, String text) {
    int at = line.indexOf(text);
    assertTrue(at >= 0, "no '" + text + "' in: " + line);
    return at + text.length();
  }
}
