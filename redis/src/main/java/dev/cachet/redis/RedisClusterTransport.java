package dev.cachet.redis;

import dev.cachet.runtime.internal.transport.CircuitBreaker;
import dev.cachet.runtime.internal.transport.LateDeletes;
import dev.cachet.runtime.internal.transport.MemcachedKeys;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A Redis Cluster through Lettuce's {@code RedisClusterClient}: one connection per primary, shared
 * by every thread, commands routed by slot, {@code MOVED} and {@code ASK} followed, the topology
 * refreshed periodically and on redirects and reconnects ({@link ClusterConnector}). The package
 * description has the protocol; in short:
 *
 * <ul>
 *   <li>Every key is sent under its bucket's hash tag ({@link Buckets}); a namespace's generation
 *       has a copy per bucket, read beside the entries of that bucket, so a hit is one {@code MGET}
 *       on one primary and losing a primary loses about 1/N of every namespace.
 *   <li>Each primary has its own circuit breaker: a frozen one fails open its share of the calls only.
 *   <li>Invalidations, the {@code DEL} of an entry and the {@code SET} of a generation copy with
 *       the change mark beside each, are confirmed: every primary's share of a call pipelined on
 *       its connection with one {@code WAIT} ({@link ClusterSequences}; a single write, {@link
 *       ConfirmedWrites}), acknowledged only once every replica the topology gives the owner has
 *       them, so a failover keeps them. Anything less is that sequence's fault, and the runtime
 *       retries the invalidation.
 * </ul>
 */
public final class RedisClusterTransport implements Transport {
  private final RedisSettings settings;
  private final String description;
  private final Calls calls;
  private final ClusterConnector connector;
  /** One breaker per primary, by node id; {@link #unowned} for a slot no primary holds. */
  private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final CircuitBreaker unowned;
  private final LateDeletes lateDeletes;
  private final ConfirmedWrites confirmed;
  private final ClusterSequences sequences;

  private RedisClusterTransport(RedisSettings settings) {
    this.settings = settings;
    this.description = settings.describeCluster();
    this.calls = new Calls(settings, description);
    this.connector = new ClusterConnector(settings, description);
    this.unowned = newBreaker();
    this.confirmed = new ConfirmedWrites(connector, description, settings.operationTimeout());
    this.sequences =
        new ClusterSequences(
            connector, calls, description, settings.operationTimeout(),
            node -> node.getNodeId() == null ? unowned : breakerOf(node.getNodeId()));
    this.lateDeletes =
        new LateDeletes(
            new LateDeletes.Store() {
              @Override
              public byte[] get(String key) throws Exception {
                return calls.await(dispatch(CommandType.GET, new Outputs.Payload(), keyed(key)));
              }

              @Override
              public void delete(String key) throws Exception {
                calls.await(dispatch(CommandType.DEL, new Outputs.Count(), keyed(key)));
              }
            },
            server -> breakerAt(server).isOpen());
  }

  /** Opens the transport; waits at most the connect timeout for the cluster's topology. */
  static RedisClusterTransport connect(RedisSettings settings) {
    RedisClusterTransport transport = new RedisClusterTransport(Objects.requireNonNull(settings, "settings"));
    transport.connector.start();
    return transport;
  }

  // ------------------------------------------------------------------ the operations

