package dev.cachet.redis;

import dev.cachet.runtime.internal.transport.CircuitBreaker;
import dev.cachet.runtime.internal.transport.Shutdowns;
import dev.cachet.runtime.spi.TransportException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce side of {@link RedisClusterTransport}: the {@code RedisClusterClient} and its one
 * cluster connection, opened in the background when the cluster is down at start (as the
 * one-server transport does), with the topology kept fresh.
 *
 * <p>Topology refresh: every {@value #REFRESH_PERIOD_SECONDS} s, and on every adaptive trigger
 * ({@code MOVED}, {@code ASK}, persistent reconnects, an unknown node, an uncovered slot) at most
 * once a second, so a promoted replica is used about a second after the cluster promoted it. As on
 * one server, commands are refused at once while a node is disconnected, and nothing in flight is
 * replayed on a new connection.
 */
final class ClusterConnector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConnector.class);
  private static final long CONNECT_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final int REFRESH_PERIOD_SECONDS = 5;
  private static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofSeconds(1);
  private static final long PRIMARY_CHECK_MILLIS = 200;

  private final RedisSettings settings;
  private final String description;
  private final ClientResources resources;
  private final RedisClusterClient client;
  private volatile StatefulRedisClusterConnection<String, Item> connection;
  private volatile Throwable lastConnectFailure;
  private volatile boolean closed;
  private final AtomicLong lastRefreshNanos = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
  private long lastConnectLogNanos;

  ClusterConnector(RedisSettings settings, String description) {
    this.settings = settings;
    this.description = description;
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(1)
            .reconnectDelay(
                Delay.exponential(Duration.ofMillis(1), settings.reconnectInterval(), 2, TimeUnit.MILLISECONDS))
            .build();
    for (RedisURI uri : settings.uris()) {
      uri.setTimeout(settings.connectTimeout());
    }
    this.client = RedisClusterClient.create(resources, settings.uris());
    ClusterClientOptions.Builder options = ClusterClientOptions.builder();
    options
        .topologyRefreshOptions(
            LettuceLines.withAdaptiveRefresh(
                    ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(REFRESH_PERIOD_SECONDS))
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT))
                .build())
        .autoReconnect(true)
        .disconnectedBehavior(ClusterClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(settings.operationTimeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build());
    options.replayFilter(command -> true);
    client.setOptions(LettuceLines.withoutMaintenanceNotifications(options).build());
  }

  /** Starts connecting; waits at most the connect timeout for the first attempt. */
  void start() {
    CompletableFuture<Void> first = attemptConnection();
    try {
      first.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException stillConnecting) {
      // Logged by the attempt; calls fail open until it succeeds.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<Void> attemptConnection() {
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    // connectAsync needs the topology first, which connect() would load by blocking.
    client
        .refreshPartitionsAsync()
        .thenCompose(loaded -> client.connectAsync(ItemCodec.INSTANCE))
        .thenCompose(opened -> connectPrimaries(opened).thenApply(all -> opened))
        .whenComplete(
            (opened, failure) -> {
              if (failure == null) {
                if (closed) {
                  opened.closeAsync();
                } else {
                  connection = opened;
                  LOG.debug("connected to {}", description);
                  schedulePrimaryConnections();
                }
                outcome.complete(null);
                return;
              }
              lastConnectFailure = failure;
              logConnectFailure(failure);
              outcome.completeExceptionally(failure);
              if (!closed) {
                try {
                  resources
                      .eventExecutorGroup()
                      .schedule(this::attemptConnection, settings.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (RuntimeException shuttingDown) {
                  // closed meanwhile
                }
              }
            });
    return outcome;
  }

  /**
   * Opens the connection to every primary of the topology. Lettuce opens a node's connection at
   * its first command, and refuses commands while a connection is pending ({@code
   * REJECT_COMMANDS}): without this, every primary's first command, and a promoted replica's,
   * would be a fault.
   */
  private static CompletableFuture<Void> connectPrimaries(StatefulRedisClusterConnection<String, Item> open) {
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (RedisClusterNode node : open.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && node.getUri() != null && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
        pending.add(open.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
      }
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(unreachable -> null);
  }

  /** {@link #connectPrimaries} every {@value #PRIMARY_CHECK_MILLIS} ms: a new primary is connected before it is asked. */
  private void schedulePrimaryConnections() {
    try {
      resources
          .eventExecutorGroup()
          .scheduleWithFixedDelay(
              () -> {
                StatefulRedisClusterConnection<String, Item> open = connection;
                if (open != null && !closed) {
                  connectPrimaries(open);
                }
              },
              PRIMARY_CHECK_MILLIS,
              PRIMARY_CHECK_MILLIS,
              TimeUnit.MILLISECONDS);
    } catch (RuntimeException shuttingDown) {
      // closed meanwhile
    }
  }

  private synchronized void logConnectFailure(Throwable failure) {
    long now = System.nanoTime();
    if (lastConnectLogNanos == 0 || now - lastConnectLogNanos >= CONNECT_LOG_INTERVAL_NANOS) {
      lastConnectLogNanos = now;
      LOG.warn(
          "cannot reach {} ({}); calls are answered by their delegates, retried every {} ms",
          description,
          Calls.reason(failure),
          settings.reconnectInterval().toMillis());
    }
  }

  /** The open cluster connection. */
  StatefulRedisClusterConnection<String, Item> connection() {
    StatefulRedisClusterConnection<String, Item> open = connection;
    if (open == null) {
      Throwable why = lastConnectFailure;
      throw new TransportException(
          "not connected to " + description + (why == null ? " yet" : ": " + Calls.reason(why)));
    }
    return open;
  }

  /**
   * Reloads the topology, at most once per {@code ADAPTIVE_REFRESH_TIMEOUT}: for a {@code MOVED}
   * met outside Lettuce's routing, which its adaptive triggers do not see.
   */
  void refreshTopology() {
    long now = System.nanoTime();
    long last = lastRefreshNanos.get();
    if (now - last >= ADAPTIVE_REFRESH_TIMEOUT.toNanos() && lastRefreshNanos.compareAndSet(last, now)) {
      client.refreshPartitionsAsync();
    }
  }

  /** The primary that holds {@code slot} in the client's view, or {@code null} (none, or not connected). */
  RedisClusterNode ownerOf(int slot) {
    StatefulRedisClusterConnection<String, Item> open = connection;
    return open == null ? null : open.getPartitions().getPartitionBySlot(slot);
  }

  /** The node at {@code host:port} in the client's view, or {@code null}. */
  RedisClusterNode nodeAt(String host, int port) {
    StatefulRedisClusterConnection<String, Item> open = connection;
    if (open != null) {
      for (RedisClusterNode node : open.getPartitions()) {
        if (node.getUri() != null && node.getUri().getPort() == port && host.equals(node.getUri().getHost())) {
          return node;
        }
      }
    }
    return null;
  }

  /**
   * {@code INFO} of every node in the client's view, by {@code host:port} in port order, with its
   * {@code role} and its primary's {@code breaker}; {@code error -> <why>} for one that does not
   * answer. All asked at once, each awaited at most the operation timeout.
   */
  Map<String, Map<String, String>> serverStatistics(Calls calls, Function<RedisClusterNode, CircuitBreaker> breakers) {
    Map<String, Map<String, String>> perServer = new LinkedHashMap<>();
    StatefulRedisClusterConnection<String, Item> open = connection;
    if (open == null) {
      Map<String, String> error = new TreeMap<>();
      error.put("error", Calls.reason(new TransportException("not connected to " + description)));
      for (RedisURI uri : settings.uris()) {
        perServer.put(uri.getHost() + ":" + uri.getPort(), Collections.unmodifiableMap(error));
      }
      return perServer;
    }
    Map<String, RedisClusterNode> nodes = new TreeMap<>();
    for (RedisClusterNode node : open.getPartitions()) {
      if (node.getUri() != null) {
        nodes.put(String.format("%s:%05d", node.getUri().getHost(), node.getUri().getPort()), node);
      }
    }
    Map<RedisClusterNode, Future<String>> asked = new LinkedHashMap<>();
    for (RedisClusterNode node : nodes.values()) {
      asked.put(
          node,
          open.getConnectionAsync(node.getNodeId())
              .thenCompose(c -> c.async().dispatch(io.lettuce.core.protocol.CommandType.INFO, new Outputs.Text(), Calls.args())));
    }
    asked.forEach(
        (node, reply) -> {
          Map<String, String> stats = new TreeMap<>();
          try {
            for (String line : calls.await(reply).split("\r?\n")) {
              int colon = line.indexOf(':');
              if (!line.startsWith("#") && colon > 0) {
                stats.put(line.substring(0, colon), line.substring(colon + 1).trim());
              }
            }
          } catch (Exception e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            stats.put("error", Calls.reason(e));
          }
          stats.put("role", node.is(RedisClusterNode.NodeFlag.UPSTREAM) ? "primary" : "replica");
          stats.put("breaker", breakers.apply(node).isOpen() ? "open" : "closed");
          perServer.put(node.getUri().getHost() + ":" + node.getUri().getPort(), Collections.unmodifiableMap(stats));
        });
    return perServer;
  }

  /** Closes the connection and stops Lettuce's threads, waiting at most the connect timeout. */
  @Override
  public void close() {
    closed = true;
    Shutdowns.within(settings.connectTimeout(), "cachet-redis-cluster-close", this::shutdownClient);
  }

  private void shutdownClient() {
    try {
      client.shutdown(Duration.ZERO, settings.connectTimeout());
      resources.shutdown(0, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      LOG.warn("closing {} failed", description, e);
    }
  }
}
