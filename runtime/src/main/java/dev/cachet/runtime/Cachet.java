package dev.cachet.runtime;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.Engine;
import dev.cachet.runtime.internal.coordination.WaitClock;
import dev.cachet.runtime.internal.settings.Region;
import dev.cachet.runtime.internal.settings.Settings;
import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.value.Compression;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A configured cache: regions with their expiry, a transport (memcached, Redis with {@code
 * cachet-redis}, or in memory) and the value pipeline. Thread-safe; share one per process and close it on shutdown.
 *
 * <pre>{@code
 * Cachet cachet = Cachet.builder()
 *     .memcached("10.0.0.1:11211 10.0.0.2:11211")
 *     .region("long_term", Duration.ofHours(1), region -> region
 *         .staleWindow(Duration.ofMinutes(5))
 *         .lockTimeout(Duration.ofSeconds(10)))
 *     .region("short_term", Duration.ofMinutes(1))
 *     .operationTimeout(Duration.ofMillis(100))
 *     .build();
 * }</pre>
 *
 * <p>No region is defined implicitly, not even {@code "default"} (the region of a
 * {@code @Cached} method that names none): a decorator whose regions are missing fails at
 * construction with a message saying how to define them.
 */
// Its superclass is what it is made of: generated code reads it there, users see nothing of it.
public final class Cachet extends Engine {
  private static final Pattern REGION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Cachet(Settings settings) {
    super(settings);
  }

  /** Starts a configuration; {@link Builder#build()} ends it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A {@link Cachet} configured by {@code cachet.*} properties: {@code
   * CachetSpec.parse(properties).toBuilder().build()}. {@link CachetSpec} lists every property.
   *
   * @throws IllegalArgumentException naming every bad or unknown property
   */
  public static Cachet fromProperties(Properties properties) {
    return CachetSpec.parse(properties).toBuilder().build();
  }

  /**
   * Drops one entry; every process sees it at its next call. Never throws for cache faults: when
   * the store does not acknowledge the delete, it is counted, logged, and retried in the
   * background until it lands or the entry would have expired anyway, and until then this process
   * serves nothing under the key. {@link #invalidateAcknowledged} says which it was.
   */
  public void invalidate(CacheKey key) {
    invalidateAcknowledged(key);
  }

  /**
   * As {@link #invalidate}, and says whether the store acknowledged the delete: {@code true}
   * means every call that begins now, in any process, computes the entry anew or reads a value
   * computed after this call began; {@code false} means it is being retried (counted as
   * {@code invalidationsUnacknowledged}), and other processes may serve the old entry until a retry
   * lands (docs/consistency.md).
   */
  public boolean invalidateAcknowledged(CacheKey key) {
    Objects.requireNonNull(key, "key");
    return invalidateEntry(key.namespace(), key.key());
  }

  /**
   * Drops every entry of a namespace in O(1) per server: a fresh random generation replaces the
   * namespace's generation on every server (each server keeps its own copy, beside the entries it
   * holds), and an entry counts only under the generation it was written with. Every process reads
   * the generation with each lookup, so it sees the change at its next call. A server that does
   * not acknowledge it is retried as {@link #invalidate} describes.
   */
  public void invalidateAll(String namespace) {
    invalidateAllAcknowledged(namespace);
  }

  /**
   * As {@link #invalidateAll}, and says whether every server acknowledged its new generation; see
   * {@link #invalidateAcknowledged}.
   */
  public boolean invalidateAllAcknowledged(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return invalidateNamespace(namespace);
  }

  /** A snapshot of the counters, per namespace, per region and in total. */
  public CacheStatistics statistics() {
    return new CacheStatistics(namespaceCounts(), namespaceRegions(), nearSyncAgeMillis());
  }

  /**
   * The store's own statistics, per server ({@code host:port}, in the configured order): for
   * memcached each server's reply to {@code stats} ({@code curr_items}, {@code bytes},
   * {@code get_hits}, {@code evictions}, ...), for the in-memory store its item count and bytes.
   * A server that does not answer maps to {@code error -> <why>}. For memcached, each server's map
   * also says {@code breaker -> open} or {@code closed}: whether its circuit breaker refuses calls
   * now. Costs one round trip per server; never throws for a fault.
   */
  public Map<String, Map<String, String>> serverStatistics() {
    return storeStatistics();
  }

  /** The store's transport, for {@link StoreInspector}. */
  Transport transport() {
    return storeTransport();
  }

