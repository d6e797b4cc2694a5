package dev.cachet.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A memcached server for one benchmark trial, on a free loopback port:
 * {@code memcached -l 127.0.0.1 -p PORT -U 0 -u nobody} plus the trial's arguments. The tests
 * have a fuller harness in the runtime's test jar; a benchmark needs only start and stop.
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
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(List.of("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0", "-u", "nobody"));
    command.addAll(List.of(extraArgs));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    MemcachedProcess server = new MemcachedProcess(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("memcached exited with " + process.exitValue() + ": " + command);
      }
      if (server.answersVersion()) {
        return server;
      }
      Thread.sleep(20);
    }
    server.close();
    throw new IllegalStateException("memcached did not answer on port " + port);
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

  private boolean answersVersion() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int read = in.read(reply);
      return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("VERSION");
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
