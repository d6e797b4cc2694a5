package dev.cachet.runtime.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port in front of one memcached server that reads the text
 * protocol the client sends, command by command, and lets a test decide what becomes of each: to
 * pass it on, to hold it (and everything after it on its connection) until a gate opens, to cut
 * the connection before it, or to send the server other bytes instead. Replies pass unchanged.
 * It records every command it passed on, per connection, in order, so a test can check what each
 * connection delivered to the server.
 *
 * <pre>{@code
 * try (CommandProxy proxy = CommandProxy.to(server.address())) {
 *   proxy.cutBefore(line -> line.startsWith("set image/changes@"));  // the mark never arrives
 *   ...
 * }
 * }</pre>
 *
 * <p>A rule applies to every connection, the {@code stats} probe's included, until it is replaced
 * or {@link #passAll()} is called; {@link #cutBefore} and {@link #rewriteOnce} act once.
 */
public final class CommandProxy implements AutoCloseable {
  private static final Set<String> WITH_DATA = Set.of("set", "add", "replace", "append", "prepend", "cas");
  /** How long a held command may wait for its gate: longer than any test that holds one. */
  private static final long HOLD_LIMIT_SECONDS = 30;

  /** What happens to one command. */
  private sealed interface Action permits Pass, Hold, Cut, Rewrite {}

  private record Pass() implements Action {}

  private record Hold(CountDownLatch gate) implements Action {}

  private record Cut() implements Action {}

  private record Rewrite(byte[] bytes) implements Action {}

  /** Chooses the action for one command line (without its data block or line end). */
  @FunctionalInterface
  private interface Rule {
    Action decide(String line);
  }

  private static final Rule PASS_ALL = line -> new Pass();

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Per connection, in the order opened, the command lines passed on. */
  private final List<List<String>> passed = new CopyOnWriteArrayList<>();
  private final AtomicInteger cuts = new AtomicInteger();
  private final Thread acceptor;
  private volatile Rule rule = PASS_ALL;
  /** Counted down when a held command reaches its rule: the test knows it is held. */
  private volatile CountDownLatch held = new CountDownLatch(1);
  private volatile boolean closed;

  private CommandProxy(String target) throws IOException {
    int colon = target.lastIndexOf(':');
    this.targetHost = target.substring(0, colon);
    this.targetPort = Integer.parseInt(target.substring(colon + 1));
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "command-proxy-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy in front of {@code target} ({@code host:port}) that passes everything on. */
  public static CommandProxy to(String target) {
    try {
      return new CommandProxy(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT} of the proxy. */
  public String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Passes every command on from now on. */
  public void passAll() {
    rule = PASS_ALL;
  }

  /**
   * Holds the first command matching {@code matches}, and everything its connection sends after
   * it, until {@code gate} opens; then passes it on as usual. {@link #awaitHeld} returns once a
   * command is held.
   */
  public void holdUntil(java.util.function.Predicate<String> matches, CountDownLatch gate) {
    held = new CountDownLatch(1);
    AtomicInteger left = new AtomicInteger(1);
    rule = line -> matches.test(line) && left.getAndDecrement() > 0 ? new Hold(gate) : new Pass();
  }

  /** Returns once the command {@link #holdUntil} waits for has reached the proxy. */
  public void awaitHeld() throws InterruptedException {
    if (!held.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("no command was held within " + HOLD_LIMIT_SECONDS + " s");
    }
  }

  /**
   * Closes the connection of the first command matching {@code matches} before passing it on, so
   * that the server sees what came before it and nothing after.
   */
  public void cutBefore(java.util.function.Predicate<String> matches) {
    AtomicInteger left = new AtomicInteger(1);
    rule = line -> matches.test(line) && left.getAndDecrement() > 0 ? new Cut() : new Pass();
  }

  /** Sends {@code replacement} (a whole command, line end included) instead of the first match. */
  public void rewriteOnce(java.util.function.Predicate<String> matches, String replacement) {
    byte[] bytes = replacement.getBytes(StandardCharsets.US_ASCII);
    AtomicInteger left = new AtomicInteger(1);
    rule = line -> matches.test(line) && left.getAndDecrement() > 0 ? new Rewrite(bytes) : new Pass();
  }

  /** How many connections {@link #cutBefore} closed. */
  public int cuts() {
    return cuts.get();
  }

  /** Every command line passed on to the server, per connection in the order they were opened. */
  public List<List<String>> passedPerConnection() {
    List<List<String>> copies = new ArrayList<>();
    for (List<String> connection : passed) {
      copies.add(List.copyOf(connection));
    }
    return copies;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket server = new Socket();
      sockets.add(client);
      sockets.add(server);
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(new java.net.InetSocketAddress(targetHost, targetPort), 2_000);
      } catch (IOException unreachable) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      List<String> record = new CopyOnWriteArrayList<>();
      passed.add(record);
      start("command-proxy-up", () -> commands(client, server, record));
      start("command-proxy-down", () -> bytes(server, client));
    }
  }

  /** Client to server, one command at a time. */
  private void commands(Socket client, Socket server, List<String> record) {
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = server.getOutputStream();
      while (true) {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        String line = readLine(in, command);
        if (line == null) {
          return;
        }
        String[] words = line.split(" ");
        if (WITH_DATA.contains(words[0]) && words.length >= 5) {
          int length = Integer.parseInt(words[4]) + 2;
          command.write(in.readNBytes(length));
        }
        Action action = rule.decide(line);
        if (action instanceof Hold hold) {
          held.countDown();
          if (!hold.gate().await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            return;
          }
        } else if (action instanceof Cut) {
          cuts.incrementAndGet();
          return;
        }
        byte[] bytes = action instanceof Rewrite rewrite ? rewrite.bytes() : command.toByteArray();
        record.add(action instanceof Rewrite ? new String(bytes, StandardCharsets.US_ASCII).trim() : line);
        out.write(bytes);
        out.flush();
      }
    } catch (IOException | InterruptedException closedOrReset) {
      // One side went away.
    } finally {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  /** One line up to {@code \r\n}, also copied into {@code into}; {@code null} at the end. */
  private static String readLine(InputStream in, ByteArrayOutputStream into) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      into.write(b);
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
      }
      line.write(b);
      previous = b;
    }
  }

  /** Server to client, as they come. */
  private static void bytes(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException closedOrReset) {
      // One side went away.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already closed.
    }
  }
}
