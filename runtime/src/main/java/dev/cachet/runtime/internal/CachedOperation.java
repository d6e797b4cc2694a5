package dev.cachet.runtime.internal;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.internal.coordination.Entries;
import dev.cachet.runtime.internal.coordination.Lookup;
import dev.cachet.runtime.internal.coordination.Misses;
import dev.cachet.runtime.internal.settings.Region;
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
  private final boolean cacheNulls;
  private final NamespaceCounters counters;
  /** The read path: lookups, decoding, stores. */
  private final Entries entries;
  /** Who computes a miss, who waits, and under which lease the value is stored. */
  private final Misses misses;
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
    this.cacheNulls = cacheNulls;
    this.counters = engine.counters(namespace);
    counters.usedIn(region.name());
    this.near = nearCache ? engine.nearCache(namespace, counters) : null;
    this.entries =
        engine.coordination.entries(
            namespace, counters, engine.values(region), region, type, cacheNulls, engine.freshness::millis);
    this.misses =
        engine.coordination.misses(
            namespace, counters, entries, type, region.lockTimeout(), region.leaseTime());
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
    return new CachedOperation<>(
        cachet, namespace, cachet.region(region), type, cacheNulls, nearCache);
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
    long started = timed ? engine.waitClock.nanoTime() : 0;
    String entryKey = key.key();
    Lookup found = entries.lookup(entryKey);
    switch (found.state) {
      case FRESH:
        if (nearArguments != null) {
          near.put(nearArguments, entryKey, found.value, found.freshUntil);
        }
        return countedHit(entryKey, found, started, "hit");
      case STALE:
        started = timed ? started : engine.waitClock.nanoTime();
        return answer(entryKey, misses.stale(entryKey, found, started), started, nearArguments);
      default:
        started = timed ? started : engine.waitClock.nanoTime();
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
    long started = log.isDebugEnabled() ? engine.waitClock.nanoTime() : 0;
    Lookup found = entries.lookup(entryKey);
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
    long started = engine.waitClock.nanoTime();
    if (value == null && !cacheNulls) {
      debug("set", entryKey, "null not cached", -1, started);
      return false;
    }
    Entries.Stored result = entries.set(entryKey, value);
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
        return new Load(misses, entryKey, outcome, nearArguments);
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
    long started = engine.waitClock.nanoTime();
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
      // Read before the write stamps its creation time, by the clock near entries are checked
      // against (never ahead of the stamping one): the near entry never outlives the stored one.
      long writtenAfter = load.nearArguments != null ? engine.freshness.millis() : 0;
      Entries.Stored result = entries.store(load.entryKey, value, load.generation, load.casId);
      stored = result.stored();
      outcome = result.outcome();
      if (stored && load.nearArguments != null) {
        near.put(load.nearArguments, load.entryKey, value, entries.freshUntil(writtenAfter));
      }
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

  private Object countedHit(String entryKey, Lookup found, long started, String outcome) {
    counters.hits.increment();
    counters.hitBytes.add(found.size);
    debug("get", entryKey, outcome, found.size, started);
    return found.value;
  }

  private void debug(String operation, String entryKey, String outcome, int size, long started) {
    if (log.isDebugEnabled()) {
      double millis = (engine.waitClock.nanoTime() - started) / 1e6;
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
