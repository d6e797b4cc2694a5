package dev.cachet.runtime.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real twemproxy ({@code nutcracker}) process on a free loopback port in front of memcached
 * servers, for tests: large deployments put it between their clients and memcached.
 *
 * <p>The proxy hashes keys over its servers itself ({@code fnv1a_64}, {@code ketama}), so a client
 * pointed at {@link #address()} sees one server. twemproxy's {@code fnv1a_64} is a 32-bit FNV-1a
 * with the 64-bit prime cut to 32 bits (435), which mixes the last characters of a key so little
 * that keys differing only there ({@code k0} to {@code k9}) nearly always share a server. It passes {@code get}, {@code gets}, {@code set},
 * {@code add}, {@code cas} and {@code delete}, but closes the connection on commands it does not
 * know, such as {@code stats} and the meta commands ({@code mg}); it speaks only the text
 * protocol. {@code auto_eject_hosts} is off, so a dead server's keys fail rather than move, and
 * the proxy gives up on a server after 400 ms ({@code SERVER_ERROR}).
 *
 * <p>{@link #start} writes the YAML configuration into a temp directory, runs {@code nutcracker}
 * in the foreground (so this process owns it) with its log and statistics port there too, and
 * returns once it serves. {@link #close()} stops it; a shutdown hook stops it too if a test
 * forgets. Debian's package {@code nutcracker} installs it in {@code /usr/sbin}.
 */
public final class Nutcracker implements AutoCloseable {
  /** The message when no {@code nutcracker} executable is found. */
  public static final String NOT_FOUND_MESSAGE =
      "nutcracker not found: run scripts/test.sh, which installs the Debian package nutcracker";

  /** How long the proxy waits for a server's answer before it answers {@code SERVER_ERROR}. */
  public static final Duration SERVER_TIMEOUT = Duration.ofMillis(400);

  private static final int PORT_ATTEMPTS = 5;

  private final Path directory;
  private final int port;
  private final int statsPort;
  /** Random, so that a statistics reply naming it comes from this process and no other. */
  private final String poolName;
  private final LocalProcess process;

  private Nutcracker(Path directory, int port, int statsPort, String poolName) {
    this.directory = directory;
    this.port = port;
    this.statsPort = statsPort;
    this.poolName = poolName;
    this.process = new LocalProcess("nutcracker 127.0.0.1:" + port);
  }

  /**
   * Starts a proxy on a free loopback port in front of {@code servers} and waits until it serves.
   *
   * @param servers memcached servers as {@code host:port}, separated by spaces or commas, as
   *     {@link MemcachedExtension#addresses()} gives them
   * @throws IllegalStateException if nutcracker is not installed, refuses the configuration or
   *     does not come up in time
   */
  public static Nutcracker start(String servers) {
    QuickLoop.refuseToStart("nutcracker");
    List<String> backends = List.of(servers.trim().split("[\\s,]+"));
    String path = System.getenv("PATH");
    // Debian installs it in /usr/sbin, which is often not on a user's PATH.
    Path executable =
        findExecutable((path == null ? "" : path + File.pathSeparator) + "/usr/sbin" + File.pathSeparator + "/sbin");
    IllegalStateException lastFailure = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      Nutcracker proxy;
      try {
        proxy =
            new Nutcracker(
                Files.createTempDirectory("nutcracker-test-"),
                LocalProcess.freeLoopbackPort(),
                LocalProcess.freeLoopbackPort(),
                "cachet-" + UUID.randomUUID().toString().substring(0, 8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        proxy.launch(executable, backends);
        return proxy;
      } catch (IllegalStateException portTakenOrSlow) {
        // Another process may have taken a port between our probe and nutcracker's bind.
        proxy.close();
        lastFailure = portTakenOrSlow;
      }
    }
    throw lastFailure;
  }

  /** {@code 127.0.0.1:PORT}, as a transport's server list takes it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The loopback port clients connect to. */
  public int port() {
    return port;
  }

  /** The process id of the running proxy. */
  public long pid() {
    return process.pid();
  }

  /** {@code true} while the process is alive. */
  public boolean isRunning() {
    return process.isRunning();
  }

  /** Stops the proxy (SIGKILL: it keeps no state) and waits until it has exited. */
  public void stop() {
    process.kill();
  }

  /** Stops the proxy and deletes its configuration and log. */
  @Override
  public synchronized void close() {
    stop();
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temp directory is harmless.
    }
  }

  @Override
  public String toString() {
    return "nutcracker " + address();
  }

  private void launch(Path executable, List<String> backends) {
    Path config = directory.resolve("nutcracker.yml");
    Path log = directory.resolve("nutcracker.log");
    StringBuilder yaml =
        new StringBuilder()
            .append(poolName).append(":\n")
            .append("  listen: 127.0.0.1:").append(port).append('\n')
            .append("  hash: fnv1a_64\n")
            .append("  distribution: ketama\n")
            .append("  auto_eject_hosts: false\n")
            .append("  timeout: ").append(SERVER_TIMEOUT.toMillis()).append('\n')
            .append("  servers:\n");
    for (String backend : backends) {
      // host:port:weight
      yaml.append("    - ").append(backend).append(":1\n");
    }
    List<String> command =
        List.of(
            executable.toString(),
            "-c", config.toString(),
            "-o", log.toString(),
            // Its own statistics port on loopback: the default, 22222 on every address, would
            // clash with any other proxy on the machine.
            "-s", Integer.toString(statsPort),
            "-a", "127.0.0.1");
    try {
      Files.writeString(config, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process.launch(
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()),
        pid -> serves(),
        () -> read(log) + "\n" + yaml);
  }

  /**
   * {@code true} once this process serves: its statistics name our pool, and the proxy port
   * accepts. nutcracker binds the statistics port just before the proxy port and exits at once
   * when it cannot bind either, so a live process answering both is ours on both.
   */
  private boolean serves() {
    return statisticsNameOurPool() && accepts(port) && process.isRunning();
  }

  private boolean statisticsNameOurPool() {
    try (Socket socket = connect(statsPort)) {
      InputStream in = socket.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return reply.contains("\"" + poolName + "\"");
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean accepts(int port) {
    try {
      connect(port).close();
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static Path findExecutable(String path) {
    return LocalProcess.findExecutable("nutcracker", path, NOT_FOUND_MESSAGE);
  }
}