  /** The names of the regions this cache defines, in the order they were defined. */
  public Set<String> regions() {
    return regionNames();
  }

  /**
   * Allows {@code classes} to be read and written by the default serializer (Apache Fory), as
   * {@link Builder#allowClasses} does before the build: for code that learns at run time what it
   * caches, such as the Spring starter's {@code CacheManager}. Generated decorators allow their
   * own classes. Adding is idempotent; a serializer other than Fory is not affected.
   */
  public void allowClasses(Class<?>... classes) {
    CachedOperation.allow(this, Cachet.class, classes);
  }

  /** As {@link #allowClasses}, by binary name ({@code com.acme.Outer$Inner}), loading nothing. */
  public void allowClassNames(String... binaryNames) {
    CachedOperation.allow(this, binaryNames);
  }

  /**
   * Allows every class of {@code packageName} and its subpackages, for callers that cannot name
   * their classes ahead of time.
   *
   * @throws IllegalArgumentException for a package of the JDK or of Apache Fory
   */
  public void allowPackage(String packageName) {
    CachedOperation.allowPackage(this, packageName);
  }

  @Override
  public String toString() {
    return "Cachet{" + describe() + "}";
  }

  /**
   * Configures a {@link Cachet}, in the style of {@code Caffeine.newBuilder()}: each setter checks
   * its argument at once ({@link IllegalArgumentException}) and refuses to be called twice
   * ({@link IllegalStateException}); {@link #build()} checks the combination.
   */
  public static final class Builder {
    /** Xmemcached's default of 5 s is far too long for a cache that must never slow a call down. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT =
        Duration.ofMillis(MemcachedSettings.DEFAULT_OPERATION_TIMEOUT_MILLIS);

    /**
     * The circuit breaker's default timeouts in a row, for configuration that sets only its cool-off
     * (the Spring Boot starter, {@link CachetSpec}): {@value}.
     */
    public static final int DEFAULT_CIRCUIT_BREAKER_TIMEOUTS = MemcachedSettings.DEFAULT_TIMEOUTS_TO_OPEN;

    /** The circuit breaker's default cool-off, for configuration that sets only its timeouts: 1 s. */
    public static final Duration DEFAULT_CIRCUIT_BREAKER_COOL_OFF =
        Duration.ofMillis(MemcachedSettings.DEFAULT_COOL_OFF_MILLIS);

    /**
     * How often a memcached server that was lost is tried again, 1 s: with the cool-off, how long
     * after a server returns its calls are cached again (the consistency checker's windows).
     */
    public static final Duration MEMCACHED_RECONNECT_INTERVAL =
        Duration.ofMillis(MemcachedSettings.DEFAULT_RECONNECT_INTERVAL_MILLIS);

    private String servers;
    private TransportProvider provider;
    private String providerKind;
    private String providerTarget;
    private boolean inMemory;
    private Transport transport;
    private final Map<String, RegionOptions> regions = new LinkedHashMap<>();
    private Duration operationTimeout;
    private Integer itemSize;
    private Integer maxValueBytes;
    private Clock clock;
    private Serializer serializer;
    private Integer breakerTimeouts;
    private Duration breakerCoolOff;
    private String username;
    private String password;
    private byte[] signingKey;
    private Integer nearSlots;
    private Duration nearStaleness;
    private final Set<Class<?>> allowedClasses = new LinkedHashSet<>();
    private WaitClock waitClock;
    private UnaryOperator<Transport> transportWrapper;

    Builder() {}

    /**
     * A memcached pool: {@code host:port} addresses separated by spaces or commas. Excludes
     * {@link #redis}, {@link #redisCluster}, {@link #inMemory()} and {@link #transport(Transport)}.
     */
    public Builder memcached(String servers) {
      Objects.requireNonNull(servers, "servers");
      List<String> addresses = MemcachedSettings.addresses(servers);
      requireNoTransport("memcached(\"" + servers + "\")");
      this.servers = String.join(" ", addresses);
      return this;
    }

