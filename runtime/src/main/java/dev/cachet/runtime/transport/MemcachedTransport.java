package dev.cachet.runtime.transport;

import com.google.code.yanf4j.core.impl.StandardSocketOption;
import dev.cachet.runtime.Transport;
import dev.cachet.runtime.TransportException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of memcached servers through Xmemcached, raw bytes in and out.
 *
 * <ul>
 *   <li>Keys are spread by consistent hashing (ketama). Failure mode is off: when a server dies,
 *       its share of keys moves to the live ones (a miss there, not an error), and Xmemcached
 *       reconnects in the background every {@link MemcachedSettings#reconnectInterval()}; the
 *       keys come back once it answers again.
 *   <li>Every operation waits at most {@link MemcachedSettings#opTimeout()} for its reply; any
 *       fault, timeout or server error is a {@link TransportException}.
 *   <li>Socket send and receive buffers are 1 MiB: with Xmemcached's 32 KiB default a 500 KB set
 *       took about 300 ms, with 1 MiB about 13 ms.
 *   <li>Values are stored with flags 0 and neither compressed nor serialized here.
 * </ul>
 *
 * <p>Creating the transport never fails because a server is down: unreachable servers are retried
 * in the background, and operations fail fast (no live server) or go to the live servers.
 *
 * <p>A server that is frozen rather than dead (SIGSTOP, a stalled host) keeps its TCP connection,
 * so its keys do not move: each operation on them costs the op timeout and fails until the server
 * answers again. Keep the op timeout short. Xmemcached also sends {@code version} as a heartbeat
 * on a connection idle for 5 s, and backs off between reconnection attempts (1, 2, 3... times the
 * reconnect interval).
 */
public final class MemcachedTransport implements Transport {
  /** memcached reads an exptime above 30 days as an absolute unix time. */
  static final long MAX_RELATIVE_EXPTIME_SECONDS = 60L * 60 * 24 * 30;

  private static final int SOCKET_BUFFER_BYTES = 1024 * 1024;
  /** Only read, never written; not hex after the slash, so no key KeyBuilder makes. */
  private static final String WARM_UP_KEY = "cachet/warm-up";
  private static final Logger LOG = LoggerFactory.getLogger(MemcachedTransport.class);

  private final MemcachedClient client;
  private final MemcachedSettings settings;
  private final long opTimeoutMillis;
  private final String description;

  private MemcachedTransport(MemcachedClient client, MemcachedSettings settings, String description) {
    this.client = client;
    this.settings = settings;
    this.opTimeoutMillis = settings.opTimeout().toMillis();
    this.description = description;
  }

  /**
   * Connects to the pool; waits at most {@link MemcachedSettings#connectTimeout()} per server,
   * and leaves a server that does not answer to background reconnection.
   *
   * @throws IllegalArgumentException if the server list does not parse
   * @throws TransportException if the client cannot be started at all
   */
  public static MemcachedTransport connect(MemcachedSettings settings) {
    Objects.requireNonNull(settings, "settings");
    List<InetSocketAddress> servers = parseServers(settings.servers());
    // Before Xmemcached looks the addresses up, which would turn 127.0.0.1 into localhost.
    String description =
        "memcached "
            + servers.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(" "));
    XMemcachedClientBuilder builder = new XMemcachedClientBuilder(servers);
    builder.setSessionLocator(new KetamaMemcachedSessionLocator());
    builder.setFailureMode(false);
    builder.setTranscoder(RawBytesTranscoder.INSTANCE);
    builder.setOpTimeout(settings.opTimeout().toMillis());
    builder.setConnectTimeout(settings.connectTimeout().toMillis());
    builder.setEnableHealSession(true);
    builder.setHealSessionInterval(settings.reconnectInterval().toMillis());
    builder.setSocketOption(StandardSocketOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    builder.setSocketOption(StandardSocketOption.SO_RCVBUF, SOCKET_BUFFER_BYTES);
    builder.setSocketOption(StandardSocketOption.TCP_NODELAY, true);
    builder.setName("cachet");
    MemcachedClient client;
    try {
      client = builder.build();
    } catch (IOException e) {
      throw new TransportException("cannot start the memcached client for " + settings.servers(), e);
    }
    warmUp(client, settings.connectTimeout().toMillis());
    return new MemcachedTransport(client, settings, description);
  }

  /**
   * One lookup with the connect timeout, so that class loading and the first trip through
   * Xmemcached's reactor (tens of milliseconds on a cold JVM) are paid here rather than by the
   * first real lookup, whose op timeout is short. A fault here is not an error: the servers may
   * come later.
   */
  private static void warmUp(MemcachedClient client, long timeoutMillis) {
    try {
      client.get(List.of(WARM_UP_KEY), timeoutMillis, RawBytesTranscoder.INSTANCE);
    } catch (TimeoutException | MemcachedException | RuntimeException notYet) {
      LOG.debug("warm-up lookup failed; servers are retried in the background", notYet);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    Map<String, byte[]> found;
    try {
      found = client.get(keys, opTimeoutMillis, RawBytesTranscoder.INSTANCE);
    } catch (TimeoutException | MemcachedException | RuntimeException e) {
      throw fault("get", keys.size() == 1 ? keys.iterator().next() : keys.size() + " keys", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fault("get", keys.size() + " keys", e);
    }
    return found == null ? new HashMap<>() : found;
  }

  @Override
  public void set(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    int exptime = exptime(expiry, settings.clock());
    boolean stored;
    try {
      stored = client.set(key, exptime, value, RawBytesTranscoder.INSTANCE, opTimeoutMillis);
    } catch (TimeoutException | MemcachedException | RuntimeException e) {
      throw fault("set", key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fault("set", key, e);
    }
    if (!stored) {
      throw new TransportException("set " + key + " was not stored by " + description);
    }
  }

  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    int exptime = exptime(expiry, settings.clock());
    try {
      return client.add(key, exptime, value, RawBytesTranscoder.INSTANCE, opTimeoutMillis);
    } catch (TimeoutException | MemcachedException | RuntimeException e) {
      throw fault("add", key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fault("add", key, e);
    }
  }

  @Override
  public boolean delete(String key) {
    try {
      return client.delete(key, opTimeoutMillis);
    } catch (TimeoutException | MemcachedException | RuntimeException e) {
      throw fault("delete", key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fault("delete", key, e);
    }
  }

  /**
   * Each configured server's reply to {@code stats}, one round trip per server, each waiting at
   * most the operation timeout; a server that does not answer maps to {@code error -> <why>}.
   */
  @Override
  public Map<String, Map<String, String>> serverStatistics() {
    Map<String, Map<String, String>> perServer = new LinkedHashMap<>();
    for (InetSocketAddress server : parseServers(settings.servers())) {
      String name = server.getHostString() + ":" + server.getPort();
      try {
        Map<String, String> stats = client.stats(server, opTimeoutMillis);
        perServer.put(name, stats == null ? Map.of() : new TreeMap<>(stats));
      } catch (TimeoutException | MemcachedException | RuntimeException e) {
        perServer.put(name, Map.of("error", String.valueOf(e.getMessage())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        perServer.put(name, Map.of("error", "interrupted"));
      }
    }
    return perServer;
  }

  /** The configured item limit minus the longest key: 1,048,267 for memcached's default {@code -I 1m}. */
  @Override
  public int maxItemBytes() {
    return settings.itemLimitBytes() - MemcachedKeys.LONGEST_KEY_BYTES;
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * Closes every connection and stops Xmemcached's threads, waiting at most the connect timeout.
   * Xmemcached says {@code quit} to each server and waits up to seconds for the goodbye, which a
   * frozen server never sends; the rest of that wait happens on a daemon thread.
   */
  @Override
  public void close() {
    Thread closer = new Thread(this::shutdownClient, "cachet-memcached-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(settings.connectTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void shutdownClient() {
    try {
      client.shutdown();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing {} failed", description, e);
    }
  }

  /**
   * memcached's exptime for {@code expiry}: 0 for none, whole seconds rounded up for up to 30
   * days, an absolute unix time (from the clock) beyond that, capped at the largest one memcached
   * parses.
   */
  static int exptime(Duration expiry, Clock clock) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative()) {
      throw new IllegalArgumentException("negative expiry: " + expiry);
    }
    if (expiry.isZero()) {
      return 0;
    }
    long seconds = expiry.getSeconds() + (expiry.getNano() > 0 ? 1 : 0);
    if (seconds <= MAX_RELATIVE_EXPTIME_SECONDS) {
      return (int) seconds;
    }
    long absolute = clock.instant().getEpochSecond() + seconds;
    return absolute > Integer.MAX_VALUE || absolute < 0 ? Integer.MAX_VALUE : (int) absolute;
  }

  /** {@code "host:port host:port"}, spaces or commas between servers. */
  static List<InetSocketAddress> parseServers(String servers) {
    List<InetSocketAddress> parsed = new ArrayList<>();
    for (String server : servers.trim().split("[\\s,]+")) {
      int colon = server.lastIndexOf(':');
      if (colon < 1 || colon == server.length() - 1) {
        throw new IllegalArgumentException("expected host:port, got '" + server + "' in '" + servers + "'");
      }
      int port;
      try {
        port = Integer.parseInt(server.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in '" + server + "' of '" + servers + "'", e);
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port out of range in '" + server + "' of '" + servers + "'");
      }
      parsed.add(new InetSocketAddress(server.substring(0, colon), port));
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("no servers in '" + servers + "'");
    }
    return parsed;
  }

  private TransportException fault(String operation, String key, Exception cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new TransportException(operation + " " + key + " on " + description + ": " + reason, cause);
  }
}
