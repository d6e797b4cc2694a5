package dev.cachet.redis;

import dev.cachet.runtime.internal.transport.CircuitBreaker;
import dev.cachet.runtime.internal.transport.LateDeletes;
import dev.cachet.runtime.internal.transport.MemcachedKeys;
import dev.cachet.runtime.internal.transport.Shutdowns;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis server (or the primary Sentinel names) through one Lettuce connection, shared by every
 * thread: Lettuce pipelines their commands on it. The package description has the design; in
 * short, every {@link Transport} operation is one command or one script, so one round trip.
 *
 * <ul>
 *   <li>Items are {@link Item}s: an 8-byte version, then the caller's bytes. Every write makes a
 *       new version (a random base per transport plus a counter, never 0), {@code gets} returns
 *       it as the compare-and-swap id, the {@link Scripts#CAS} script compares it on the server.
 *   <li>Expiry is Redis's, in milliseconds ({@code PX}); zero is none.
 *   <li>Keys and sizes follow memcached's rules ({@link MemcachedKeys}, the configured item size),
 *       so a key or a value behaves the same in every store; larger values are chunked by the
 *       runtime, since one large value stalls the single-threaded server for everyone.
 * </ul>
 *
 * <p>Fail-open: every operation waits at most the operation timeout; any fault is a {@link
 * TransportException}. A server that is down when the transport opens is connected in the
 * background ({@link #connect} waits at most the connect timeout for the first attempt); once
 * connected, Lettuce reconnects by itself, at most {@link RedisSettings#reconnectInterval()}
 * apart. While disconnected, commands are refused at once rather than queued, and commands that
 * were in flight when the connection dropped are failed, never replayed on the new connection: a
 * generation written again after a restart could bring back the one that an invalidation
 * replaced. A frozen server (SIGSTOP) keeps its connection; the runtime's {@link CircuitBreaker}
 * then refuses calls after a few timeouts in a row and lets one probe through per cool-off.
 *
 * <p>An {@code add} that timed out may still be applied by a frozen server when it wakes; as for
 * memcached, it is remembered and deleted once the server answers, if the key still holds its
 * bytes ({@link LateDeletes}).
 */
public final class RedisTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);
  /** How often a failed first connection is logged at most: it is retried every second. */
  private static final long CONNECT_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final RedisSettings settings;
  private final String description;
  private final Calls calls;
  private final ClientResources resources;
  private final RedisClient client;
  private final CircuitBreaker breaker;
  private final LateDeletes lateDeletes;
  /** The key {@link LateDeletes} files this server's items under. */
  private final InetSocketAddress server;
  private volatile StatefulRedisConnection<String, Item> connection;
  private volatile Throwable lastConnectFailure;
  private volatile boolean closed;
  private long lastConnectLogNanos;

  private RedisTransport(RedisSettings settings) {
    this.settings = settings;
    this.description = settings.describe();
    this.calls = new Calls(settings, description);
    // Reconnection backs off from 1 ms to the reconnect interval: a blip costs nothing, a long
    // outage at most an interval once the server is back (Lettuce's default ceiling is 30 s).
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(1)
            .reconnectDelay(
                Delay.exponential(Duration.ofMillis(1), settings.reconnectInterval(), 2, TimeUnit.MILLISECONDS))
            .build();
    RedisURI uri = settings.uri();
    uri.setTimeout(settings.connectTimeout());
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        LettuceLines.withoutMaintenanceNotifications(
                ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .replayFilter(command -> true)
                    .timeoutOptions(TimeoutOptions.enabled(settings.operationTimeout()))
                    .socketOptions(
                        SocketOptions.builder()
                            .connectTimeout(settings.connectTimeout())
                            .keepAlive(true)
                            .build()))
            .build());
    this.breaker =
        new CircuitBreaker(settings.timeoutsToOpen(), settings.coolOff().toNanos(), System::nanoTime);
    this.server = InetSocketAddress.createUnresolved(uri.getHost() == null ? "sentinel" : uri.getHost(), uri.getPort());
    this.lateDeletes =
        new LateDeletes(
            new LateDeletes.Store() {
              @Override
              public byte[] get(String key) throws Exception {
                return await(dispatch(CommandType.GET, new Outputs.Payload(), args().addKey(key)));
              }

              @Override
              public void delete(String key) throws Exception {
                await(dispatch(CommandType.DEL, new Outputs.Count(), args().addKey(key)));
              }
            },
            unused -> breaker.isOpen());
  }

  /**
   * Opens the transport and starts connecting; waits at most the connect timeout for the first
   * attempt, so that a server that is up is used by the first call, and one that is down delays
   * nothing (its refusal comes at once) and is retried in the background every reconnect interval.
   */
  static RedisTransport connect(RedisSettings settings) {
    RedisTransport transport = new RedisTransport(Objects.requireNonNull(settings, "settings"));
    CompletableFuture<Void> first = transport.attemptConnection();
    try {
      first.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException stillConnecting) {
      // Logged by the attempt; calls fail open until it succeeds.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return transport;
  }

  /** One attempt to connect; a failed one schedules the next after the reconnect interval. */
  private CompletableFuture<Void> attemptConnection() {
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    client
        .connectAsync(ItemCodec.INSTANCE, settings.uri())
        .whenComplete(
            (opened, failure) -> {
              if (failure == null) {
                if (closed) {
                  opened.closeAsync();
                } else {
                  connection = opened;
                  LOG.debug("connected to {}", description);
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
                      .schedule(
                          () -> {
                            attemptConnection();
                          },
                          settings.reconnectInterval().toMillis(),
                          TimeUnit.MILLISECONDS);
                } catch (RuntimeException shuttingDown) {
                  // closed meanwhile
                }
              }
            });
    return outcome;
  }

  private synchronized void logConnectFailure(Throwable failure) {
    long now = System.nanoTime();
    if (lastConnectLogNanos == 0 || now - lastConnectLogNanos >= CONNECT_LOG_INTERVAL_NANOS) {
      lastConnectLogNanos = now;
      LOG.warn(
          "cannot connect to {} ({}); calls are answered by their delegates, retried every {} ms",
          description,
          reason(failure),
          settings.reconnectInterval().toMillis());
    }
  }

  // ------------------------------------------------------------------ the operations

  /** {@code MGET}: one command, the version of each item skipped as it is copied out. */
  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    List<String> ordered = keys instanceof List<String> list ? list : new ArrayList<>(keys);
    CommandArgs<String, Item> args = args();
    for (String key : ordered) {
      args.addKey(key);
    }
    return guarded("get", ordered, () -> dispatch(CommandType.MGET, new Outputs.Payloads(ordered), args));
  }

  /**
   * {@code SET}, with {@code PX} when it expires. A value too large is refused before it is sent,
   * and the key's old item deleted, as memcached unlinks it: a reader never mistakes the old
   * value for the one just written.
   */
  @Override
  public void set(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    long millis = expiryMillis(expiry);
    if (tooLarge(key, value)) {
      try {
        delete(key);
      } catch (TransportException alsoDown) {
        // The refusal below is what the caller must learn.
      }
      throw refusedAsTooLarge("set", key, value);
    }
    CommandArgs<String, Item> args = args().addKey(key).addValue(newItem(value));
    if (millis > 0) {
      args.add("PX").add(millis);
    }
    String reply = guarded("set", key, () -> dispatch(CommandType.SET, new Outputs.Text(), args));
    if (!"OK".equals(reply)) {
      throw new TransportException("set " + key + " was not stored by " + description + ": " + reply);
    }
  }

  /** {@code SET ... NX}: one command. One that timed out is undone once the server answers. */
  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    long millis = expiryMillis(expiry);
    if (tooLarge(key, value)) {
      throw refusedAsTooLarge("add", key, value);
    }
    CommandArgs<String, Item> args = args().addKey(key).addValue(newItem(value)).add("NX");
    if (millis > 0) {
      args.add("PX").add(millis);
    }
    try {
      return "OK".equals(guarded("add", key, () -> dispatch(CommandType.SET, new Outputs.Text(), args)));
    } catch (TransportException e) {
      if (e.getCause() instanceof TimeoutException) {
        lateDeletes.add(server, key, value);
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    return guarded("delete", key, () -> dispatch(CommandType.DEL, new Outputs.Count(), args().addKey(key))) > 0;
  }

  /**
   * Every sequence's writes on the one connection, in order, all at once: Redis applies a
   * connection's commands in the order it reads them, so a mark lands after its change, and the
   * whole call is one round trip, awaited at most the operation timeout.
   */
  @Override
  public List<TransportException> writeSequences(List<List<Write>> sequences) {
    List<TransportException> outcomes =
        WireWrites.onOneConnection(calls, breaker, description, settings.operationTimeout(), this::dispatch, sequences);
    if (outcomes.contains(null)) {
      lateDeletes.serverAnswered();
    }
    return outcomes;
  }

  /** {@code GET}: the payload and the item's version, read in place. */
  @Override
  public Versioned gets(String key) {
    MemcachedKeys.requireValid(key);
    Versioned found =
        guarded("gets", key, () -> dispatch(CommandType.GET, new Outputs.VersionedItem(), args().addKey(key)));
    if (found != null && found.casId() == 0) {
      throw new TransportException(
          "gets " + key + " on " + description + ": the item was not written by Cachet (shorter than its version)");
    }
    return found;
  }

  /**
   * The {@link Scripts#CAS} script: the new item is stored only while the key holds the version
   * read. A timed-out one is left alone, as on memcached: applied late, it stores only what it
   * would have stored in time.
   */
  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    long millis = expiryMillis(expiry);
    if (tooLarge(key, value)) {
      throw refusedAsTooLarge("cas", key, value);
    }
    if (casId == 0) {
      return false; // no gets returns 0: it is "no id"
    }
    Item item = newItem(value);
    return guarded(
            "cas",
            key,
            () ->
                script(
                    Scripts.CAS,
                    args -> args.addKey(key).add(Item.versionBytes(casId)).addValue(item).add(millis)))
        == 1;
  }

  /** {@code PEXPIRE}, which keeps the bytes and so the version; {@link Scripts#PERSIST} for no expiry. */
  @Override
  public boolean touch(String key, Duration expiry) {
    MemcachedKeys.requireValid(key);
    long millis = expiryMillis(expiry);
    if (millis == 0) {
      return guarded("touch", key, () -> script(Scripts.PERSIST, args -> args.addKey(key))) == 1;
    }
    return guarded(
            "touch",
            key,
            () -> dispatch(CommandType.PEXPIRE, new Outputs.Count(), args().addKey(key).add(millis)))
        == 1;
  }

  @Override
  public void deleteWhenReachable(String key, byte[] ifHolding) {
    if (key != null && ifHolding != null) {
      lateDeletes.add(server, key, ifHolding);
    }
  }

  /** The configured item size less the longest key: 1,048,326 bytes by default. */
  @Override
  public int maxItemBytes() {
    return settings.itemSize() - MemcachedKeys.LONGEST_KEY_BYTES;
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * The server's {@code INFO}, one field per line of it ({@code used_memory}, {@code
   * keyspace_hits}, {@code connected_clients}, ...), under {@code host:port}, with {@code breaker
   * -> open} or {@code closed}; {@code error -> <why>} when it does not answer.
   */
  @Override
  public Map<String, Map<String, String>> serverStatistics() {
    Map<String, String> stats = new TreeMap<>();
    try {
      String info = await(dispatch(CommandType.INFO, new Outputs.Text(), args()));
      for (String line : info.split("\r?\n")) {
        int colon = line.indexOf(':');
        if (!line.startsWith("#") && colon > 0) {
          stats.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      stats.put("error", reason(e));
    }
    stats.put("breaker", breaker.isOpen() ? "open" : "closed");
    Map<String, Map<String, String>> perServer = new LinkedHashMap<>();
    perServer.put(settings.address(), Collections.unmodifiableMap(stats));
    return perServer;
  }

  /**
   * Closes the connection and stops Lettuce's threads, waiting at most the connect timeout; the
   * rest of a shutdown a frozen server holds up happens on a daemon thread.
   */
  @Override
  public void close() {
    closed = true;
    lateDeletes.close();
    Shutdowns.within(settings.connectTimeout(), "cachet-redis-close", this::shutdownClient);
  }

  private void shutdownClient() {
    try {
      // The client closes its connection itself; closing it first makes Lettuce warn.
      client.shutdown(Duration.ZERO, settings.connectTimeout());
      resources.shutdown(0, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      LOG.warn("closing {} failed", description, e);
    }
  }

  // ------------------------------------------------------------------ plumbing

  private static CommandArgs<String, Item> args() {
    return Calls.args();
  }

  private Item newItem(byte[] value) {
    return calls.newItem(value);
  }

  private boolean tooLarge(String key, byte[] value) {
    return calls.tooLarge(key, value);
  }

  private TransportException refusedAsTooLarge(String operation, String key, byte[] value) {
    return calls.refusedAsTooLarge(operation, key, value);
  }

  private static long expiryMillis(Duration expiry) {
    return Calls.expiryMillis(expiry);
  }

  /** Writes commands built beforehand to the connection in one flush; refused at once while none is open. */
  private void dispatch(List<RedisCommand<String, Item, ?>> batch) {
    StatefulRedisConnection<String, Item> open = connection;
    if (open == null) {
      Throwable why = lastConnectFailure;
      throw new TransportException(
          "not connected to " + description + (why == null ? " yet" : ": " + reason(why)));
    }
    open.dispatch(batch);
  }

  /** Sends one command on the connection; refused at once while none is open. */
  private <T> RedisFuture<T> dispatch(
      CommandType type, CommandOutput<String, Item, T> output, CommandArgs<String, Item> args) {
    StatefulRedisConnection<String, Item> open = connection;
    if (open == null) {
      Throwable why = lastConnectFailure;
      throw new TransportException(
          "not connected to " + description + (why == null ? " yet" : ": " + reason(why)));
    }
    return open.async().dispatch(type, output, args);
  }

  private CompletableFuture<Long> script(Scripts script, Consumer<CommandArgs<String, Item>> keysAndArgs) {
    return calls.script(this::dispatch, script, keysAndArgs);
  }

  /** {@link Calls#guarded} through this server's breaker; an answer lets {@link LateDeletes} go on. */
  private <T> T guarded(String operation, Object subject, Supplier<? extends Future<T>> command) {
    T result = calls.guarded(operation, subject, breaker, command);
    lateDeletes.serverAnswered();
    return result;
  }

  private <T> T await(Future<T> future) throws Exception {
    return calls.await(future);
  }

  private static String reason(Throwable cause) {
    return Calls.reason(cause);
  }
}
