package dev.cachet.runtime.internal;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.DecodeFailure;
import dev.cachet.runtime.internal.coordination.Entries;
import dev.cachet.runtime.internal.coordination.Generations;
import dev.cachet.runtime.internal.coordination.InFlight;
import dev.cachet.runtime.internal.coordination.Lookup;
import dev.cachet.runtime.internal.coordination.Misses;
import dev.cachet.runtime.internal.settings.Region;
import dev.cachet.runtime.internal.value.StoredValue;
import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.internal.value.WriteResult;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache side of one {@code @Cached} method, created once by a generated decorator's
 * constructor. Generated code uses it like this (a near hit allocates nothing; a hit from the
 * store, nothing but the key and the decoded value):
 *
 * <pre>{@code
 * Object found = image.near(id);
 * if (found == CachedOperation.NOT_NEAR) {
 *   found = image.get(ImageServiceKeys.image(id), id);
 * }
 * if (!(found instanceof Load load)) {
 *   return image.hit(found);
 * }
 * Image value;
 * try {
 *   value = delegate.image(id);
 * } catch (Throwable failure) {
 *   load.abandon();
 *   throw failure;
 * }
 * image.put(load, value);
 * return value;
 * }</pre>
 *
 * <p>Never throws for cache faults: a transport error, a timeout or undecodable bytes make
 * {@link #get} return a {@link Load}, and make {@link #put} a no-op; each fault is counted and
 * logged, rate-limited.
 *
 * <p>A miss is computed once per key: threads of this process wait for the one that computes (and
 * receive its value), and processes coordinate through a lease, a placeholder under the entry key;
 * {@code dev.cachet.runtime.internal.coordination} holds that protocol, this class the value's way
 * through the near cache, the store and the pipeline. See the package documentation.
 *
 * @param <V> the cached type (boxed for primitive returns, the element for {@code Optional} and
 *     future returns)
 */
public final class CachedOperation<V> {
  private static final Logger log = LoggerFactory.getLogger(CachedOperation.class);
  /**
   * Returned by the {@code near} methods when the near cache holds no current value for the
   * arguments, or is off: the caller goes on to {@code get}.
   */
  public static final Object NOT_NEAR = new Object();
  /** Returned by {@link #peek} when the store holds no fresh value for the key. */
  public static final Object ABSENT = new Object();

  private final Engine engine;
  private final String namespace;
  private final Region region;
  private final Class<?> type;
  private final boolean cacheNulls;
  private final NamespaceCounters counters;
  private final ValueStore values;
  private final String generationKey;
  /** Who computes a miss, who waits, and under which lease the value is stored. */
  private final Misses misses;
  private final Generations.Reader generations;
  private final long freshMillis;
  private final long staleWindowMillis;
  /** Decoded values kept in this process, or {@code null} when the near cache is off. */
  private final NearCache near;
  private CachedOperation(
      Engine engine,
      String namespace,
      Region region,
      Class<?> type,
      boolean cacheNulls,
      boolean nearCache) {
    this.engine = engine;
    this.namespace = namespace;
    this.region = region;
    this.type = type;
    this.cacheNulls = cacheNulls;
    this.counters = engine.counters(namespace);
    counters.usedIn(region.name());
    this.values = engine.values(region);
    this.generationKey = WireFormat.generationKey(namespace);
    this.freshMillis = millis(region.expiry());
    this.staleWindowMillis = millis(region.staleWindow());
    this.near = nearCache ? engine.nearCache(namespace, counters) : null;
    this.generations = engine.coordination.generations().reader(counters);
    this.misses =
        engine.coordination.misses(
            namespace,
            counters,
            new Entries() {
              @Override
              public Lookup reread(String entryKey) {
                return lookup(entryKey, true);
              }

              @Override
              public Lookup decode(String entryKey, long generation, byte[] bytes) {
                return CachedOperation.this.decode(entryKey, generation, bytes, true);
              }
            },
            type,
            region.lockTimeout(),
            region.leaseTime());
  }

  /**
   * Creates the operation of one method.
   *
   * @param type the erasure of the cached type (boxed for primitives): a stored value that is not
   *     an instance is a counted miss, never a {@code ClassCastException} at the caller
   * @param cacheNulls whether {@code null} results are stored (negative caching)
   * @throws IllegalArgumentException if {@code cachet} does not define {@code region}
   */
  public static <V> CachedOperation<V> create(
      Engine cachet, String namespace, String region, Class<?> type, boolean cacheNulls) {
    Objects.requireNonNull(cachet, "cachet");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(type, "type");
    return create(cachet, namespace, region, type, cacheNulls, true);
  }

  /**
   * As {@link #create(Engine, String, String, Class, boolean)}; {@code nearCache false} keeps no
   * near copies even when {@code cachet} has a near cache. An operation that also stores with
   * {@link #set} needs that: an unconditional store is not an invalidation, so other processes'
   * near copies would not learn of it.
   */
  public static <V> CachedOperation<V> create(
      Engine cachet,
      String namespace,
      String region,
      Class<?> type,
      boolean cacheNulls,
      boolean nearCache) {
    Objects.requireNonNull(cachet, "cachet");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(type, "type");
    Engine engine = Objects.requireNonNull(cachet, "cachet");
    return new CachedOperation<>(
        engine, namespace, engine.region(region), type, cacheNulls, nearCache);
  }

  /**
   * Throws {@link IllegalArgumentException} naming every one of {@code regions} that {@code
   * cachet} does not define, and how to define it: a decorator's constructor calls it first.
   */
  public static void requireRegions(Engine cachet, String decorator, String... regions) {
    Objects.requireNonNull(cachet, "cachet").requireRegions(decorator, regions);
  }

  /**
   * Allows {@code classes} to be read from and written to the cache by the default serializer
   * (Apache Fory), which refuses every other class before any of its code runs. Each decorator's
   * constructor calls it with the classes reachable from its cached types (fields through the
   * object graph, collection and map element types, arrays, record components, superclasses).
   * Adding is idempotent and independent of order. A serializer other than Fory is not affected.
   *
   * @param decorator the class asking (the generated decorator), for its class loader
   */
  public static void allow(Engine cachet, Class<?> decorator, Class<?>... classes) {
    Objects.requireNonNull(decorator, "decorator");
    Engine engine = Objects.requireNonNull(cachet, "cachet");
    for (Class<?> type : classes) {
      engine.allow(Objects.requireNonNull(type, "class"));
    }
  }

  /**
   * {@link #allow} by binary name ({@code com.acme.Outer$Inner}), without loading the class: for
   * configuration that lists class names.
   */
  public static void allow(Engine cachet, String... binaryNames) {
    Engine engine = Objects.requireNonNull(cachet, "cachet");
    for (String name : binaryNames) {
      engine.allow(Objects.requireNonNull(name, "binary name"));
    }
  }

  /**
   * Allows every class of the package and its subpackages, for callers that cannot name the
   * classes they cache ahead of time (a Spring {@code CacheManager}); see {@link
   * dev.cachet.runtime.internal.value.ClassAllowlist#allowPackage}.
   *
   * @throws IllegalArgumentException for a package of the JDK or Apache Fory
   */
  public static void allowPackage(Engine cachet, String packageName) {
    Objects.requireNonNull(cachet, "cachet").allowPackage(packageName);
  }

  /**
   * {@link #allow} for classes the generated code cannot name (not accessible from its package),
   * by binary name ({@code com.acme.Outer$Hidden}); each is resolved, without being initialised,
   * with {@code decorator}'s class loader.
   *
   * @throws IllegalArgumentException when a class cannot be found
   */
  public static void allowByName(Engine cachet, Class<?> decorator, String... binaryNames) {
    Objects.requireNonNull(decorator, "decorator");
    Engine engine = Objects.requireNonNull(cachet, "cachet");
    for (String name : binaryNames) {
      Objects.requireNonNull(name, "binary name");
      try {
        engine.allow(Class.forName(name, false, decorator.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(
            decorator.getName() + " allows class " + name + ", which its class loader cannot find", e);
      }
    }
  }

  /**
   * The value the near cache holds for these key arguments, or {@link #NOT_NEAR}. Generated code
   * calls the {@code near} methods first when every key parameter is an immutable scalar (a
   * string, a box, an enum, a {@code UUID}, a {@code java.time} value, a {@code BigDecimal} or
   * {@code BigInteger}), whose {@code equals} is its key's equality; then, on {@link #NOT_NEAR},
   * {@code get} with the key and the same arguments. Without a near cache this is a null check.
   */
  public Object near(Object a) {
    return near == null ? NOT_NEAR : near.get(a);
  }

  /** As {@link #near(Object)}, for two key arguments. */
  public Object near(Object a, Object b) {
    return near == null ? NOT_NEAR : near.get(a, b);
  }

  /** As {@link #near(Object)}, for three key arguments. */
  public Object near(Object a, Object b, Object c) {
    return near == null ? NOT_NEAR : near.get(a, b, c);
  }

  /** As {@link #near(Object)}, for four or more key arguments, in declaration order. */
  public Object near(Object[] arguments) {
    return near == null ? NOT_NEAR : near.get(arguments);
  }

  /**
   * Looks the key up. Returns the cached value (possibly {@code null}) on a fresh hit, or a
   * {@link Load} when the caller must call the delegate: a miss, a fault, or a stale entry whose
   * refresh this caller won. May wait, at most the region's lock timeout, while another caller or
   * process computes the same key. With a near cache, the key's string is its near-cache key.
   */
  public Object get(CacheKey key) {
    if (near == null) {
      return find(key, null);
    }
    String entryKey = key.key();
    Object kept = near.get(entryKey);
    return kept != NOT_NEAR ? kept : find(key, NearCache.Arguments.of(near.epoch(), entryKey));
  }

  /** As {@link #get(CacheKey)}, after {@link #near(Object)} found nothing for {@code a}. */
  public Object get(CacheKey key, Object a) {
    return find(key, near == null ? null : NearCache.Arguments.of(near.epoch(), a));
  }

  /** As {@link #get(CacheKey)}, after {@link #near(Object, Object)} found nothing. */
  public Object get(CacheKey key, Object a, Object b) {
    return find(key, near == null ? null : NearCache.Arguments.of(near.epoch(), a, b));
  }

  /** As {@link #get(CacheKey)}, after {@link #near(Object, Object, Object)} found nothing. */
  public Object get(CacheKey key, Object a, Object b, Object c) {
    return find(key, near == null ? null : NearCache.Arguments.of(near.epoch(), a, b, c));
  }

  /** As {@link #get(CacheKey)}, after {@link #near(Object[])} found nothing. */
  public Object get(CacheKey key, Object[] arguments) {
    return find(key, near == null ? null : NearCache.Arguments.of(near.epoch(), arguments));
  }

  /**
   * {@code nearArguments}: where a value found or stored goes in the near cache, with the epoch
   * read before the lookup; {@code null} without a near cache.
   */
  private Object find(CacheKey key, NearCache.Arguments nearArguments) {
    // The clock is read only when needed: one read costs about 30 ns on a virtual machine.
    boolean timed = log.isDebugEnabled();
    long started = timed ? System.nanoTime() : 0;
    String entryKey = key.key();
    Lookup found = lookup(entryKey);
    switch (found.state) {
      case FRESH:
        if (nearArguments != null) {
          near.put(nearArguments, found.value, found.freshUntil);
        }
        return countedHit(entryKey, found, started, "hit");
      case STALE:
        started = timed ? started : System.nanoTime();
        return answer(entryKey, misses.stale(entryKey, found, started), started, nearArguments);
      default:
        started = timed ? started : System.nanoTime();
        return answer(entryKey, misses.miss(entryKey, found, started), started, nearArguments);
    }
  }

  /**
   * Looks the key up without taking a lease and without waiting: the fresh value (possibly {@code
   * null}), or {@link #ABSENT} on a miss, a stale entry, a lease held by another caller, or a
   * fault (counted and logged). For callers that may never store after a miss, such as a Spring
   * {@code Cache.get(key)}: a lease taken here would be held by nobody. Like {@link #set}, for an
   * operation created without a near cache: it neither reads nor keeps near copies.
   */
  public Object peek(CacheKey key) {
    String entryKey = key.key();
    long started = log.isDebugEnabled() ? System.nanoTime() : 0;
    Lookup found = lookup(entryKey);
    if (found.state == Lookup.State.FRESH) {
      return countedHit(entryKey, found, started, "hit");
    }
    counters.misses.increment();
    debug("peek", entryKey, "miss, no lease taken (" + found.state + ")", -1, started);
    return ABSENT;
  }

  /**
   * Stores {@code value} under the key unconditionally (no lease), under the namespace's current
   * generation, establishing one when none is stored: a Spring {@code Cache.put}. It replaces any
   * value or lease placeholder under the key, so a computation holding that lease stores nothing.
   * Never throws for cache faults; returns whether the value was stored. Nothing is stored while
   * an invalidation of the key or its namespace made by this process has not landed, nor a
   * {@code null} when nulls are not cached. Keeps no near copy: an operation that sets is created
   * without a near cache.
   */
  public boolean set(CacheKey key, V value) {
    String entryKey = key.key();
    long started = System.nanoTime();
    if (value == null && !cacheNulls) {
      debug("set", entryKey, "null not cached", -1, started);
      return false;
    }
    String copyKey = engine.transport.beside(generationKey, entryKey);
    if (engine.coordination.pending(entryKey, copyKey)) {
      debug("set", entryKey, "not stored: an invalidation has not landed yet", -1, started);
      return false;
    }
    long generation;
    try {
      generation = generations.read(copyKey, engine.transport.getAll(List.of(copyKey)).get(copyKey));
    } catch (RuntimeException e) {
      counters.transportFault(e);
      counters.storeFailures.increment();
      engine.faults.warn("transport:get", "generation of " + entryKey + " unknown, not stored", e);
      return false;
    }
    if (generation == Lookup.NO_GENERATION) {
      generation = generations.establish(copyKey);
      if (generation == Lookup.NO_GENERATION) {
        counters.storeFailures.increment();
        return false;
      }
    }
    Stored result = store(entryKey, value, generation, ValueStore.UNCONDITIONAL, null);
    debug("set", entryKey, result.outcome(), -1, started);
    return result.stored();
  }

  /** Counts how a call that found no fresh value ends, and returns its value or its {@link Load}. */
  private Object answer(
      String entryKey, Misses.Outcome outcome, long started, NearCache.Arguments nearArguments) {
    switch (outcome.kind) {
      case FRESH:
        return countedHit(entryKey, outcome.found, started, outcome.why);
      case STALE:
        counters.staleHits.increment();
        counters.hitBytes.add(outcome.found.size);
        debug("get", entryKey, outcome.why, outcome.found.size, started);
        return outcome.found.value;
      case JOINED:
        counters.hits.increment();
        debug("get", entryKey, outcome.why, -1, started);
        return outcome.value;
      case COMPUTE:
      default:
        counters.misses.increment();
        debug("get", entryKey, outcome.why, -1, started);
        return new Load(this, entryKey, outcome, nearArguments);
    }
  }

  /** Casts a value returned by {@link #get} that is not a {@link Load}. */
  @SuppressWarnings("unchecked")
  public V hit(Object found) {
    return (V) found;
  }

  /**
   * Stores the delegate's result (unless it is null and nulls are not cached) and ends the load.
   * The store is conditional: it happens only if the lease is still this caller's, that is, if no
   * invalidation of the key or its namespace happened since the lease was taken.
   */
  public void put(Load load, V value) {
    if (!load.end()) {
      return;
    }
    load.stopRenewing();
    long started = System.nanoTime();
    if (load.inFlight != null) {
      misses.finish(load.entryKey, load.inFlight, value);
    }
    String outcome;
    boolean stored = false;
    if (value == null && !cacheNulls) {
      outcome = "null not cached";
    } else if (load.casId == Misses.Outcome.NO_LEASE) {
      outcome = "not stored: computed without the lease";
    } else {
      Stored result =
          store(load.entryKey, value, load.generation, load.casId, load.nearArguments);
      stored = result.stored();
      outcome = result.outcome();
    }
    misses.release(load.entryKey, load.placeholder, load.casId, load.lockToken, stored);
    debug("put", load.entryKey, outcome, -1, started);
  }

  /**
   * Stores the stage's value when it completes normally and ends the load either way; returns the
   * stage itself. A {@code null} stage ends the load and is returned as is.
   */
  public <S extends CompletionStage<? extends V>> S putWhenComplete(Load load, S stage) {
    if (stage == null) {
      load.abandon();
      return null;
    }
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            put(load, value);
          } else {
            load.abandon();
          }
        });
    return stage;
  }

  /** The delegate threw (or a future failed): waiters in this process try again, the lease goes. */
  void abandoned(Load load) {
    load.stopRenewing();
    if (load.inFlight != null) {
      misses.abandon(load.entryKey, load.inFlight);
    }
    misses.release(load.entryKey, load.placeholder, load.casId, load.lockToken, false);
    debug("abandon", load.entryKey, "abandoned", -1, System.nanoTime());
  }

  private Object countedHit(String entryKey, Lookup found, long started, String outcome) {
    counters.hits.increment();
    counters.hitBytes.add(found.size);
    debug("get", entryKey, outcome, found.size, started);
    return found.value;
  }

  // ---------------------------------------------------------------- transport round trips

  /**
   * One round trip: the namespace generation and the entry. Never throws: a fault is counted,
   * logged and returned as {@link Lookup.State#FAULT}. Unusable bytes are counted by the first
   * lookup of a call only: the re-reads of the lease protocol see the same bytes again.
   */
  private Lookup lookup(String entryKey) {
    return lookup(entryKey, false);
  }

  private Lookup lookup(String entryKey, boolean reread) {
    // The generation's copy on the entry's server: one round trip, to one server.
    String generationKey = engine.transport.beside(this.generationKey, entryKey);
    if (engine.coordination.pending(entryKey, generationKey)) {
      // An invalidation of it has not landed yet: what the store holds cannot be trusted, and
      // nothing may be stored over it; the delegate answers, as for a fault.
      return Lookup.fault();
    }
    Map<String, byte[]> found;
    try {
      found = engine.transport.getAll(List.of(generationKey, entryKey));
    } catch (RuntimeException e) {
      counters.transportFault(e);
      engine.faults.warn("transport:get", "lookup of " + entryKey + " answered by the delegate", e);
      return Lookup.fault();
    }
    long generation = generations.read(generationKey, found.get(generationKey));
    if (generation == Lookup.NO_GENERATION) {
      // Without the generation an entry cannot be trusted: it may predate an invalidateAll.
      return Lookup.absent(generation);
    }
    return decode(entryKey, generation, found.get(entryKey), reread);
  }

  /** What the entry's {@code bytes} hold under the namespace's current {@code generation}. */
  private Lookup decode(String entryKey, long generation, byte[] bytes, boolean reread) {
    if (bytes == null) {
      return Lookup.absent(generation);
    }
    if (WireFormat.isLeasePlaceholder(bytes)) {
      // A lease taken under an older generation guards a computation nobody can use.
      return WireFormat.leaseGeneration(bytes) == generation
          ? Lookup.leased(generation, bytes)
          : Lookup.absent(generation);
    }
    StoredValue stored;
    try {
      stored = values.readIfGeneration(entryKey, bytes, generation);
    } catch (ValueException e) {
      if (!reread) {
        DecodeFailure reason = e.decodeFailure();
        counters.decodeFailure(reason);
        engine.faults.warn("value:" + reason, "entry " + entryKey + " unreadable, treated as a miss", e);
      }
      return Lookup.absent(generation);
    } catch (TransportException e) {
      counters.transportFault(e);
      engine.faults.warn("transport:get", "chunks of " + entryKey + " unreadable, answered by the delegate", e);
      return Lookup.fault();
    } catch (RuntimeException e) {
      if (!reread) {
        counters.decodeFailure(DecodeFailure.UNEXPECTED);
        engine.faults.warn("value:UNEXPECTED", "entry " + entryKey + " unreadable, treated as a miss", e);
      }
      return Lookup.absent(generation);
    }
    if (stored == null) {
      return Lookup.absent(generation); // written before the last invalidateAll
    }
    Object value = stored.value();
    if (value == null ? !cacheNulls : !type.isInstance(value)) {
      if (value != null && !reread) {
        counters.decodeFailure(DecodeFailure.TYPE_MISMATCH);
        engine.faults.warn(
            "value:TYPE_MISMATCH",
            "entry " + entryKey + " holds a " + value.getClass().getName() + ", not a " + type.getName(),
            null);
      }
      return Lookup.absent(generation);
    }
    // In milliseconds, as creation times are stored: no Instant arithmetic on every hit.
    long now = engine.freshness.millis();
    long freshUntil = saturatedAdd(stored.createdAt().toEpochMilli(), freshMillis);
    if (now < freshUntil) {
      return Lookup.found(Lookup.State.FRESH, value, generation, stored.storedBytes(), freshUntil, bytes);
    }
    if (now < saturatedAdd(freshUntil, staleWindowMillis)) {
      return Lookup.found(Lookup.State.STALE, value, generation, stored.storedBytes(), freshUntil, bytes);
    }
    // Past the hard expiry by our clock even if the store still holds it.
    return Lookup.absent(generation);
  }

  private static long millis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException longerThanAnyClock) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** What {@link #store} did, for the log, and whether the value replaced the lease's item. */
  private record Stored(boolean stored, String outcome) {}

  /**
   * Writes the value under the generation it was computed in, over the item the lease guards
   * (compare-and-swap with {@code casId}; {@link ValueStore#UNCONDITIONAL} for {@link #set}), and
   * keeps it in the near cache once the store has it.
   */
  private Stored store(
      String entryKey,
      Object value,
      long generation,
      long casId,
      NearCache.Arguments nearArguments) {
    try {
      // Read before the write stamps its creation time, by the clock near entries are checked
      // against (never ahead of the stamping one): the near entry never outlives the stored one.
      long writtenAfter = nearArguments != null ? engine.freshness.millis() : 0;
      WriteResult written = values.write(entryKey, value, generation, region.hardExpiry(), casId);
      if (!written.stored()) {
        counters.storesRefused.increment();
        return new Stored(false, "not stored: invalidated while computed, or the lease lapsed");
      }
      counters.stored(written);
      if (nearArguments != null) {
        near.put(nearArguments, value, saturatedAdd(writtenAfter, freshMillis));
      }
      return new Stored(
          true,
          "stored "
              + written.storedBytes()
              + " bytes ("
              + written.serializedBytes()
              + " serialized"
              + (written.compressed() ? ", compressed)" : ")")
              + (written.chunks() > 0 ? " in " + written.chunks() + " chunks" : ""));
    } catch (ValueException e) {
      String reason = e.reason().name();
      if (e.reason() == ValueException.Reason.TOO_LARGE) {
        counters.oversizeValues.increment();
        engine.faults.warn(
            "value:TOO_LARGE", "value of " + entryKey + " not cached; the delegate's value was returned", e);
        return new Stored(false, "not stored: too large");
      }
      counters.storeFailures.increment();
      engine.faults.warn("value:" + reason, "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: " + reason);
    } catch (TransportException e) {
      counters.transportFault(e);
      counters.storeFailures.increment();
      engine.faults.warn("transport:set", "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: transport fault");
    } catch (RuntimeException e) {
      counters.storeFailures.increment();
      engine.faults.warn("store", "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: " + e);
    }
  }

  private void debug(String operation, String entryKey, String outcome, int size, long started) {
    if (log.isDebugEnabled()) {
      double millis = (System.nanoTime() - started) / 1e6;
      // One line per operation, like memcached -vv: what, which key, what happened, size, time.
      log.debug(
          "{} {} -> {}{}, {} ms",
          operation,
          entryKey,
          outcome,
          size >= 0 ? ", " + size + " bytes" : "",
          String.format("%.2f", millis));
    }
  }
}
