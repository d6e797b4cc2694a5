package dev.cachet.consistency;

import dev.cachet.runtime.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cuts every TCP connection to a server while the server runs on, contents kept: what a network
 * blip or a connection-tracking reset does to clients.
 *
 * <p>With {@code ss -K} (iproute2: the kernel's SOCK_DESTROY, which needs CAP_NET_ADMIN and a
 * kernel built with {@code CONFIG_INET_DIAG_DESTROY}) every established socket of the server's
 * port, both ends, is aborted and its peer gets a reset. {@link #probe()} tries it on a connection
 * of its own first; where it does not work, a drop falls back to a restart of the server on the
 * same port (connections dropped, but contents lost too), and the fault timeline says so.
 */
final class ConnectionDropper {
  private static final long COMMAND_TIMEOUT_SECONDS = 10;

  private final boolean socketDestroy;
  private final String unavailableBecause;

  private ConnectionDropper(boolean socketDestroy, String unavailableBecause) {
    this.socketDestroy = socketDestroy;
    this.unavailableBecause = unavailableBecause;
  }

  /** Tries {@code ss -K} on a loopback connection of its own. */
  static ConnectionDropper probe() {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket()) {
      client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 1_000);
      try (Socket accepted = listener.accept()) {
        String output = kill(listener.getLocalPort());
        // The accepted end stands for memcached's: it is the end the filter's sport matches.
        accepted.setSoTimeout(2_000);
        InputStream in = accepted.getInputStream();
        try {
          if (in.read() < 0) {
            return new ConnectionDropper(true, null);
          }
          return new ConnectionDropper(false, "ss -K left the connection open");
        } catch (SocketTimeoutException stillOpen) {
          return new ConnectionDropper(false, "ss -K left the connection open: " + output.trim());
        } catch (SocketException reset) {
          return new ConnectionDropper(true, null);
        }
      }
    } catch (IOException | RuntimeException e) {
      return new ConnectionDropper(false, "ss -K failed: " + e.getMessage());
    }
  }

  /** How a drop is done, for the report. */
  String method() {
    return socketDestroy
        ? "ss -K (SOCK_DESTROY) on every connection of the server's port; the server and its contents stay"
        : "restart on the same port (ss -K unavailable: " + unavailableBecause + "); contents are lost too";
  }

  /** Drops every connection to {@code server}; returns what was done, for the fault timeline. */
  String drop(TestServer server) {
    if (!socketDestroy) {
      server.restart();
      return "connections dropped by a restart (contents lost)";
    }
    String killed = kill(server.port());
    long sockets = killed.lines().filter(line -> !line.isBlank()).count();
    // Usually one per client connection: aborting the server's end resets the client's at once,
    // so ss finds no client end left to list.
    return "connections dropped: ss -K aborted " + sockets + " sockets of port " + server.port()
        + " (their peers reset), contents kept";
  }

  /** Runs {@code ss -K} on the established sockets of {@code port}; returns what it listed. */
  private static String kill(int port) {
    List<String> command =
        List.of("ss", "-K", "-t", "-n", "-H", "state", "established",
            "( sport = :" + port + " or dport = :" + port + " )");
    try {
      Process ss = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ss.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        ss.destroyForcibly();
        throw new IllegalStateException("ss -K did not end within " + COMMAND_TIMEOUT_SECONDS + " s");
      }
      if (ss.exitValue() != 0) {
        throw new IllegalStateException("ss -K exited with " + ss.exitValue() + ": " + output.trim());
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("ss not runnable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ss", e);
    }
  }
}