  /**
   * One {@code MGET} per bucket among {@code keys}, all sent before any is awaited. Each bucket's
   * outcome is its primary's: when some primaries fail (down, frozen, behind an open breaker) and
   * others answer, a {@link Transport.PartialRead} carries what the others hold, so that losing
   * one primary costs only its keys.
   */
  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    List<String> ordered = keys instanceof List<String> list ? list : new ArrayList<>(keys);
    int first = Buckets.of(ordered.get(0));
    boolean oneBucket = true;
    for (int i = 1; i < ordered.size() && oneBucket; i++) {
      oneBucket = Buckets.of(ordered.get(i)) == first;
    }
    if (oneBucket) {
      return guarded("get", ordered, first, () -> mget(ordered, first));
    }
    Map<Integer, List<String>> byBucket = new LinkedHashMap<>();
    for (String key : ordered) {
      byBucket.computeIfAbsent(Buckets.of(key), unused -> new ArrayList<>()).add(key);
    }
    Map<Integer, Future<Map<String, byte[]>>> sent = new LinkedHashMap<>();
    // A bucket behind an open breaker is not sent: guarded below refuses it at once.
    byBucket.forEach((bucket, group) -> sent.put(bucket, breakerFor(bucket).isOpen() ? null : sendQuietly(() -> mget(group, bucket))));
    Map<String, byte[]> found = new HashMap<>(ordered.size() * 4 / 3 + 1);
    Set<String> unanswered = new LinkedHashSet<>();
    TransportException firstFault = null;
    int failedBuckets = 0;
    for (Map.Entry<Integer, Future<Map<String, byte[]>>> reply : sent.entrySet()) {
      List<String> group = byBucket.get(reply.getKey());
      Future<Map<String, byte[]>> answer = reply.getValue();
      try {
        found.putAll(
            guarded("get", group, reply.getKey(), () -> answer != null ? answer : mget(group, reply.getKey())));
      } catch (TransportException fault) {
        firstFault = firstFault == null ? fault : firstFault;
        failedBuckets++;
        unanswered.addAll(group);
      }
    }
    if (firstFault == null) {
      return found;
    }
    if (failedBuckets == byBucket.size()) {
      throw firstFault;
    }
    throw new Transport.PartialRead(
        "get " + ordered.size() + " keys on " + description + ": " + unanswered.size()
            + " unanswered, their primaries failed: " + firstFault.getMessage(),
        found, unanswered, firstFault);
  }

  private RedisFuture<Map<String, byte[]>> mget(List<String> group, int bucket) {
    CommandArgs<String, Item> args = Calls.args();
    for (String key : group) {
      args.addKey(Buckets.wire(key, bucket));
    }
    return dispatch(CommandType.MGET, new Outputs.Payloads(group), args);
  }

  /** {@code SET}, with {@code PX} when it expires; confirmed on the replicas for a generation copy. */
  @Override
  public void set(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    long millis = Calls.expiryMillis(expiry);
    if (calls.tooLarge(key, value)) {
      try {
        delete(key);
      } catch (TransportException alsoDown) {
        // The refusal below is what the caller must learn.
      }
      throw calls.refusedAsTooLarge("set", key, value);
    }
    int bucket = Buckets.of(key);
    CommandArgs<String, Item> args = keyed(key, bucket).addValue(calls.newItem(value));
    if (millis > 0) {
      args.add("PX").add(millis);
    }
    String reply =
        Buckets.isCopy(key)
            ? guarded("set", key, bucket, () -> confirmed.write("set", key, bucket, CommandType.SET, Outputs.Text::new, args))
            : guarded("set", key, bucket, () -> dispatch(CommandType.SET, new Outputs.Text(), args));
    if (!"OK".equals(reply)) {
      throw new TransportException("set " + key + " was not stored by " + description + ": " + reply);
    }
  }

  /** {@code SET ... NX}. One that timed out is undone once its primary answers. */
  @Override
  public boolean add(String key, byte[] value, Duration expiry) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    long millis = Calls.expiryMillis(expiry);
    if (calls.tooLarge(key, value)) {
      throw calls.refusedAsTooLarge("add", key, value);
    }
    int bucket = Buckets.of(key);
    CommandArgs<String, Item> args = keyed(key, bucket).addValue(calls.newItem(value)).add("NX");
    if (millis > 0) {
      args.add("PX").add(millis);
    }
    try {
      return "OK".equals(guarded("add", key, bucket, () -> dispatch(CommandType.SET, new Outputs.Text(), args)));
    } catch (TransportException e) {
      if (e.getCause() instanceof TimeoutException) {
        lateDeletes.add(addressOf(bucket), key, value);
      }
      throw e;
    }
  }

  /** {@code DEL}, confirmed on the owner's replicas: an invalidation must survive a failover. */
  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    int bucket = Buckets.of(key);
    CommandArgs<String, Item> args = keyed(key, bucket);
    return guarded("delete", key, bucket, () -> confirmed.write("delete", key, bucket, CommandType.DEL, Outputs.Count::new, args)) > 0;
  }

  /**
   * Every sequence at once: each primary's share pipelined on its connection, in order, with one
   * {@code WAIT} for its invalidations ({@link ClusterSequences}); each sequence's outcome its own.
   */
  @Override
  public List<TransportException> writeSequences(List<List<Write>> writes) {
    List<TransportException> outcomes = sequences.write(writes);
    if (outcomes.contains(null)) {
      lateDeletes.serverAnswered();
    }
    return outcomes;
  }

  @Override
  public Versioned gets(String key) {
    MemcachedKeys.requireValid(key);
    int bucket = Buckets.of(key);
    Versioned found =
        guarded("gets", key, bucket, () -> dispatch(CommandType.GET, new Outputs.VersionedItem(), keyed(key, bucket)));
    if (found != null && found.casId() == 0) {
      throw new TransportException(
          "gets " + key + " on " + description + ": the item was not written by Cachet (shorter than its version)");
    }
    return found;
  }

  /** The {@link Scripts#CAS} script on the key's primary; {@code NOSCRIPT} there is answered by one {@code EVAL}. */
  @Override
  public boolean cas(String key, byte[] value, Duration expiry, long casId) {
    MemcachedKeys.requireValid(key);
    Objects.requireNonNull(value, "value");
    long millis = Calls.expiryMillis(expiry);
    if (calls.tooLarge(key, value)) {
      throw calls.refusedAsTooLarge("cas", key, value);
    }
    if (casId == 0) {
      return false;
    }
    Item item = calls.newItem(value);
    int bucket = Buckets.of(key);
    String wire = Buckets.wire(key, bucket);
    return guarded(
            "cas",
            key,
            bucket,
            () -> calls.script(
                this::dispatch, Scripts.CAS, args -> args.addKey(wire).add(Item.versionBytes(casId)).addValue(item).add(millis)))
        == 1;
  }

  @Override
  public boolean touch(String key, Duration expiry) {
    MemcachedKeys.requireValid(key);
    long millis = Calls.expiryMillis(expiry);
    int bucket = Buckets.of(key);
    String wire = Buckets.wire(key, bucket);
    if (millis == 0) {
      return guarded("touch", key, bucket, () -> calls.script(this::dispatch, Scripts.PERSIST, args -> args.addKey(wire))) == 1;
    }
    return guarded(
            "touch", key, bucket, () -> dispatch(CommandType.PEXPIRE, new Outputs.Count(), keyed(key, bucket).add(millis)))
        == 1;
  }

  @Override
  public void deleteWhenReachable(String key, byte[] ifHolding) {
    if (key != null && ifHolding != null) {
      lateDeletes.add(addressOf(Buckets.of(key)), key, ifHolding);
    }
  }

  /** {@code key}'s copy in {@code neighbour}'s bucket: same slot, so same primary, same {@code MGET}. */
  @Override
  public String beside(String key, String neighbour) {
    return Buckets.copy(key, Buckets.of(neighbour));
  }

  /** {@code key}'s copy in every bucket: {@value Buckets#COUNT} keys, whatever the cluster's size. */
  @Override
  public List<String> everywhere(String key) {
    return Buckets.copies(key);
  }

  @Override
  public int maxItemBytes() {
    return settings.itemSize() - MemcachedKeys.LONGEST_KEY_BYTES;
  }

  @Override
  public String describe() {
    return description;
  }

  /** {@code INFO} of every node the topology names, primaries and replicas, with its role and breaker. */
  @Override
  public Map<String, Map<String, String>> serverStatistics() {
    return connector.serverStatistics(calls, node -> node.getNodeId() == null ? unowned : breakerOf(node.getNodeId()));
  }

  /** Closes the connections and stops Lettuce's threads, waiting at most the connect timeout. */
  @Override
  public void close() {
    lateDeletes.close();
    connector.close();
  }

  // ------------------------------------------------------------------ plumbing

  private <T> RedisFuture<T> dispatch(
      CommandType type, CommandOutput<String, Item, T> output, CommandArgs<String, Item> args) {
    return connector.connection().async().dispatch(type, output, args);
  }

  /** A future of {@code send}, or one failed with why it could not be sent. */
  private static <T> Future<T> sendQuietly(Supplier<? extends Future<T>> send) {
    try {
      return send.get();
    } catch (RuntimeException notSent) {
      return CompletableFuture.failedFuture(notSent);
    }
  }

  private static CommandArgs<String, Item> keyed(String key, int bucket) {
    return Calls.args().addKey(Buckets.wire(key, bucket));
  }

  private static CommandArgs<String, Item> keyed(String key) {
    return keyed(key, Buckets.of(key));
  }

  /** {@link Calls#guarded} through the breaker of the bucket's primary. */
  private <T> T guarded(String operation, Object subject, int bucket, Supplier<? extends Future<T>> command) {
    T result = calls.guarded(operation, subject, breakerFor(bucket), command);
    lateDeletes.serverAnswered();
    return result;
  }

  private CircuitBreaker breakerFor(int bucket) {
    RedisClusterNode owner = connector.ownerOf(Buckets.slot(bucket));
    return owner == null ? unowned : breakerOf(owner.getNodeId());
  }

  private CircuitBreaker breakerOf(String nodeId) {
    CircuitBreaker breaker = breakers.get(nodeId);
    return breaker != null ? breaker : breakers.computeIfAbsent(nodeId, unused -> newBreaker());
  }

  private CircuitBreaker newBreaker() {
    return new CircuitBreaker(settings.timeoutsToOpen(), settings.coolOff().toNanos(), System::nanoTime);
  }

  /** The address {@link LateDeletes} files a bucket's items under: its primary's. */
  private InetSocketAddress addressOf(int bucket) {
    RedisClusterNode owner = connector.ownerOf(Buckets.slot(bucket));
    return owner == null || owner.getUri() == null
        ? InetSocketAddress.createUnresolved("unowned", 0)
        : InetSocketAddress.createUnresolved(owner.getUri().getHost(), owner.getUri().getPort());
  }

  private CircuitBreaker breakerAt(InetSocketAddress server) {
    RedisClusterNode node = connector.nodeAt(server.getHostString(), server.getPort());
    return node == null ? unowned : breakerOf(node.getNodeId());
  }
}