    /**
     * One Redis server, by URI: {@code redis://host:6379}, {@code rediss://} for TLS, {@code
     * redis://user:password@host:port} for a password or an ACL user, {@code
     * redis-sentinel://h1:26379,h2:26379#primary} for a primary found through Sentinel. Needs the
     * artifact {@code dev.cachet:cachet-redis} on the class path (or module path). Operation timeout,
     * circuit breaker and item size apply as for memcached. A server that is down when {@link
     * #build()} runs is connected in the background: calls are answered by their delegates until
     * it is up. Excludes {@link #memcached}, {@link #redisCluster}, {@link #inMemory()} and
     * {@link #transport(Transport)}. Properties: {@code cachet.redis=redis://...}.
     *
     * @throws IllegalStateException when {@code cachet-redis} is not on the class path
     * @throws IllegalArgumentException when {@code uri} is not a Redis URI
     */
    public Builder redis(String uri) {
      return provided(TransportProvider.REDIS, "redis", uri);
    }

    /**
     * A Redis Cluster, by the URIs of any of its nodes, separated by spaces: {@code
     * "redis://10.0.0.1:7000 redis://10.0.0.2:7000"}; the client learns the others. As {@link
     * #redis} otherwise. Properties: {@code cachet.redis-cluster=redis://... redis://...}.
     *
     * @throws IllegalStateException when {@code cachet-redis} is not on the class path
     * @throws IllegalArgumentException when a URI does not parse
     */
    public Builder redisCluster(String uris) {
      return provided(TransportProvider.REDIS_CLUSTER, "redisCluster", uris);
    }

    private Builder provided(String kind, String method, String target) {
      Objects.requireNonNull(target, kind);
      if (target.isBlank()) {
        throw new IllegalArgumentException(method + "(...) needs a URI, e.g. redis://127.0.0.1:6379");
      }
      TransportProvider found = Stores.provider(kind, method);
      found.check(kind, target.trim());
      requireNoTransport(method + "(\"" + Stores.withoutPassword(target.trim()) + "\")");
      this.provider = found;
      this.providerKind = kind;
      this.providerTarget = target.trim();
      return this;
    }

    /** The embedded in-memory store (the default when no transport is chosen). */
    public Builder inMemory() {
      requireNoTransport("inMemory()");
      this.inMemory = true;
      return this;
    }

    /**
     * A transport of your own (or a wrapper around one, e.g. for measuring). The {@link Cachet}
     * closes it. Excludes {@link #memcached}, {@link #inMemory()}, {@link #operationTimeout} and
     * {@link #itemSize}, which configure the transports Cachet opens itself.
     */
    public Builder transport(Transport transport) {
      Objects.requireNonNull(transport, "transport");
      requireNoTransport("transport(" + transport.describe() + ")");
      this.transport = transport;
      return this;
    }

    /** A region whose entries are fresh for {@code expiry}, with the default options. */
    public Builder region(String name, Duration expiry) {
      return region(name, expiry, options -> {});
    }

