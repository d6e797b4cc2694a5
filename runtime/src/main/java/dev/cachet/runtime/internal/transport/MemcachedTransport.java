package dev.cachet.runtime.internal.transport;

import com.google.code.yanf4j.core.Session;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.exception.MemcachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of memcached servers through Xmemcached, raw bytes in and out.
 *
 * <ul>
 *   <li>Keys are spread by consistent hashing (ketama, with the server of recent keys remembered:
 *       {@link RememberingSessionLocator}). Xmemcached's failure mode is on: when a server dies,
 *       its keys fail at once (the caller's delegate answers) instead of moving to the live
 *       servers, and Xmemcached reconnects in the background every
 *       {@link MemcachedSettings#reconnectInterval()}. A key that moved would be read and written on
 *       a server its invalidations never reached, and read again on its own server if that came
 *       back with its contents: an invalidated value brought back (docs/consistency.md).
 *   <li>A namespace's generation has a copy on every server ({@link #everywhere}), read beside the
 *       entry it governs ({@link #beside}): keys that name their server, which the locator sends
 *       there.
 *   <li>Every operation waits at most {@link MemcachedSettings#operationTimeout()} for its reply; any
 *       fault, timeout or server error is a {@link TransportException}.
 *   <li>Values are stored with flags 0 and neither compressed nor serialized here.
 * </ul>
 *
 * <p>Creating the transport never fails because a server is down: unreachable servers are retried
 * in the background, and operations fail fast (no live server) or go to the live servers.
 *
 * <p>A server that is frozen rather than dead (SIGSTOP, a stalled host) keeps its TCP connection,
 * so its keys do not move. Each server has a {@link CircuitBreaker}: after
 * {@link MemcachedSettings#timeoutsToOpen()} consecutive timeouts, operations on its keys fail at
 * once for {@link MemcachedSettings#coolOff()}, then one probe is let through, and an answer closes
 * the breaker. The server of a key is the one Xmemcached's session locator picks. A lookup whose
 * keys live on several servers is sent to every server at once ({@link ServerExchanges}), within
 * one op timeout in all, and each server's breaker is told its own outcome, so a timeout is
 * charged to the server that caused it. Writes that must be applied in order are pipelined only
 * on a server probed to be memcached ({@link #writeSequences}, {@link InOrderServers}). Xmemcached also sends {@code version} as a
 * heartbeat on a connection idle for 5 s, and backs off between reconnection attempts (1, 2, 3...
 * times the reconnect interval).
 *
 * <p>An {@code add} that timed out may still be applied: a frozen server executes the commands
 * queued on its connection when it wakes. Such an add (a lease, a namespace generation) would be
 * left behind by a caller that believes it failed; a lease left so would make other callers wait
 * for a computation nobody runs, up to the lock timeout. So the transport remembers each add that
 * timed out and, once that server answers again, deletes the item in the background if it still
 * holds exactly the bytes of that add (leases and generations are random, so the bytes are ours).
 * A {@code cas} that timed out is left alone: it is conditional, so applied late it stores only
 * what it would have stored in time.
 *
 * <p>Compare-and-swap ids are memcached's CAS uniques, which start at 1. Id 0 means "no id": a
 * server started with {@code -C} answers every {@code gets} with it, and the binary protocol
 * reads a {@code cas} with id 0 as an unconditional {@code set}. So {@link #gets} treats an id of
 * 0 as a fault and {@link #cas} never sends one. A value too large for one item is refused by the
 * server; the text protocol keeps the held item, the binary protocol (SASL) removes it, as it
 * does for a {@code set}.
 *
 * <p>How the client is configured (socket buffers, SASL) is {@link MemcachedClients}'s.
 */
public final class MemcachedTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(MemcachedTransport.class);
  /**
   * How often a server that closed the probe's connection unanswered is probed again: rarely,
   * since twemproxy always does so, but not never, since so does a balancer whose server was down.
   */
  static final Duration CLOSED_PROBE_RECHECK = Duration.ofSeconds(30);

  private final MemcachedClient client;
  /** Single-key gets that Xmemcached may merge with other callers'. */
  private final MergeableGets mergeable;
  private final MemcachedSessionLocatorView locator;
  private final MemcachedSettings settings;
  private final long operationTimeoutMillis;
  private final String description;
  private final ConcurrentHashMap<InetSocketAddress, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  /** The configured servers, resolved. */
  private final List<InetSocketAddress> servers;
  /** The names {@link #beside} gave, per server and key: a hit builds no string. */
  private final ConcurrentHashMap<InetSocketAddress, ConcurrentHashMap<String, String>> scopedKeys =
      new ConcurrentHashMap<>();
  /** Timed-out adds and failed releases, undone once their server answers. */
  private final LateDeletes lateDeletes;
  /** Reads waiting for their answer; with others in flight a read's gets may merge with theirs. */
  private final AtomicInteger readsInFlight = new AtomicInteger();
  /** Commands to several servers at once, each server's outcome its own. */
  private final ServerExchanges exchanges;
  /** The servers known to apply one connection's commands in order. */
  private final InOrderServers inOrder;
  private MemcachedTransport(
      MemcachedClient client,
      CommandFactory commands,
      MemcachedSessionLocatorView locator,
      MemcachedSettings settings,
      List<InetSocketAddress> servers,
      String description,
      InOrderServers inOrder) {
    this.client = client;
    this.inOrder = inOrder;
    this.servers = List.copyOf(servers);
    this.mergeable = new MergeableGets(client, commands);
    this.locator = locator;
    this.settings = settings;
    this.operationTimeoutMillis = settings.operationTimeout().toMillis();
    this.description = description;
    this.lateDeletes =
        new LateDeletes(
            new LateDeletes.Store() {
              @Override
              public byte[] get(String key) throws Exception {
                return client.get(key, operationTimeoutMillis, RawBytesTranscoder.INSTANCE);
              }

              @Override
              public void delete(String key) throws Exception {
                client.delete(key, operationTimeoutMillis);
              }
            },
            server -> {
              CircuitBreaker breaker = breakers.get(server);
              return breaker != null && breaker.isOpen();
            });
    this.exchanges =
        new ServerExchanges(
            client,
            commands,
            locator::serverOf,
            this::breakerOf,
            lateDeletes::serverAnswered,
            description,
            " timed out " + settings.timeoutsToOpen() + " times in a row; it is probed again every "
                + settings.coolOff().toMillis() + " ms");
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
    List<InetSocketAddress> servers = MemcachedSettings.socketAddresses(settings.servers());
    // Before Xmemcached looks the addresses up, which would turn 127.0.0.1 into localhost.
    String description =
        "memcached "
            + servers.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(" "));
    RememberingSessionLocator locator = new RememberingSessionLocator();
    CommandFactory commands = settings.authenticated() ? new BinaryCommandFactory() : new TextCommandFactory();
    long connectNanos = settings.connectTimeout().toNanos();
    long started = System.nanoTime();
    InOrderServers inOrder =
        new InOrderServers(
            !settings.authenticated(),
            (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()),
            settings.reconnectInterval().toNanos(),
            CLOSED_PROBE_RECHECK.toNanos(),
            System::nanoTime);
    // The probes run while the client connects, and are waited for only within the same connect
    // timeout: a pool that is down or frozen at start is no slower to open for being probed.
    InOrderServers.Probes probes = inOrder.probeAll(servers);
    MemcachedClient client;
    try {
      client = MemcachedClients.build(settings, servers, locator, commands);
    } catch (RuntimeException e) {
      inOrder.close();
      throw e;
    }
    probes.await(started + connectNanos);
    return new MemcachedTransport(
        client, commands, key -> serverOf(locator, key), settings, servers, description, inOrder);
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    Map<InetSocketAddress, List<String>> byServer = new LinkedHashMap<>();
    for (String key : keys) {
      byServer.computeIfAbsent(locator.serverOf(key), s -> new ArrayList<>()).add(key);
    }
    if (byServer.size() == 1) {
      Map.Entry<InetSocketAddress, List<String>> only = byServer.entrySet().iterator().next();
      return getFrom(only.getKey(), keys, operationTimeoutMillis);
    }
    // Every server at once, one multi-get each, within one op timeout; each server's breaker is
    // charged with its own outcome.
    return exchanges.getAll(keys, operationTimeoutMillis);
  }

  /**
   * Pipelines a sequence on one connection when all its writes go to one server that is known to
   * apply a connection's commands in order ({@link InOrderServers}): memcached then applies each
   * after the one before, one round trip for the whole sequence. Otherwise (a proxy, which may
   * send two keys to two servers and order neither, or a server not probed yet) each write of a
   * sequence is sent once the one before it was acknowledged. Every sequence's next writes go at
   * once, to every server, and are awaited within one op timeout.
   */
  @Override
  public List<TransportException> writeSequences(List<List<Write>> sequences) {
    int count = sequences.size();
    TransportException[] faults = new TransportException[count];
    boolean[] pipelined = new boolean[count];
    int[] next = new int[count];
    for (int i = 0; i < count; i++) {
      List<Write> sequence = sequences.get(i);
      InetSocketAddress first = null;
      boolean oneServer = true;
      for (Write write : sequence) {
        MemcachedKeys.requireValid(write.key());
        InetSocketAddress server = locator.serverOf(write.key());
        if (first == null) {
          first = server;
        } else if (!first.equals(server)) {
          oneServer = false;
        }
      }
      pipelined[i] = sequence.size() > 1 && first != null && oneServer && inOrder.inOrder(first);
    }
    while (true) {
      List<ServerExchanges.Outgoing> round = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        List<Write> sequence = sequences.get(i);
        if (faults[i] != null || next[i] >= sequence.size()) {
          continue;
        }
        int until = pipelined[i] ? sequence.size() : next[i] + 1;
        for (int w = next[i]; w < until; w++) {
          Write write = sequence.get(w);
          int exptime = write.isDelete() ? 0 : Exptime.of(write.expiry(), settings.clock());
          round.add(new ServerExchanges.Outgoing(i, write, exptime));
        }
        next[i] = until;
      }
      if (round.isEmpty()) {
        break;
      }
      exchanges.write(round, faults, operationTimeoutMillis);
    }
    return new ArrayList<>(Arrays.asList(faults));
  }

  /**
   * Reads {@code keys} of one server in one round trip. Alone, as one multi-get: one request,
   * whatever the timing. With other reads in flight, as one single-key get per key, which
   * Xmemcached may merge with the gets of other callers (see {@link MergeableGets}).
   */
  private Map<String, byte[]> getFrom(InetSocketAddress server, Collection<String> keys, long timeoutMillis) {
    String what = keys.size() == 1 ? keys.iterator().next() : keys.size() + " keys";
    boolean othersInFlight = readsInFlight.getAndIncrement() > 0;
    try {
      if (othersInFlight || keys.size() == 1) {
        return guarded("get", what, server, () -> mergeable.get(keys, timeoutMillis));
      }
      Map<String, byte[]> found =
          guarded("get", what, server, () -> client.get(keys, timeoutMillis, RawBytesTranscoder.INSTANCE));
      return found == null ? new HashMap<>() : found;
    } finally {
      readsInFlight.decrementAndGet();
    }
  }

  @Override
  public void set(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    int exptime = Exptime.of(expiry, settings.clock());
    boolean stored =
        guarded(
            "set",
            key,
            locator.serverOf(key),
            () -> client.set(key, exptime, value, RawBytesTranscoder.INSTANCE, operationTimeoutMillis));
    if (!stored) {
      throw new TransportException("set " + key + " was not stored by " + description);
    }
  }

  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    int exptime = Exptime.of(expiry, settings.clock());
    InetSocketAddress server = locator.serverOf(key);
    try {
      return guarded(
          "add", key, server, () -> client.add(key, exptime, value, RawBytesTranscoder.INSTANCE, operationTimeoutMillis));
    } catch (TransportException e) {
      if (server != null && e.getCause() instanceof TimeoutException) {
        lateDeletes.add(server, key, value);
      }
      throw e;
    }
  }

  /**
   * Queued with the timed-out adds: a lease whose release failed is deleted as soon as its server
   * answers, so the others need not wait for it to lapse.
   */
  @Override
  public void deleteWhenReachable(String key, byte[] ifHolding) {
    InetSocketAddress server = locator.serverOf(key);
    if (server != null && ifHolding != null) {
      lateDeletes.add(server, key, ifHolding);
    }
  }

  /**
   * {@code key}'s copy on {@code neighbour}'s server, named after that server ({@code
   * image/gen@10.0.0.1:11211}, {@link
   * dev.cachet.runtime.internal.value.WireFormat#generationCopy}), so that one lookup reads a
   * namespace's generation and an entry from the same server, in one round trip, whichever server
   * that is.
   */
  @Override
  public String beside(String key, String neighbour) {
    InetSocketAddress server = locator.serverOf(neighbour);
    if (server == null) {
      return key; // nothing connected: the lookup fails at once anyway
    }
    return scopedKeys
        .computeIfAbsent(server, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(key, k -> RememberingSessionLocator.scopedKey(k, server));
  }

  /** {@code key}'s copy on every configured server, in the configured order, down or not. */
  @Override
  public List<String> everywhere(String key) {
    List<String> keys = new ArrayList<>(servers.size());
    for (InetSocketAddress server : servers) {
      keys.add(RememberingSessionLocator.scopedKey(key, server));
    }
    return keys;
  }

  @Override
  public boolean touch(String key, Duration expiry) {
    MemcachedKeys.requireValid(key);
    int exptime = Exptime.of(expiry, settings.clock());
    return guarded("touch", key, locator.serverOf(key), () -> client.touch(key, exptime, operationTimeoutMillis));
  }

  @Override
  public boolean delete(String key) {
    return guarded("delete", key, locator.serverOf(key), () -> client.delete(key, operationTimeoutMillis));
  }

  /**
   * A {@code gets} of one key; Xmemcached may merge it with other callers' {@code gets} on the
   * connection, as it does single-key gets. Unlike a lookup (see {@code awaitAnswers}), a merged
   * {@code gets} whose connection closes waits out its op timeout: a lease is taken once per
   * miss, not once per hit, so the rare wait was not worth a second copy of Xmemcached's steps.
   *
   * @throws TransportException also when the server keeps no CAS ids (started with {@code -C}):
   *     nothing could be stored conditionally there, and a fault is counted where "never stored"
   *     would go unseen
   */
  @Override
  public Versioned gets(String key) {
    MemcachedKeys.requireValid(key);
    GetsResponse<byte[]> found =
        guarded(
            "gets",
            key,
            locator.serverOf(key),
            () -> client.gets(key, operationTimeoutMillis, RawBytesTranscoder.INSTANCE));
    if (found == null) {
      return null;
    }
    if (found.getCas() == 0) {
      throw new TransportException(
          "gets " + key + " on " + description
              + ": the server gave no compare-and-swap id (memcached -C turns them off)");
    }
    return new Versioned(found.getValue(), found.getCas());
  }

  /**
   * No undo is queued when this times out, unlike an {@link #add}: the server applies a late
   * {@code cas} only if the key still holds the item read, and then the value is as good as it
   * was when sent, while an undo could delete a value stored rightly.
   */
  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    int exptime = Exptime.of(expiry, settings.clock());
    if (casId == 0) {
      // No gets returns 0 (see gets); sent, the binary protocol would store it unconditionally.
      return false;
    }
    return guarded(
        "cas",
        key,
        locator.serverOf(key),
        () -> client.cas(key, exptime, value, RawBytesTranscoder.INSTANCE, operationTimeoutMillis, casId));
  }

  /**
   * Runs one Xmemcached call to {@code server} through its circuit breaker: refused at once while
   * the breaker is open, and its outcome reported to the breaker. {@code server} is {@code null}
   * when no server is connected; Xmemcached then fails fast by itself.
   */
  private <T> T guarded(String operation, String key, InetSocketAddress server, ClientCall<T> call) {
    CircuitBreaker breaker = server == null ? null : breakerOf(server);
    CircuitBreaker.Permit permit = breaker == null ? CircuitBreaker.Permit.PASS : breaker.tryAcquire();
    if (permit == CircuitBreaker.Permit.REFUSED) {
      throw new TransportException(
          operation + " " + key + " refused at once: " + server.getHostString() + ":" + server.getPort()
              + " timed out " + settings.timeoutsToOpen() + " times in a row; it is probed again every "
              + settings.coolOff().toMillis() + " ms");
    }
    try {
      T result = call.run();
      if (breaker != null) {
        breaker.onSuccess();
      }
      lateDeletes.serverAnswered();
      return result;
    } catch (TimeoutException e) {
      if (breaker != null) {
        breaker.onTimeout(permit);
        if (breaker.isOpen() && permit != CircuitBreaker.Permit.PROBE) {
          LOG.debug(
              "circuit breaker of {} is open ({} openings so far)", server, breaker.timesOpened());
        }
      }
      throw fault(operation, key, e);
    } catch (MemcachedException | RuntimeException e) {
      if (breaker != null) {
        breaker.onOtherFailure(permit);
      }
      throw fault(operation, key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (breaker != null) {
        breaker.onOtherFailure(permit);
      }
      throw fault(operation, key, e);
    }
  }

  private CircuitBreaker breakerOf(InetSocketAddress server) {
    CircuitBreaker breaker = breakers.get(server);
    if (breaker != null) {
      return breaker;
    }
    return breakers.computeIfAbsent(
        server,
        s -> new CircuitBreaker(settings.timeoutsToOpen(), settings.coolOff().toNanos(), System::nanoTime));
  }

  private static InetSocketAddress serverOf(MemcachedSessionLocator locator, String key) {
    Session session = locator.getSessionByKey(key);
    return session == null ? null : session.getRemoteSocketAddress();
  }

  /** One call into Xmemcached, with the exceptions its methods declare. */
  @FunctionalInterface
  private interface ClientCall<T> {
    T run() throws TimeoutException, InterruptedException, MemcachedException;
  }

  /** The server Xmemcached sends a key to, or {@code null} when none is connected. */
  @FunctionalInterface
  private interface MemcachedSessionLocatorView {
    InetSocketAddress serverOf(String key);
  }

  /**
   * Each configured server's reply to {@code stats}, one round trip per server, each waiting at
   * most the operation timeout; a server that does not answer maps to {@code error -> <why>}.
   * Every server's map also holds {@code breaker -> open} or {@code closed}, its circuit breaker's
   * state, which memcached's own fields never name.
   */
  @Override
  public Map<String, Map<String, String>> serverStatistics() {
    Map<String, Map<String, String>> perServer = new LinkedHashMap<>();
    for (InetSocketAddress server : MemcachedSettings.socketAddresses(settings.servers())) {
      String name = server.getHostString() + ":" + server.getPort();
      Map<String, String> stats = new TreeMap<>();
      try {
        Map<String, String> reply = client.stats(server, operationTimeoutMillis);
        // A live memcached always answers with dozens of fields; Xmemcached returns nothing for
        // a server whose connection it has lost.
        if (reply == null || reply.isEmpty()) {
          stats.put("error", "no reply: not connected");
        } else {
          stats.putAll(reply);
        }
      } catch (TimeoutException | MemcachedException | RuntimeException e) {
        stats.put("error", String.valueOf(e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stats.put("error", "interrupted");
      }
      CircuitBreaker breaker = breakers.get(server);
      stats.put("breaker", breaker != null && breaker.isOpen() ? "open" : "closed");
      perServer.put(name, Collections.unmodifiableMap(stats));
    }
    return perServer;
  }

  /** The configured item limit minus the longest key: 1,048,267 for memcached's default {@code -I 1m}. */
  @Override
  public int maxItemBytes() {
    return settings.itemSize() - MemcachedKeys.LONGEST_KEY_BYTES;
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
    lateDeletes.close();
    inOrder.close();
    Shutdowns.within(settings.connectTimeout(), "cachet-memcached-close", this::shutdownClient);
  }

  private void shutdownClient() {
    try {
      client.shutdown();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing {} failed", description, e);
    }
  }

  private TransportException fault(String operation, String key, Exception cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new TransportException(operation + " " + key + " on " + description + ": " + reason, cause);
  }
}
