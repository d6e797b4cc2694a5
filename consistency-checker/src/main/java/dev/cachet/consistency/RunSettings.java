package dev.cachet.consistency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a run: how many workers and threads, on how many keys, for how long, how often
 * they write, how long the delegate pauses, and whether one server suffers faults.
 */
record RunSettings(
    int processes,
    int threadsPerProcess,
    int servers,
    int keys,
    Duration duration,
    long maxPauseMicros,
    int writePermille,
    Duration operationTimeout,
    boolean faults) {

  /** The worker's arguments for these settings (the paths and servers are the run's). */
  List<String> workerArguments() {
    List<String> args = new ArrayList<>();
    args.add("--threads");
    args.add(Integer.toString(threadsPerProcess));
    args.add("--write-permille");
    args.add(Integer.toString(writePermille));
    args.add("--max-pause-micros");
    args.add(Long.toString(maxPauseMicros));
    args.add("--op-timeout-ms");
    args.add(Long.toString(operationTimeout.toMillis()));
    return args;
  }
}