    /**
     * A region whose entries are fresh for {@code expiry} ({@code expiration_time} in dogpile
     * terms), with more options:
     * {@code .region("long_term", Duration.ofHours(1), r -> r.staleWindow(Duration.ofMinutes(5)))}.
     */
    public Builder region(String name, Duration expiry, Consumer<RegionOptions> options) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
      if (!REGION_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "region name must be 1 to 64 of [A-Za-z0-9_-]: \"" + name + "\"");
      }
      RegionOptions region = new RegionOptions(positive("expiry of region " + name, expiry));
      options.accept(region);
      if (regions.containsKey(name)) {
        throw new IllegalStateException("region " + name + " is already defined");
      }
      regions.put(name, region);
      return this;
    }

    /** How long one transport operation may take before the call fails open (default 250 ms). */
    public Builder operationTimeout(Duration timeout) {
      positive("operation timeout", timeout);
      requireUnset(operationTimeout, "operation timeout");
      this.operationTimeout = timeout;
      return this;
    }

    /**
     * The largest item the server accepts, in bytes (memcached's {@code -I}; default 1 MiB).
     * Larger values are split into chunks.
     */
    public Builder itemSize(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("item size must be at least 1024 bytes: " + bytes);
      }
      requireUnset(itemSize, "item size");
      this.itemSize = bytes;
      return this;
    }

    /**
     * The largest value stored, in bytes after compression (default 64 MiB); a larger one is
     * logged, counted, and answered by the delegate every time.
     */
    public Builder maxValueSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("max value size must be positive: " + bytes);
      }
      requireUnset(maxValueBytes, "max value size");
      this.maxValueBytes = bytes;
      return this;
    }

    /**
     * Each memcached server's circuit breaker: after {@code timeoutsToOpen} consecutive timeouts
     * on one server, operations on its keys fail at once (and are answered by their delegates)
     * for {@code coolOff}, then one probe is let through; a success closes it. Defaults: {@value
     * MemcachedSettings#DEFAULT_TIMEOUTS_TO_OPEN} timeouts, {@value
     * MemcachedSettings#DEFAULT_COOL_OFF_MILLIS} ms. Properties:
     * {@code cachet.circuit-breaker.timeouts} and {@code cachet.circuit-breaker.cool-off}.
     */
    public Builder circuitBreaker(int timeoutsToOpen, Duration coolOff) {
      MemcachedSettings.checkCircuitBreaker(timeoutsToOpen, coolOff);
      requireUnset(breakerTimeouts, "circuit breaker");
      this.breakerTimeouts = timeoutsToOpen;
      this.breakerCoolOff = coolOff;
      return this;
    }

    /**
     * Authenticates to every memcached server with SASL PLAIN as {@code username}; the client then
     * speaks memcached's binary protocol (servers started with {@code -S}). A refused login is a
     * fault like any other: calls are answered by their delegates and counted.
     */
    public Builder authentication(String username, String password) {
      MemcachedSettings.checkAuthentication(username, password);
      requireUnset(this.username, "authentication");
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * Signs every stored item with HMAC-SHA256 under {@code key} (at least 16 bytes; 32 random
     * bytes recommended) and treats items that are unsigned or signed with another key as misses,
     * counted as decode failures with reason {@code SIGNATURE} and never deserialized. Every
     * process sharing the memcached pool needs the same key. Use it whenever anyone else can write
     * to the pool. Properties: {@code cachet.signing-key=<base64>}.
     */
    public Builder signingKey(byte[] key) {
      ValueSettings.checkSigningKey(key);
      if (signingKey != null) {
        // Not requireUnset: its message would print the key.
        throw new IllegalStateException("signing key is already set");
      }
      this.signingKey = key.clone();
      return this;
    }

    /**
     * Classes the default serializer may read and write beyond those of generated decorators and
     * the JDK's value types: the concrete classes of polymorphic fields (a field typed as an
     * interface, an abstract class or {@code Object}). The log line of a refused class names
     * exactly which class to add here. May be called more than once; the classes add up.
     */
    public Builder allowClasses(Class<?>... classes) {
      for (Class<?> type : classes) {
        allowedClasses.add(Objects.requireNonNull(type, "class"));
      }
      return this;
    }

    /**
     * Keeps up to {@code entriesPerMethod} decoded values of each {@code @Cached} method in this
     * process, in front of the store, so that a hit returns the stored object itself: no key
     * string (when every key parameter is a string, a box, an enum or another immutable scalar),
     * no bytes, no deserialization. Off by default. Misses, stores, invalidation, the stampede
     * lock and statistics work as without it; the store still holds every value, so a value that
     * cannot be serialized or is too large is still never cached.
     *
     * <p>What changes: a hit returns the <em>same instance</em> to every caller, as Spring's
     * {@code ConcurrentMapCache} and Caffeine do, instead of a fresh copy; a caller that mutates
     * a returned value changes what later callers get. Stale values are never served from it (the
     * stale window goes through the store). With the system clock an entry may be served up to
     * 1 ms past its fresh period, as from the in-memory store. Each method keeps a
     * direct-mapped table of {@code entriesPerMethod} slots (rounded up to a power of two): two
     * keys hashing to one slot replace each other, costing a read from the store, never a wrong
     * value. The tables belong to the decorator instance: create decorators once, as you create
     * the {@link Cachet}.
     *
     * <p>With memcached (or another store other processes share), an invalidation made in another
     * process stops this process's copies within one second: see {@link #nearCache(int,
     * Duration)}. An invalidation through another {@link Cachet} sharing the same in-memory
     * transport is not seen. Properties: {@code cachet.near-cache=4096}.
     */
    public Builder nearCache(int entriesPerMethod) {
      return nearCache(entriesPerMethod, Settings.DEFAULT_NEAR_STALENESS);
    }

    /**
     * {@link #nearCache(int)}, with its staleness bound over a store other processes share: an
     * invalidation made in any other process stops this process's copies from being served
     * within {@code staleness} of its acknowledgement, and in this process at once. A thread reads
     * one change mark per namespace kept near, in one request per server, every quarter of the
     * bound (four requests a second per server with the default of one second), whatever the hit
     * rate. When it cannot confirm (a server slow, down, or unreachable; the thread stalled), the
     * copies stop once the bound has passed, and reads go to the store, or to the delegate, until
     * it can. Meaningless, and ignored, for the in-memory store, which sees every invalidation at
     * once. Properties: {@code cachet.near-cache-staleness=PT1S}.
     */
    public Builder nearCache(int entriesPerMethod, Duration staleness) {
      if (entriesPerMethod < 1 || entriesPerMethod > 1 << 20) {
        throw new IllegalArgumentException(
            "near cache entries per method must be 1 to 1048576: " + entriesPerMethod);
      }
      positive("near cache staleness", staleness);
      if (staleness.toMillis() < 4) {
        throw new IllegalArgumentException(
            "near cache staleness must be at least 4 ms (it is synced every quarter): " + staleness);
      }
      requireUnset(nearSlots, "near cache");
      this.nearSlots = entriesPerMethod;
      this.nearStaleness = staleness;
      return this;
    }

    /**
     * The time source of freshness and creation times (default: the UTC system clock). A clock
     * given here is read on every check; the default is, on the in-memory store, published every
     * millisecond by a thread (see the README's "Regions" section).
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      requireUnset(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /** How values become bytes (default: Apache Fory). */
    public Builder serializer(Serializer serializer) {
      Objects.requireNonNull(serializer, "serializer");
      requireUnset(this.serializer, "serializer");
      this.serializer = serializer;
      return this;
    }

    /**
     * Opens the transport and returns the cache.
     *
     * @throws IllegalStateException when options do not fit together
     */
    public Cachet build() {
      if (transport != null && (operationTimeout != null || itemSize != null)) {
        throw new IllegalStateException(
            "operationTimeout and itemSize configure the transports Cachet opens; "
                + "configure " + transport.describe() + " itself instead");
      }
      if (breakerTimeouts != null && servers == null && provider == null) {
        throw new IllegalStateException(
            "circuitBreaker applies to memcached(...) servers and Redis, not to "
                + (transport != null ? transport.describe() : "the in-memory store"));
      }
      if (username != null && servers == null) {
        throw new IllegalStateException(
            "authentication applies to memcached(...) servers, not to "
                + (transport != null
                    ? transport.describe()
                    : provider != null
                        ? "Redis, whose user and password go in the URI: redis://user:password@host:6379"
                        : "the in-memory store"));
      }
      if (inMemory && operationTimeout != null) {
        throw new IllegalStateException("operationTimeout applies to memcached and Redis, not inMemory()");
      }
      Map<String, Region> resolved = new LinkedHashMap<>();
      regions.forEach((name, options) -> resolved.put(name, options.resolve(name)));
      return new Cachet(
              new Settings(
                  servers != null ? MemcachedSettings.addresses(servers) : List.of(),
                  transport,
                  provider,
                  providerKind,
                  providerTarget,
                  resolved,
                  operationTimeout,
                  itemSize,
                  maxValueBytes,
                  clock,
                  serializer,
                  breakerTimeouts,
                  breakerCoolOff,
                  username,
                  password,
                  signingKey,
                  nearSlots != null ? nearSlots : 0,
                  nearStaleness,
                  allowedClasses,
                  waitClock,
                  transportWrapper));
    }

    /**
     * Wraps the transport this builder opens (memcached, in memory, or the one given to {@link
     * #transport}) in {@code wrapper}'s result, before anything uses it: for tools and tests that
     * count round trips or inject faults while keeping every other option as configured. The
     * wrapper's transport is the one Cachet uses and closes; it must delegate {@link
     * Transport#processLocal()}, {@link Transport#beside} and {@link Transport#everywhere}, and
     * should delegate {@link Transport#writeSequences}, whose default keeps its order by sending
     * each write once the one before it was acknowledged, one round trip each.
     */
    public Builder wrapTransport(UnaryOperator<Transport> wrapper) {
      requireUnset(transportWrapper, "transport wrapper");
      this.transportWrapper = Objects.requireNonNull(wrapper, "wrapper");
      return this;
    }

    /**
     * What lock waits read and pause by, for the runtime's own tests: a clock that a pause
     * advances tests waits of seconds without sleeping. Not API: package-private on purpose.
     */
    Builder waitClock(WaitClock clock) {
      requireUnset(waitClock, "wait clock");
      this.waitClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private void requireNoTransport(String choice) {
      if (servers != null || provider != null || inMemory || transport != null) {
        String chosen =
            servers != null
                ? "memcached(\"" + servers + "\")"
                : provider != null
                    ? (providerKind.equals(TransportProvider.REDIS) ? "redis" : "redisCluster")
                        + "(\"" + Stores.withoutPassword(providerTarget) + "\")"
                    : inMemory ? "inMemory()" : "transport(" + transport.describe() + ")";
        throw new IllegalStateException(
            "the transport is already chosen: " + chosen + "; cannot also use " + choice);
      }
    }
  }

  /**
   * The codecs a region may compress its values with. Figures: docs/benchmarks.md, the codecs.
   */
  public enum Codec {
    /** Zstandard at level 1, the default: about Deflate's size at a tenth of its time. */
    ZSTD(Compression.ZSTD),
    /**
     * LZ4: reads and writes several times faster again, for output about 1.6 times larger; for a
     * hot region read far more often than written, where the store has memory to spare.
     */
    LZ4(Compression.LZ4),
    /** The JDK's own Deflate: needs no native library, for a platform zstd-jni has no build for. */
    DEFLATE(Compression.DEFLATE);

    private final Compression compression;

    Codec(Compression compression) {
      this.compression = compression;
    }

    /** The codec of that name, in any case; an unknown name is an error listing the codecs. */
    public static Codec named(String name) {
      Objects.requireNonNull(name, "codec");
      for (Codec codec : values()) {
        if (codec.name().equalsIgnoreCase(name.trim())) {
          return codec;
        }
      }
      throw new IllegalArgumentException(
          "unknown compression \"" + name + "\": zstd (the default), lz4 or deflate; "
              + "a compression threshold of 0 turns compression off");
    }
  }

  /**
   * The options of one region beyond its expiry, set inside {@link Builder#region(String,
   * Duration, Consumer)}. Each may be set once.
   */
  public static final class RegionOptions {
    /** How long a caller waits for another's computation, and the lease it holds: 5 s. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    private final Duration expiry;
    private Duration staleWindow;
    private Duration lockTimeout;
    private Integer compressionThreshold;
    private Compression compression;

    RegionOptions(Duration expiry) {
      this.expiry = expiry;
    }

    /**
     * How long after its fresh period an entry may still be served while one caller refreshes it
     * (default 0: none). The transport drops the entry after expiry plus this window.
     */
    public RegionOptions staleWindow(Duration window) {
      Objects.requireNonNull(window, "staleWindow");
      if (window.isNegative()) {
        throw new IllegalArgumentException("stale window must not be negative: " + window);
      }
      requireUnset(staleWindow, "stale window");
      this.staleWindow = window;
      return this;
    }

    /**
     * How long a caller waits for another caller (in any process) computing the same key before
     * computing itself, and how long the computing caller's lease lasts (default 5 s).
     */
    public RegionOptions lockTimeout(Duration timeout) {
      positive("lock timeout", timeout);
      requireUnset(lockTimeout, "lock timeout");
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * Serialized values of at least {@code bytes} are compressed (default 1024); 0 turns
     * compression off.
     */
    public RegionOptions compressionThreshold(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("compression threshold must not be negative: " + bytes);
      }
      requireUnset(compressionThreshold, "compression threshold");
      this.compressionThreshold = bytes;
      return this;
    }

    /**
     * The codec of values at or above the compression threshold (default {@link Codec#ZSTD}). Every
     * process reads every codec, whatever it writes: the item header names it.
     */
    public RegionOptions compression(Codec codec) {
      Objects.requireNonNull(codec, "codec");
      requireUnset(compression, "compression");
      this.compression = codec.compression;
      return this;
    }

    /**
     * {@link #compression(Codec)} by the codec's name, in any case: {@code zstd}, {@code lz4} or
     * {@code deflate}.
     */
    public RegionOptions compression(String codec) {
      return compression(Codec.named(codec));
    }

    Region resolve(String name) {
      return new Region(
          name,
          expiry,
          staleWindow != null ? staleWindow : Duration.ZERO,
          lockTimeout != null ? lockTimeout : DEFAULT_LOCK_TIMEOUT,
          compressionThreshold != null
              ? compressionThreshold
              : ValueSettings.DEFAULT_COMPRESSION_THRESHOLD,
          compression != null ? compression : ValueSettings.DEFAULT_COMPRESSION);
    }
  }

  private static Duration positive(String what, Duration duration) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + duration);
    }
    return duration;
  }

  private static void requireUnset(Object current, String what) {
    if (current != null) {
      throw new IllegalStateException(what + " is already set to " + current);
    }
  }
}
