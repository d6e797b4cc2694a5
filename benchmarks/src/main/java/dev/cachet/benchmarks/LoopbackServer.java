package dev.cachet.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting and stopping a server process for one benchmark trial on a free loopback port, ready
 * once it answers a one-line request. The tests have a fuller harness in the runtime's test jar;
 * a benchmark needs only start and stop.
 */
final class LoopbackServer {
  private LoopbackServer() {}

  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  /**
   * Starts {@code command} and waits, at most 10 s, until {@code port} answers {@code request}
   * with a reply starting {@code reply}.
   */
  static Process start(List<String> command, int port, String request, String reply)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (answers(port, request, reply)) {
        return process;
      }
      // Waits on the process: an exit ends the wait at once.
      if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue() + ": " + command);
      }
    }
    stop(process);
    throw new IllegalStateException(command.get(0) + " did not answer on port " + port);
  }

  static void stop(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean answers(int port, String request, String reply) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write((request + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] bytes = new byte[64];
      int read = in.read(bytes);
      return read > 0 && new String(bytes, 0, read, StandardCharsets.US_ASCII).startsWith(reply);
    } catch (IOException notYet) {
      return false;
    }
  }
}
