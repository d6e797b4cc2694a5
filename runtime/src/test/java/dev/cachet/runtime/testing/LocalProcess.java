package dev.cachet.runtime.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * One server process a test starts (memcached, nutcracker, redis-server): launched and waited for
 * until it answers as itself, frozen and thawed with SIGSTOP and SIGCONT, killed as a crash would,
 * and killed by a shutdown hook if a test forgets. What {@link MemcachedServer}, {@link
 * Nutcracker} and the Redis module's {@code RedisServer} share; each knows only its command line and
 * how to ask whether the process on its port is the one it started.
 */
public final class LocalProcess {
  /** How long a server may take to answer after it was started. */
  public static final Duration START_DEADLINE = Duration.ofSeconds(10);
  /** How long a server may take to exit after SIGKILL, or to reach a state after a signal. */
  public static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

  private final String name;
  private final Thread shutdownHook;
  private Process process;
  private boolean paused;

  /** @param name the server, for messages and the shutdown hook's thread: {@code memcached 127.0.0.1:1234} */
  public LocalProcess(String name) {
    this.name = name;
    this.shutdownHook = new Thread(this::destroyQuietly, name + " stopper");
  }

  /**
   * Starts {@code builder}'s process and returns once {@code answersAs} holds for its pid: a check
   * by pid, because another test's server that took the port first must not pass for this one.
   *
   * @param log the process's output so far, for the message when it exits at start
   * @throws IllegalStateException when the process cannot start, exits, or does not answer within
   *     {@link #START_DEADLINE}; it is then killed
   */
  public synchronized void launch(ProcessBuilder builder, LongPredicate answersAs, Supplier<String> log) {
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + builder.command(), e);
    }
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (!answersAs.test(process.pid())) {
      if (!process.isAlive()) {
        String output = log.get();
        forget();
        throw new IllegalStateException(name + " exited at start: " + builder.command() + "\n" + output);
      }
      if (System.nanoTime() > deadline) {
        kill();
        throw new IllegalStateException(
            name + " did not answer within " + START_DEADLINE + ": " + builder.command() + "\n" + log.get());
      }
      // Waits on the process itself: an exit ends the wait at once, a start is asked again soon.
      waitForExit(Duration.ofMillis(10));
    }
  }

  /** The process id of the running server. */
  public synchronized long pid() {
    requireRunning();
    return process.pid();
  }

  /** {@code true} while the process is alive (paused counts as alive). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code true} between {@link #pause()} and {@link #resume()}. */
  public synchronized boolean isPaused() {
    return paused;
  }

  /** Kills the server with SIGKILL, as a crash would, and waits until it has exited. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!waitForExit(STOP_DEADLINE)) {
      throw new IllegalStateException(name + " did not exit within " + STOP_DEADLINE + " of SIGKILL");
    }
    forget();
  }

  /** Freezes the server with SIGSTOP: its connections stay open, nothing is answered. */
  public synchronized void pause() {
    requireRunning();
    signal("STOP");
    paused = true;
    awaitState('T');
  }

  /** Lets a paused server go on (SIGCONT). */
  public synchronized void resume() {
    requireRunning();
    signal("CONT");
    paused = false;
    awaitState('S', 'R');
  }

  @Override
  public String toString() {
    return name;
  }

  /** A loopback port free now; the server may still lose it to another process before it binds. */
  public static int freeLoopbackPort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The executable {@code name} in the first directory of {@code path} that has it.
   *
   * @throws IllegalStateException with {@code notFound} when none has
   */
  public static Path findExecutable(String name, String path, String notFound) {
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, name);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
    }
    throw new IllegalStateException(notFound);
  }

  private boolean waitForExit(Duration atMost) {
    try {
      return process.waitFor(atMost.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (!kill.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  /** Waits until Linux reports the process in one of {@code states}; without /proc, returns. */
  private void awaitState(char... states) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    if (!Files.exists(stat)) {
      return;
    }
    await("state " + new String(states) + " of " + name)
        .atMost(STOP_DEADLINE)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> {
          String line = Files.readString(stat);
          // Format: pid (comm) state ...; comm may hold spaces, so look after the last ')'.
          char state = line.charAt(line.lastIndexOf(')') + 2);
          return new String(states).indexOf(state) >= 0;
        });
  }

  private void requireRunning() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
  }

  private void forget() {
    process = null;
    paused = false;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to; nothing to remove.
    }
  }

  private void destroyQuietly() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }
}
