package dev.cachet.runtime.testing;

/**
 * A store server a test started on a loopback port, with the faults tests inject: what the
 * consistency checker's fault schedule needs of memcached and of redis-server alike.
 */
public interface TestServer extends AutoCloseable {
  /** {@code 127.0.0.1:PORT}. */
  String address();

  /** The loopback port; the same across {@link #restart()}. */
  int port();

  /** {@code true} while the process is alive (paused counts as alive). */
  boolean isRunning();

  /** Freezes the server with SIGSTOP: its connections stay open, nothing is answered. */
  void pause();

  /** Lets a paused server go on (SIGCONT). */
  void resume();

  /** Kills the server with SIGKILL, as a crash would, and waits until it has exited. */
  void kill();

  /** Stops the server if it runs and starts an empty one on the same port. */
  void restart();

  /** Stops the server and removes what it wrote. */
  @Override
  void close();
}
