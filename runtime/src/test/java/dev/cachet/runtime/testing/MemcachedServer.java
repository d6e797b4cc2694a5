package dev.cachet.runtime.testing;

import java.io.DataInputStream;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real memcached process on a free loopback port, for tests.
 *
 * <p>Started as {@code memcached -l 127.0.0.1 -p PORT -U 0 -m 64 -u nobody} plus any extra
 * arguments (for example {@code -I 64m}); {@link #start} returns once this process (checked by
 * its pid) answers on the port. Faults are injected with {@link #kill()} (SIGKILL), {@link #pause()} (SIGSTOP:
 * connections stay open but nothing answers) and {@link #resume()}; {@link #restart()} brings an
 * empty server back on the same port. {@link #close()} stops the process; a shutdown hook stops it
 * too if a test forgets.
 *
 * <p>{@link #startWithSasl} starts one that demands SASL authentication ({@code -S}, binary
 * protocol only) against a sasldb of one user, made with Cyrus SASL's {@code saslpasswd2} (Debian
 * package {@code sasl2-bin}, which the README test command installs).
 */
public final class MemcachedServer implements TestServer {
  /** The message when no {@code memcached} executable is on the {@code PATH}. */
  public static final String NOT_FOUND_MESSAGE =
      "memcached not found: run the README test command, which installs it";

  /** The message when Cyrus SASL's {@code saslpasswd2} is not installed. */
  public static final String SASLPASSWD_NOT_FOUND_MESSAGE =
      "saslpasswd2 not found: run the README test command, which installs the Debian package sasl2-bin";

  private static final int PORT_ATTEMPTS = 5;

  private final Path executable;
  private final List<String> extraArgs;
  private final Path log;
  private final int port;
  /** The user and password a SASL server accepts, or {@code null} for a plain server. */
  private final String[] saslLogin;
  /** Holds the sasldb and memcached.conf of a SASL server; {@code null} otherwise. */
  private final Path saslConfig;
  private final LocalProcess process;

  private MemcachedServer(Path executable, List<String> extraArgs, Path log, int port) {
    this(executable, extraArgs, log, port, null, null);
  }

  private MemcachedServer(
      Path executable, List<String> extraArgs, Path log, int port, String[] saslLogin, Path saslConfig) {
    this.executable = executable;
    this.extraArgs = extraArgs;
    this.log = log;
    this.port = port;
    this.saslLogin = saslLogin;
    this.saslConfig = saslConfig;
    this.process = new LocalProcess("memcached 127.0.0.1:" + port);
  }

  /**
   * Starts a server on a free loopback port and waits until it answers.
   *
   * @param extraArgs appended to the standard command line, e.g. {@code "-I", "64m"}
   * @throws IllegalStateException if memcached is not installed or does not come up in time
   */
  public static MemcachedServer start(String... extraArgs) {
    return start(null, null, extraArgs);
  }

  /**
   * Starts a server that demands SASL authentication ({@code -S}) and knows one user,
   * {@code username} with {@code password}; it speaks only the binary protocol.
   *
   * @throws IllegalStateException if memcached or {@code saslpasswd2} is missing, or the server
   *     does not come up in time
   */
  public static MemcachedServer startWithSasl(String username, String password, String... extraArgs) {
    QuickLoop.refuseToStart("memcached");
    Path config = createSaslConfig(username, password);
    List<String> args = new ArrayList<>(List.of("-S"));
    args.addAll(List.of(extraArgs));
    try {
      return start(new String[] {username, password}, config, args.toArray(String[]::new));
    } catch (RuntimeException e) {
      deleteTree(config);
      throw e;
    }
  }

  private static MemcachedServer start(String[] saslLogin, Path saslConfig, String... extraArgs) {
    QuickLoop.refuseToStart("memcached");
    Path executable = findExecutable();
    IllegalStateException lastFailure = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      MemcachedServer server;
      try {
        server =
            new MemcachedServer(
                executable,
                List.of(extraArgs),
                Files.createTempFile("memcached-test-", ".log"),
                LocalProcess.freeLoopbackPort(),
                saslLogin,
                saslConfig);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        server.launch();
        return server;
      } catch (IllegalStateException portTakenOrSlow) {
        // Another process may have taken the port between our probe and memcached's bind.
        server.stop();
        server.deleteLog();
        lastFailure = portTakenOrSlow;
      }
    }
    throw lastFailure;
  }

  /** A server on exactly {@code port}; fails if the port is taken. */
  static MemcachedServer startOn(int port, String... extraArgs) {
    QuickLoop.refuseToStart("memcached");
    try {
      MemcachedServer server =
          new MemcachedServer(
              findExecutable(), List.of(extraArgs), Files.createTempFile("memcached-test-", ".log"), port);
      try {
        server.launch();
      } catch (IllegalStateException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT}, as a transport's server list takes it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The loopback port; the same across {@link #restart()}. */
  public int port() {
    return port;
  }

  /** The process id of the running server. */
  public long pid() {
    return process.pid();
  }

  /** {@code true} while the process is alive (paused counts as alive). */
  public boolean isRunning() {
    return process.isRunning();
  }

  /** {@code true} between {@link #pause()} and {@link #resume()}. */
  public boolean isPaused() {
    return process.isPaused();
  }

  /**
   * Stops the server and waits until it has exited. SIGKILL, because memcached keeps nothing worth
   * a graceful exit and its SIGTERM path takes half a second, which adds up over a test suite.
   */
  public void stop() {
    kill();
  }

  /** Kills the server with SIGKILL, as a crash would, and waits until it has exited. */
  public void kill() {
    process.kill();
  }

  /** Stops the server if it runs and starts an empty one on the same port. */
  public synchronized void restart() {
    stop();
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

  /** Same as {@link #stop()}; also deletes the server's log. */
  @Override
  public synchronized void close() {
    stop();
    deleteLog();
    if (saslConfig != null) {
      deleteTree(saslConfig);
    }
  }

  private void deleteLog() {
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // A leftover temp file is harmless.
    }
  }

  @Override
  public String toString() {
    return "memcached " + address();
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of("-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0", "-m", "64", "-u", "nobody"));
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (saslConfig != null) {
      // Cyrus SASL reads <SASL_CONF_PATH>/memcached.conf: PLAIN only, our sasldb.
      builder.environment().put("SASL_CONF_PATH", saslConfig.toString());
    }
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process.launch(builder, this::answersAs, this::readLog);
  }

  /**
   * {@code true} once our process answers on the port. Checked by the pid in {@code stats}: if
   * another test's memcached took the port first, ours exits and that one must not pass for it.
   */
  private boolean answersAs(long pid) {
    if (saslLogin != null) {
      return answersAsAfterLogin(pid);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (reply.indexOf("END\r\n") < 0) {
        int n = in.read(buffer);
        if (n < 0) {
          return false;
        }
        reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
      return reply.indexOf("STAT pid " + pid + "\r\n") >= 0;
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * The binary-protocol version of {@link #answersAs} for a SASL server, which speaks
   * nothing else and answers {@code stat} only after a login: SASL PLAIN with our user, then the
   * general statistics, one packet per statistic, the last one empty.
   */
  private boolean answersAsAfterLogin(long pid) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String plain = "\0" + saslLogin[0] + "\0" + saslLogin[1];
      out.write(binaryRequest(0x21, "PLAIN", plain));
      out.flush();
      if (readBinaryResponse(in)[0] == null) {
        return false;
      }
      out.write(binaryRequest(0x10, "", ""));
      out.flush();
      while (true) {
        String[] stat = readBinaryResponse(in);
        if (stat[0] == null || stat[0].isEmpty()) {
          return false;
        }
        if (stat[0].equals("pid")) {
          return stat[1].equals(Long.toString(pid));
        }
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  /** A binary-protocol request: 24-byte header, no extras, key, value. */
  private static byte[] binaryRequest(int opcode, String key, String value) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    int body = keyBytes.length + valueBytes.length;
    byte[] packet = new byte[24 + body];
    packet[0] = (byte) 0x80;
    packet[1] = (byte) opcode;
    packet[2] = (byte) (keyBytes.length >>> 8);
    packet[3] = (byte) keyBytes.length;
    packet[8] = (byte) (body >>> 24);
    packet[9] = (byte) (body >>> 16);
    packet[10] = (byte) (body >>> 8);
    packet[11] = (byte) body;
    System.arraycopy(keyBytes, 0, packet, 24, keyBytes.length);
    System.arraycopy(valueBytes, 0, packet, 24 + keyBytes.length, valueBytes.length);
    return packet;
  }

  /** {key, value} of one response, or {null, null} when its status is not success. */
  private static String[] readBinaryResponse(DataInputStream in) throws IOException {
    byte[] header = new byte[24];
    in.readFully(header);
    int keyLength = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    int extrasLength = header[4] & 0xFF;
    int status = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
    int body =
        ((header[8] & 0xFF) << 24) | ((header[9] & 0xFF) << 16) | ((header[10] & 0xFF) << 8) | (header[11] & 0xFF);
    byte[] rest = new byte[body];
    in.readFully(rest);
    if (status != 0) {
      return new String[] {null, null};
    }
    String key = new String(rest, extrasLength, keyLength, StandardCharsets.UTF_8);
    String value =
        new String(rest, extrasLength + keyLength, body - extrasLength - keyLength, StandardCharsets.UTF_8);
    return new String[] {key, value};
  }

  /**
   * A directory holding {@code sasldb2} with one user (made by {@code saslpasswd2}) and the
   * {@code memcached.conf} pointing Cyrus SASL at it. Readable by everyone: memcached opens the
   * sasldb after dropping to {@code -u nobody}.
   */
  private static Path createSaslConfig(String username, String password) {
    Path saslpasswd = findExecutable("saslpasswd2", System.getenv("PATH") + File.pathSeparator + "/usr/sbin:/sbin");
    try {
      Path dir = Files.createTempDirectory("memcached-sasl-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path sasldb = dir.resolve("sasldb2");
      Process create =
          new ProcessBuilder(
                  saslpasswd.toString(), "-c", "-p", "-a", "memcached", "-f", sasldb.toString(), username)
              .redirectErrorStream(true)
              .start();
      try (OutputStream stdin = create.getOutputStream()) {
        stdin.write(password.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!create.waitFor(LocalProcess.STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || create.exitValue() != 0) {
        throw new IllegalStateException("saslpasswd2 failed: " + output);
      }
      Files.setPosixFilePermissions(sasldb, PosixFilePermissions.fromString("rw-r--r--"));
      Files.writeString(
          dir.resolve("memcached.conf"), "mech_list: plain\nsasldb_path: " + sasldb + "\n");
      Files.setPosixFilePermissions(dir.resolve("memcached.conf"), PosixFilePermissions.fromString("rw-r--r--"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating a sasldb", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temp directory is harmless.
    }
  }

  private String readLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static Path findExecutable() {
    return findExecutable(System.getenv("PATH"));
  }

  static Path findExecutable(String path) {
    return findExecutable("memcached", path);
  }

  private static Path findExecutable(String name, String path) {
    return LocalProcess.findExecutable(
        name, path, name.equals("memcached") ? NOT_FOUND_MESSAGE : SASLPASSWD_NOT_FOUND_MESSAGE);
  }
}
