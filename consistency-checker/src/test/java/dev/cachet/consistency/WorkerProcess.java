package dev.cachet.consistency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Worker} in its own JVM (the current {@code java}, this JVM's class path), as
 * {@code ChildJvm} starts the runtime's multi-process workers: the lines it prints are read by a
 * thread into a queue so the run waits for each with a deadline; its stderr goes to its log file.
 */
final class WorkerProcess implements AutoCloseable {
  private final int index;
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final long spawnedNanos;

  private WorkerProcess(int index, Process process, long spawnedNanos) {
    this.index = index;
    this.process = process;
    this.spawnedNanos = spawnedNanos;
    this.commands =
        new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("io error " + e);
              }
            },
            "consistency-worker-" + index + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts worker {@code index} of a run; it prints {@code ready} once connected. */
  static WorkerProcess start(int index, String servers, RunDirectory run, RunSettings settings) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xshare:auto",
                // C1 only and the serial collector: three workers share two cores with memcached
                // and the run; JIT and GC threads would take turns from the operations.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp",
                System.getProperty("java.class.path"),
                Worker.class.getName(),
                "--servers",
                servers,
                "--truth",
                run.truth().toString(),
                "--history",
                run.history(index).toString(),
                "--summary",
                run.summary(index).toString(),
                "--process",
                Integer.toString(index)));
    command.addAll(settings.workerArguments());
    long spawned = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(run.log(index).toFile()))
            .start();
    return new WorkerProcess(index, process, spawned);
  }

  int index() {
    return index;
  }

  long spawnedNanos() {
    return spawnedNanos;
  }

  void send(String line) {
    commands.println(line);
  }

  /** The next line it prints, or {@code null} after {@code timeoutMillis} or once it has exited. */
  String next(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      String line = lines.poll(Math.min(200, timeoutMillis), TimeUnit.MILLISECONDS);
      if (line != null) {
        return line;
      }
      if (!process.isAlive() && lines.isEmpty()) {
        return null;
      }
      if (System.nanoTime() - deadline > 0) {
        return null;
      }
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the worker to exit, at most {@code timeoutMillis}; its exit code, or -1 if it runs on. */
  int awaitExit(long timeoutMillis) throws InterruptedException {
    return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** Ends input (a worker still waiting for {@code go} ends) and kills it if it does not exit. */
  @Override
  public void close() {
    commands.close();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
