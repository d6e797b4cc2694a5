package dev.cachet.consistency;

import dev.cachet.runtime.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The faults of a long run, all on one server (the victim), repeated every {@link #CYCLE}:
 *
 * <pre>
 *  +15 s  SIGSTOP: frozen, connections open, nothing answered
 *  +18 s  SIGCONT (3 s frozen: twelve operation timeouts of 250 ms, so each worker's circuit
 *         breaker for the victim opens, and adds, deletes and sets queued on its connections are
 *         applied late, when it wakes)
 *  +30 s  SIGKILL: connections closed, keys move to the other servers
 *  +35 s  restarted, empty, on the same port (keys move back once clients reconnect)
 *  +45 s  every connection dropped, the server and its contents kept ({@link ConnectionDropper})
 *  +60 s  the next cycle
 * </pre>
 *
 * A step whose fault would not be over two seconds before the end of the run is not begun, so the
 * victim always runs, answering, when the workers stop.
 */
final class FaultSchedule {
  static final Duration CYCLE = Duration.ofSeconds(60);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  /** One fault: when it begins in the cycle, what it does, how long it lasts, and how it ends. */
  private record Step(Duration at, Action begin, Duration lasts, Action end) {}

  /** One thing done to the victim, and what it is for the checker's windows. */
  private record Action(FaultEvent.Kind kind, Function<TestServer, String> apply) {
    static Action of(FaultEvent.Kind kind, String what, Consumer<TestServer> fault) {
      return new Action(kind, server -> {
        fault.accept(server);
        return what;
      });
    }
  }

  private final TestServer victim;
  private final List<Step> steps;
  private final List<FaultEvent> timeline = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  FaultSchedule(TestServer victim, ConnectionDropper dropper) {
    this.victim = victim;
    this.steps =
        List.of(
            new Step(Duration.ofSeconds(15), Action.of(FaultEvent.Kind.PAUSED, "SIGSTOP (frozen)", TestServer::pause),
                Duration.ofSeconds(3), Action.of(FaultEvent.Kind.RESUMED, "SIGCONT (resumed)", TestServer::resume)),
            new Step(Duration.ofSeconds(30), Action.of(FaultEvent.Kind.KILLED, "SIGKILL (down)", TestServer::kill),
                Duration.ofSeconds(5),
                Action.of(FaultEvent.Kind.RESTARTED, "restarted empty on the same port", TestServer::restart)),
            new Step(Duration.ofSeconds(45), new Action(FaultEvent.Kind.DROPPED, dropper::drop), Duration.ZERO, null));
  }

  /**
   * The victim suffers the schedule, its cycles counted from {@code startNanos}, until
   * {@code endNanos}; returns what was done, when applying each step began and when it was in
   * effect (the server confirmed by its state).
   */
  List<FaultEvent> run(long startNanos, long endNanos) throws InterruptedException {
    for (long cycle = startNanos; cycle < endNanos; cycle += CYCLE.toNanos()) {
      for (Step step : steps) {
        long begin = cycle + step.at().toNanos();
        long over = begin + step.lasts().toNanos();
        if (over > endNanos - MARGIN.toNanos()) {
          return timeline;
        }
        sleepUntil(begin);
        apply(step.begin());
        if (step.end() != null) {
          sleepUntil(over);
          apply(step.end());
        }
      }
    }
    return timeline;
  }

  /**
   * Applies one step and records when it began and took effect. A step that cannot be applied (a
   * restart whose port was taken meanwhile) is recorded and counted rather than ending the run:
   * the workers are mid-run, and the report must still say what happened.
   */
  private void apply(Action action) {
    checkRunning(action.kind());
    long began = System.nanoTime();
    String what;
    FaultEvent.Kind kind = action.kind();
    try {
      what = action.apply().apply(victim);
    } catch (RuntimeException e) {
      failures.add("a fault was not applied: " + e);
      what = "FAILED (" + kind + "): " + e.toString().replace('\n', ' ');
      kind = FaultEvent.Kind.FAILED;
    }
    timeline.add(new FaultEvent(kind, began, System.nanoTime(), what));
  }

  /**
   * Before every step but a restart (which follows this schedule's own kill), the victim must be
   * running: one that died otherwise (killed by something outside the run) suffered a fault the
   * timeline does not show, and the windows the checker derives from the timeline would be wrong.
   */
  void checkRunning(FaultEvent.Kind next) {
    if (next != FaultEvent.Kind.RESTARTED && !victim.isRunning()) {
      failures.add("the victim " + victim.address() + " was not running before " + next
          + ": it died outside the schedule");
    }
  }

  /** What went wrong with the schedule: it did not run as documented, and the run is void. */
  List<String> failures() {
    return failures;
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long remaining;
    while ((remaining = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }
}
