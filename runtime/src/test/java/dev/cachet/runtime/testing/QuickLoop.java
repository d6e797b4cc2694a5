package dev.cachet.runtime.testing;

import org.opentest4j.TestAbortedException;

/**
 * The developers' quick loop, {@code mvn -o test -Pquick}: the tests that need no server process.
 * A test that would start one (memcached, twemproxy, another JVM) is reported as skipped there,
 * never failed; the README's test command, which CI runs, never sets the property and so skips
 * nothing.
 */
public final class QuickLoop {
  private QuickLoop() {}

  /** Aborts the calling test when the quick loop runs it; {@code what} names the process. */
  public static void refuseToStart(String what) {
    if (Boolean.getBoolean("cachet.quick")) {
      throw new TestAbortedException(
          what + " is not started in the quick loop (-Pquick); the full test command runs this test");
    }
  }
}
