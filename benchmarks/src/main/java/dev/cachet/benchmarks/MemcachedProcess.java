package dev.cachet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A memcached server for one benchmark trial, on a free loopback port:
 * {@code memcached -l 127.0.0.1 -p PORT -U 0 -u nobody} plus the trial's arguments.
 */
final class MemcachedProcess implements AutoCloseable {
  /** The unit of /proc times (USER_HZ, {@code getconf CLK_TCK}): 100 on Linux. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final Process process;
  private final int port;

  private MemcachedProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static MemcachedProcess start(String... extraArgs) throws IOException, InterruptedException {
    int port = LoopbackServer.freePort();
    List<String> command =
        new ArrayList<>(List.of("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0", "-u", "nobody"));
    command.addAll(List.of(extraArgs));
    return new MemcachedProcess(LoopbackServer.start(command, port, "version", "VERSION"), port);
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** CPU time the server has used so far, user and system, from {@code /proc} (Linux). */
  long cpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
    // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15, in clock ticks.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * TimeUnit.SECONDS.toNanos(1) / CLOCK_TICKS_PER_SECOND;
  }

  @Override
  public void close() {
    LoopbackServer.stop(process);
  }
}
