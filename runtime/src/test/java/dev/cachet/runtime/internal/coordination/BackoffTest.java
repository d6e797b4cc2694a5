package dev.cachet.runtime.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void pausesDoubleFromTenToTwoHundredMillisecondsJitteredToHalfOrMore() {
    Backoff backoff = new Backoff();
    long[] bases = {10, 20, 40, 80, 160, 200, 200, 200};
    for (long base : bases) {
      long pause = backoff.nextPauseNanos();
      long baseNanos = TimeUnit.MILLISECONDS.toNanos(base);
      assertTrue(
          pause >= baseNanos / 2 && pause <= baseNanos,
          "pause " + pause + " ns for a base of " + base + " ms");
    }
  }
}
