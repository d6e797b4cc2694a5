package dev.cachet.runtime;

import dev.cachet.runtime.testing.QuickLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CacheWorker}, or another program of the tests, in its own JVM: the current
 * {@code java}, this test's class path. Lines
 * it prints are read by a thread into a queue, so a test waits for an answer with a deadline.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private ChildJvm(Process process) {
    this.process = process;
    this.commands =
        new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  answers.add(line);
                }
              } catch (IOException e) {
                answers.add("io error " + e);
              }
            },
            "child-jvm-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a worker on {@code servers} with the region's lock timeout, and waits until it is ready. */
  static ChildJvm start(String servers, long lockTimeoutMillis) throws IOException {
    return start(CacheWorker.class, servers, Long.toString(lockTimeoutMillis));
  }

  /**
   * Starts {@code main} with {@code arguments}, and waits until it prints its first line,
   * {@code ready <pid>}.
   */
  static ChildJvm start(Class<?> main, String... arguments) throws IOException {
    QuickLoop.refuseToStart("a second JVM");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    ChildJvm child = new ChildJvm(process);
    String ready = child.next(30_000);
    if (!ready.startsWith("ready ")) {
      child.close();
      throw new IllegalStateException(main.getSimpleName() + " did not start: " + ready);
    }
    return child;
  }

  /** Sends a command without waiting for an answer. */
  void send(String command) {
    commands.println(command);
  }

  /** Sends a command and returns its answer. */
  String ask(String command, long timeoutMillis) {
    send(command);
    return next(timeoutMillis);
  }

  /** The next line the worker prints, waiting at most {@code timeoutMillis}. */
  String next(long timeoutMillis) {
    try {
      String line = answers.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new AssertionError(
            "no answer from the worker within " + timeoutMillis + " ms (alive: " + process.isAlive() + ")");
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Kills the JVM at once, as a crash would (SIGKILL). */
  void kill() {
    process.destroyForcibly();
    waitFor(10);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      send("quit");
      if (!waitFor(5)) {
        kill();
      }
    }
  }

  private boolean waitFor(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
