package dev.cachet.redis.testing;

import dev.cachet.runtime.testing.LocalProcess;
import dev.cachet.runtime.testing.QuickLoop;
import dev.cachet.runtime.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, for tests: started as {@code redis-server
 * --port PORT --bind 127.0.0.1 --save '' --appendonly no} plus any extra arguments; {@link #start}
 * returns once this process (checked by its pid in {@code INFO server}) answers. Faults: {@link
 * #kill()} (SIGKILL), {@link #pause()} (SIGSTOP: connections stay open, nothing answers), {@link
 * #resume()}, {@link #restart()} (an empty server on the same port). {@link #close()} stops it; a
 * shutdown hook does too if a test forgets. Refuses to start in the quick loop, as {@code
 * MemcachedServer} does.
 */
public final class RedisServer implements TestServer {
  /** The message when no {@code redis-server} executable is on the {@code PATH}. */
  public static final String NOT_FOUND_MESSAGE =
      "redis-server not found: run the README test command, which installs Debian's redis-server";

  private static final int PORT_ATTEMPTS = 5;

  private final Path executable;
  private final List<String> extraArgs;
  private final Path dir;
  private final int port;
  /** {@code AUTH} arguments the readiness check sends first: none, a password, or a user and password. */
  private final List<String> login;
  private final LocalProcess process;

  private RedisServer(Path executable, List<String> extraArgs, Path dir, int port, List<String> login) {
    this.executable = executable;
    this.extraArgs = extraArgs;
    this.dir = dir;
    this.port = port;
    this.login = login;
    this.process = new LocalProcess("redis-server 127.0.0.1:" + port);
  }

  /** A server with the standard command line plus {@code extraArgs}, e.g. {@code "--maxmemory", "64mb"}. */
  public static RedisServer start(String... extraArgs) {
    return start(List.of(), extraArgs);
  }

  /** A server that demands {@code password} of the default user ({@code --requirepass}). */
  public static RedisServer startWithPassword(String password) {
    return start(List.of(password), "--requirepass", password);
  }

  /**
   * A server whose default user is off and whose one ACL user {@code user} may run every command
   * on every key with {@code password}.
   */
  public static RedisServer startWithAclUser(String user, String password) {
    return start(
        List.of(user, password),
        // redis-server reads the words after an option, up to the next "--", as its arguments.
        "--user", "default", "off",
        "--user", user, "on", ">" + password, "~*", "&*", "+@all");
  }

  private static RedisServer start(List<String> login, String... extraArgs) {
    QuickLoop.refuseToStart("redis-server");
    Path executable = findExecutable(System.getenv("PATH"));
    IllegalStateException lastFailure = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      RedisServer server;
      try {
        server =
            new RedisServer(
                executable, List.of(extraArgs), Files.createTempDirectory("redis-test-"), LocalProcess.freeLoopbackPort(), login);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        server.launch();
        return server;
      } catch (IllegalStateException portTakenOrSlow) {
        // Another process may have taken the port between our probe and redis-server's bind.
        server.close();
        lastFailure = portTakenOrSlow;
      }
    }
    throw lastFailure;
  }

  /** {@code redis://127.0.0.1:PORT}, without credentials. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** {@code 127.0.0.1:PORT}, for a proxy in front of it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The loopback port; the same across {@link #restart()}. */
  public int port() {
    return port;
  }

  /** {@code true} while the process is alive (paused counts as alive). */
  public boolean isRunning() {
    return process.isRunning();
  }

  /** {@code true} between {@link #pause()} and {@link #resume()}. */
  public boolean isPaused() {
    return process.isPaused();
  }

  /** Kills the server with SIGKILL, as a crash would, and waits until it has exited. */
  public void kill() {
    process.kill();
  }

  /** Stops the server if it runs and starts an empty one on the same port. */
  public synchronized void restart() {
    kill();
    launch();
  }

  /** Freezes the server with SIGSTOP: its connections stay open, nothing is answered. */
  public void pause() {
    process.pause();
  }

  /** Lets a paused server go on (SIGCONT). */
  public void resume() {
    process.resume();
  }

  /**
   * One command on a connection of its own, after the server's login: its reply as RESP text
   * ({@code +OK}, {@code :1}, {@code $5 hello} flattened). For tests that change or inspect the
   * server behind the transport's back ({@code SCRIPT FLUSH}, {@code INFO commandstats}).
   */
  public String command(String... args) {
    try (Socket socket = connect(2_000)) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      if (!login.isEmpty()) {
        send(out, prepend("AUTH", login));
        String auth = readReply(in);
        if (!auth.startsWith("+OK")) {
          throw new IllegalStateException("AUTH refused by " + this + ": " + auth);
        }
      }
      send(out, List.of(args));
      return readReply(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Same as {@link #kill()}; also deletes the server's directory. */
  @Override
  public synchronized void close() {
    kill();
    try (var files = Files.list(dir)) {
      files.forEach(file -> file.toFile().delete());
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // A leftover temp directory is harmless.
    }
  }

  @Override
  public String toString() {
    return "redis-server " + address();
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(
        List.of(
            "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
    command.addAll(extraArgs);
    process.launch(
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()),
        this::answersAs,
        this::readLogs);
  }

  /** {@code true} once our process answers: another test's server that took the port must not pass for it. */
  private boolean answersAs(long pid) {
    try {
      String info = command("INFO", "server");
      return info.contains("process_id:" + pid + "\r\n");
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private Socket connect(int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    socket.setSoTimeout(timeoutMillis);
    return socket;
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static void send(OutputStream out, List<String> args) throws IOException {
    StringBuilder request = new StringBuilder("*").append(args.size()).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** One RESP2 reply, arrays and bulk strings flattened into text. */
  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    switch (line.charAt(0)) {
      case '$' -> {
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return "$-1";
        }
        byte[] body = in.readNBytes(length + 2);
        return new String(body, 0, length, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int count = Integer.parseInt(line.substring(1));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < count; i++) {
          all.append(readReply(in)).append('\n');
        }
        return all.toString();
      }
      default -> {
        return line;
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private String readLogs() {
    try {
      return Files.readString(dir.resolve("out.log")) + Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static Path findExecutable(String path) {
    return LocalProcess.findExecutable(
        "redis-server", (path == null ? "" : path + File.pathSeparator) + "/usr/bin", NOT_FOUND_MESSAGE);
  }
}
