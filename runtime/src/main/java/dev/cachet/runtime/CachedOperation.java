package dev.cachet.runtime;

import dev.cachet.runtime.value.StoredValue;
import dev.cachet.runtime.value.ValueException;
import dev.cachet.runtime.value.ValueStore;
import dev.cachet.runtime.value.WriteResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>A miss is computed once per key: threads of this process wait for the one that computes
 * (and receive its value), and processes coordinate through a lease taken with the transport's
 * {@code add} on {@code <entry key>/lock}. See the package documentation for the whole flow.
 *
 * @param <V> the cached type (boxed for primitive returns, the element for {@code Optional} and
 *     future returns)
 */
public final class CachedOperation<V> {
  /**
   * Appended to an entry's key to name the lock of its stale-window refresh. Entry keys never
   * contain {@code /} after the namespace.
   */
  static final String REFRESH_LOCK_SUFFIX = "/lock";

  /** Claims of a lease that found the entry changed under them before this caller stops trying. */
  private static final int MAX_CLAIM_CHANGES = 3;

  private static final Logger log = LoggerFactory.getLogger(CachedOperation.class);
  /**
   * Returned by the {@code near} methods when the near cache holds no current value for the
   * arguments, or is off: the caller goes on to {@code get}.
   */
  public static final Object NOT_NEAR = new Object();

  /** Returned by a wait for another thread's load that ran out of time. */
  private static final Object GAVE_UP = new Object();
  /** Returned by a wait for another thread's load that was interrupted (the flag is restored). */
  private static final Object INTERRUPTED = new Object();
  /** Returned by a wait for another thread's load that was abandoned: look at the store again. */
  private static final Object RETRY = new Object();
  /** The largest value a decimal may hold before its last digit without overflowing. */
  private static final long MAX_TENTH = Long.MAX_VALUE / 10;

  private final Cachet cachet;
  private final String namespace;
  private final Region region;
  private final Class<?> type;
  private final boolean cacheNulls;
  private final NamespaceCounters counters;
  private final ValueStore values;
  private final String generationKey;
  private final long freshMillis;
  private final long staleWindowMillis;
  /** Decoded values kept in this process, or {@code null} when the near cache is off. */
  private final NearCache near;
  /**
   * The generation bytes last parsed, with their value. The in-memory transport returns the
   * stored array itself, so until the next {@code invalidateAll} a hit compares one reference
   * instead of parsing 19 digits (a seventh of an in-memory hit). Racy by design: the holder is
   * immutable, and a thread that sees an older one only parses again.
   */
  private ParsedGeneration lastGeneration = new ParsedGeneration(null, Lookup.NO_GENERATION);

  private CachedOperation(
      Cachet cachet, String namespace, Region region, Class<?> type, boolean cacheNulls) {
    this.cachet = cachet;
    this.namespace = namespace;
    this.region = region;
    this.type = type;
    this.cacheNulls = cacheNulls;
    this.counters = cachet.counters(namespace);
    counters.usedIn(region.name());
    this.values = cachet.values(region);
    this.generationKey = Cachet.generationKey(namespace);
    this.freshMillis = millis(region.fresh());
    this.staleWindowMillis = millis(region.staleWindow());
    this.near = cachet.nearCache(counters);
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
      Cachet cachet, String namespace, String region, Class<?> type, boolean cacheNulls) {
    Objects.requireNonNull(cachet, "cachet");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(type, "type");
    return new CachedOperation<>(cachet, namespace, cachet.region(region), type, cacheNulls);
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
        return stale(entryKey, found, timed ? started : System.nanoTime(), nearArguments);
      default:
        return miss(entryKey, found, timed ? started : System.nanoTime(), nearArguments);
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
      finishLocal(load.entryKey, load.inFlight, value);
    }
    String outcome;
    boolean stored = false;
    if (value == null && !cacheNulls) {
      outcome = "null not cached";
    } else if (load.casId == Load.NO_LEASE) {
      outcome = "not stored: computed without the lease";
    } else {
      Stored result = store(load, value);
      stored = result.stored();
      outcome = result.outcome();
    }
    release(load, stored);
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

  String namespace() {
    return namespace;
  }

  String region() {
    return region.name();
  }

  Class<?> type() {
    return type;
  }

  boolean cacheNulls() {
    return cacheNulls;
  }

  Cachet cachet() {
    return cachet;
  }

  /** The delegate threw (or a future failed): waiters in this process try again, the lease goes. */
  void abandoned(Load load) {
    load.stopRenewing();
    if (load.inFlight != null) {
      finishLocal(load.entryKey, load.inFlight, InFlight.ABANDONED);
    }
    release(load, false);
    debug("abandon", load.entryKey, "abandoned", -1, System.nanoTime());
  }

  /**
   * Removes this caller's placeholder when no value replaced it, so that waiters need not sit out
   * the lock timeout, and releases a refresh lock.
   */
  private void release(Load load, boolean stored) {
    if (load.placeholder != null && !stored) {
      cachet.releasePlaceholder(load.entryKey, load.placeholder, load.casId, counters);
    }
    if (load.lockToken != null) {
      cachet.releaseLease(load.entryKey + REFRESH_LOCK_SUFFIX, load.lockToken, counters);
    }
  }

  // ---------------------------------------------------------------- the ways a get goes

  /**
   * Past the fresh period: one caller refreshes under the refresh lock, the others get the stale
   * value. The refresh stores only over exactly the item it read, so an invalidation (which
   * deletes it) or another refresh made meanwhile is never undone.
   */
  private Object stale(
      String entryKey, Lookup found, long started, NearCache.Arguments nearArguments) {
    InFlight mine = newInFlight(started);
    if (cachet.inFlight.putIfAbsent(entryKey, mine) != null) {
      return staleHit(entryKey, found, started);
    }
    byte[] token = cachet.newToken();
    if (!Boolean.TRUE.equals(tryLock(entryKey, token))) {
      finishLocal(entryKey, mine, InFlight.ABANDONED);
      return staleHit(entryKey, found, started);
    }
    Transport.Versioned current = getsOrNull(entryKey);
    if (current == null || !Arrays.equals(current.value(), found.bytes)) {
      // Refreshed, invalidated or unreadable since it was read: the stale value still answers
      // this call, which began before, but this caller has nothing to replace.
      cachet.releaseLease(entryKey + REFRESH_LOCK_SUFFIX, token, counters);
      finishLocal(entryKey, mine, InFlight.ABANDONED);
      return staleHit(entryKey, found, started);
    }
    counters.misses.increment();
    debug("get", entryKey, "stale, refreshing", found.size, started);
    return load(entryKey, found.generation, current.casId(), null, token, mine, nearArguments);
  }

  private Object staleHit(String entryKey, Lookup found, long started) {
    counters.staleHits.increment();
    counters.hitBytes.add(found.size);
    debug("get", entryKey, "stale hit", found.size, started);
    return found.value;
  }

  /**
   * Nothing usable: become this process's loader of the key, wait for the thread that is, or, when
   * that thread's outcome could predate an invalidation this call must see, load on its own.
   */
  private Object miss(
      String entryKey, Lookup found, long started, NearCache.Arguments nearArguments) {
    Lookup current = found;
    while (true) {
      InFlight mine = newInFlight(started);
      InFlight other = cachet.inFlight.putIfAbsent(entryKey, mine);
      if (other == null) {
        return lead(entryKey, current, mine, true, started, nearArguments);
      }
      Join join = joinable(other, current);
      if (join == Join.NO) {
        // Later callers join this call's load instead of the one it cannot trust.
        if (!cachet.inFlight.replace(entryKey, other, mine)) {
          continue;
        }
        return lead(entryKey, current, mine, true, started, nearArguments);
      }
      if (join == Join.NOT_YET) {
        return lead(entryKey, current, mine, false, started, nearArguments);
      }
      Object outcome = awaitLoader(entryKey, other, started, nearArguments);
      if (outcome != RETRY) {
        return outcome;
      }
      current = reread(entryKey);
      if (current.state == Lookup.State.FRESH) {
        return countedHit(entryKey, current, started, "hit");
      }
      if (current.state == Lookup.State.STALE) {
        return stale(entryKey, current, started, nearArguments);
      }
    }
  }

  /** Whether a call whose lookup found {@code current} may wait for {@code other}'s load. */
  private enum Join {
    YES,
    /** Its outcome could predate an invalidation the call must see. */
    NO,
    /** Not known yet: the load has not taken or seen a lease; the call finds out by claiming. */
    NOT_YET
  }

  /**
   * A call may receive the outcome of a load that began before it only if no invalidation that
   * completed before the call began could have come after the load's computation began: see
   * {@link InFlight}. When neither can reach the store, local invalidations still count, and the
   * call may receive a value computed up to twice the lock timeout before it (docs/consistency.md).
   */
  private Join joinable(InFlight other, Lookup current) {
    if (other.overdue() || other.epoch != counters.invalidationEpoch.get()) {
      return Join.NO;
    }
    byte[] witness = other.witness;
    if (current.state == Lookup.State.FAULT) {
      return witness == null ? Join.YES : Join.NO;
    }
    if (witness == null) {
      return Join.NOT_YET;
    }
    return current.state == Lookup.State.LEASED && Lease.same(witness, current.bytes)
        ? Join.YES
        : Join.NO;
  }

  /**
   * Waits for this process's load of the key; returns its value, a {@link Load} that stores
   * nothing when the wait ran out or was interrupted, or {@link #RETRY} when it was abandoned.
   */
  private Object awaitLoader(
      String entryKey, InFlight other, long started, NearCache.Arguments nearArguments) {
    long waitStarted = System.nanoTime();
    Object outcome = awaitLocal(other);
    counters.lockWaited(System.nanoTime() - waitStarted);
    if (outcome == GAVE_UP || outcome == INTERRUPTED) {
      if (outcome == GAVE_UP) {
        counters.lockTimeouts.increment();
      }
      counters.misses.increment();
      debug("get", entryKey, "miss, stopped waiting for this process's load", -1, started);
      return load(entryKey, Lookup.NO_GENERATION, Load.NO_LEASE, null, null, null, nearArguments);
    }
    if (outcome != InFlight.ABANDONED && (outcome == null || type.isInstance(outcome))) {
      counters.hits.increment();
      debug("get", entryKey, "hit, computed by another thread", -1, started);
      return outcome;
    }
    return RETRY;
  }

  /**
   * This thread loads the key, for this process when {@code registered}: it establishes the
   * namespace generation, then claims the lease (a placeholder under the entry key) or waits for
   * the caller holding it, in any process.
   */
  private Object lead(
      String entryKey,
      Lookup found,
      InFlight mine,
      boolean registered,
      long started,
      NearCache.Arguments nearArguments) {
    if (found.state == Lookup.State.FAULT) {
      // The transport just failed: another round trip for a lease would only add a timeout.
      counters.misses.increment();
      debug("get", entryKey, "miss (transport fault)", -1, started);
      return load(entryKey, Lookup.NO_GENERATION, Load.NO_LEASE, null, null, mine, nearArguments);
    }
    long generation = found.generation;
    long waitStarted = 0;
    Backoff backoff = null;
    byte[] holder = null;
    int changes = 0;
    // The lookup already saw who holds the lease: wait for it without claiming first.
    Claim claim =
        found.state == Lookup.State.LEASED ? new Claim(Claim.Kind.HELD_BY, 0, found.bytes, null) : null;
    while (true) {
      if (claim == null) {
        if (generation == Lookup.NO_GENERATION) {
          // Before the delegate runs: a generation written later could belong to an invalidateAll
          // made while the value was computed.
          generation =
              cachet.establishGeneration(cachet.transport.beside(generationKey, entryKey), counters);
          if (generation == Lookup.NO_GENERATION) {
            return unleased(entryKey, mine, waitStarted, started, nearArguments, "generation unknown (transport fault)");
          }
        }
        claim = claim(entryKey, generation);
      }
      switch (claim.kind) {
        case HELD:
          waited(waitStarted);
          mine.witness = claim.holder;
          counters.misses.increment();
          debug("get", entryKey, "miss, holding the lease", -1, started);
          Load leased = load(entryKey, generation, claim.casId, claim.holder, null, mine, nearArguments);
          leased.renewal = cachet.renewLease(entryKey, region.leaseTime(), region.lockTimeout(), counters);
          return leased;
        case FOUND:
          waited(waitStarted);
          finishLocal(entryKey, mine, claim.found.value);
          return claim.found.state == Lookup.State.FRESH
              ? countedHit(entryKey, claim.found, started, "hit, stored by the lease holder")
              : staleHit(entryKey, claim.found, started);
        case FAULT:
          return unleased(entryKey, mine, waitStarted, started, nearArguments, "lease not taken (transport fault)");
        case CHANGED:
          if (++changes >= MAX_CLAIM_CHANGES) {
            return unleased(entryKey, mine, waitStarted, started, nearArguments, "lease not taken: contended");
          }
          claim = null;
          continue;
        case HELD_BY:
        default:
          break;
      }
      if (!registered) {
        Object joined = joinLoader(entryKey, mine, claim.holder, started, nearArguments);
        if (joined != RETRY) {
          return joined;
        }
      }
      if (holder != null && !Lease.same(holder, claim.holder)) {
        mine.computationStarted(); // another caller took the lease: worth one more lock timeout
      }
      holder = claim.holder;
      mine.witness = holder;
      claim = null;
      if (waitStarted == 0) {
        waitStarted = System.nanoTime();
        backoff = new Backoff();
      }
      // Wait for the holder, in any process: its value appears, or its lease goes.
      while (true) {
        long remaining = mine.ownerGivesUpNanos() - System.nanoTime();
        if (remaining <= 0) {
          // The holder renews its lease while it computes, so it is slow, not dead (a dead one's
          // lease lapses within the lease time): compute, and leave the store to the holder.
          counters.lockTimeouts.increment();
          return unleased(entryKey, mine, waitStarted, started, nearArguments, "lock timeout: computing without the lease");
        }
        try {
          TimeUnit.NANOSECONDS.sleep(Math.min(backoff.nextPauseNanos(), remaining));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return unleased(entryKey, mine, waitStarted, started, nearArguments, "interrupted while waiting: computing");
        }
        Lookup polled = reread(entryKey);
        if (polled.usable()) {
          waited(waitStarted);
          finishLocal(entryKey, mine, polled.value);
          return polled.state == Lookup.State.FRESH
              ? countedHit(entryKey, polled, started, "hit after waiting for the lease holder")
              : staleHit(entryKey, polled, started);
        }
        if (polled.state == Lookup.State.FAULT) {
          return unleased(entryKey, mine, waitStarted, started, nearArguments, "transport fault while waiting for the lease");
        }
        if (polled.state == Lookup.State.LEASED) {
          if (!Lease.same(holder, polled.bytes)) {
            holder = polled.bytes;
            mine.witness = holder;
            mine.computationStarted();
          }
          if (!registered) {
            Object joined = joinLoader(entryKey, mine, holder, started, nearArguments);
            if (joined != RETRY) {
              return joined; // the join counted this call's wait
            }
          }
          continue;
        }
        // The holder ended without storing, its lease lapsed or was invalidated, or the namespace
        // has a new generation (its computation is worthless): claim again.
        generation = polled.generation;
        break;
      }
    }
  }

  /**
   * Waits for this process's load of the key when it holds, or waits for, the placeholder
   * {@code seen}, which this call has just seen intact in the store: its outcome then cannot
   * predate an invalidation that completed before this call began (see {@link InFlight}). Returns
   * {@link #RETRY} when there is no such load, or it was abandoned.
   */
  private Object joinLoader(
      String entryKey, InFlight mine, byte[] seen, long started, NearCache.Arguments nearArguments) {
    InFlight loader = cachet.inFlight.get(entryKey);
    if (loader == null
        || loader == mine
        || loader.epoch != counters.invalidationEpoch.get()
        || !Lease.same(loader.witness, seen)) {
      return RETRY;
    }
    return awaitLoader(entryKey, loader, started, nearArguments);
  }

  /** The caller computes without the lease: its value is returned, never stored. */
  private Load unleased(
      String entryKey,
      InFlight mine,
      long waitStarted,
      long started,
      NearCache.Arguments nearArguments,
      String why) {
    waited(waitStarted);
    counters.misses.increment();
    debug("get", entryKey, "miss, " + why, -1, started);
    return load(entryKey, Lookup.NO_GENERATION, Load.NO_LEASE, null, null, mine, nearArguments);
  }

  private void waited(long waitStarted) {
    if (waitStarted != 0) {
      counters.lockWaited(System.nanoTime() - waitStarted);
    }
  }

  /** What one attempt to take the lease found. */
  private static final class Claim {
    enum Kind {
      /** This caller holds the lease: its placeholder is {@link #holder}, with {@link #casId}. */
      HELD,
      /** Another caller of the current generation holds it: {@link #holder}. */
      HELD_BY,
      /** A usable value is stored: {@link #found}. */
      FOUND,
      /** The entry changed between two steps (an invalidation, another claim): try again. */
      CHANGED,
      FAULT
    }

    static final Claim CHANGED = new Claim(Kind.CHANGED, 0, null, null);
    static final Claim FAULT = new Claim(Kind.FAULT, 0, null, null);

    final Kind kind;
    final long casId;
    final byte[] holder;
    final Lookup found;

    private Claim(Kind kind, long casId, byte[] holder, Lookup found) {
      this.kind = kind;
      this.casId = casId;
      this.holder = holder;
      this.found = found;
    }
  }

  /**
   * One attempt to put a new placeholder under the entry key: {@code add} when the key is empty,
   * else a compare-and-swap over what it holds when that is dead (an old generation's value or
   * lease, undecodable, expired); then a {@code gets} for the placeholder's compare-and-swap id,
   * the condition of the store.
   */
  private Claim claim(String entryKey, long generation) {
    Transport transport = cachet.transport;
    Duration lease = region.leaseTime();
    byte[] placeholder = cachet.newPlaceholder(generation);
    try {
      boolean added = transport.add(entryKey, placeholder, lease);
      Transport.Versioned held = transport.gets(entryKey);
      if (held != null && Lease.same(placeholder, held.value())) {
        return new Claim(Claim.Kind.HELD, held.casId(), placeholder, null);
      }
      if (held == null || added) {
        return Claim.CHANGED; // deleted or replaced between the two steps
      }
      byte[] bytes = held.value();
      Lookup existing = decode(entryKey, generation, bytes, true);
      if (existing.usable()) {
        return new Claim(Claim.Kind.FOUND, 0, null, existing);
      }
      if (existing.state == Lookup.State.FAULT) {
        return Claim.FAULT;
      }
      if (existing.state == Lookup.State.LEASED) {
        return new Claim(Claim.Kind.HELD_BY, 0, bytes, null);
      }
      if (!transport.cas(entryKey, placeholder, lease, held.casId())) {
        return Claim.CHANGED;
      }
      Transport.Versioned mine = transport.gets(entryKey);
      return mine != null && Lease.same(placeholder, mine.value())
          ? new Claim(Claim.Kind.HELD, mine.casId(), placeholder, null)
          : Claim.CHANGED;
    } catch (RuntimeException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:lease", "lease on " + entryKey + " not taken, computing without it", e);
      // It may have landed all the same; nobody else can remove it before it lapses.
      transport.deleteWhenReachable(entryKey, placeholder);
      return Claim.FAULT;
    }
  }

  /** The caller computes; threads of this process waiting on {@code inFlight} wait for it. */
  private Load load(
      String entryKey,
      long generation,
      long casId,
      byte[] placeholder,
      byte[] lockToken,
      InFlight inFlight,
      NearCache.Arguments nearArguments) {
    if (inFlight != null) {
      inFlight.computationStarted();
    }
    return new Load(
        this, entryKey, generation, casId, placeholder, lockToken, inFlight, nearArguments);
  }

  private InFlight newInFlight(long started) {
    return new InFlight(started, region.lockTimeoutNanos(), counters.invalidationEpoch.get());
  }

  private Object countedHit(String entryKey, Lookup found, long started, String outcome) {
    counters.hits.increment();
    counters.hitBytes.add(found.size);
    debug("get", entryKey, outcome, found.size, started);
    return found.value;
  }

  /**
   * Waits for another thread's load, as long as it says (see {@link InFlight}); returns its
   * value, {@link InFlight#ABANDONED}, {@link #GAVE_UP} or {@link #INTERRUPTED}.
   */
  private static Object awaitLocal(InFlight other) {
    while (true) {
      long remaining = other.waitUntilNanos() - System.nanoTime();
      if (remaining <= 0) {
        return GAVE_UP;
      }
      try {
        return other.outcome.get(remaining, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return INTERRUPTED;
      } catch (TimeoutException e) {
        // The loading thread may have started computing since: its deadline moved; look again.
      } catch (ExecutionException e) {
        // Never completed exceptionally; treat as an abandoned load all the same.
        return InFlight.ABANDONED;
      }
    }
  }

  private void finishLocal(String entryKey, InFlight inFlight, Object outcome) {
    cachet.inFlight.remove(entryKey, inFlight);
    inFlight.outcome.complete(outcome);
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

  private Lookup reread(String entryKey) {
    return lookup(entryKey, true);
  }

  private Lookup lookup(String entryKey, boolean reread) {
    // The generation's copy on the entry's server: one round trip, to one server.
    String generationKey = cachet.transport.beside(this.generationKey, entryKey);
    if (cachet.invalidations.pending(entryKey, generationKey)) {
      // An invalidation of it has not landed yet: what the store holds cannot be trusted, and
      // nothing may be stored over it; the delegate answers, as for a fault.
      return Lookup.fault();
    }
    Map<String, byte[]> found;
    try {
      found = cachet.transport.getAll(List.of(generationKey, entryKey));
    } catch (RuntimeException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:get", "lookup of " + entryKey + " answered by the delegate", e);
      return Lookup.fault();
    }
    long generation = generationOf(found.get(generationKey));
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
    if (Lease.isPlaceholder(bytes)) {
      // A lease taken under an older generation guards a computation nobody can use.
      return Lease.generation(bytes) == generation
          ? Lookup.leased(generation, bytes)
          : Lookup.absent(generation);
    }
    StoredValue stored;
    try {
      stored = values.readIfGeneration(entryKey, bytes, generation);
    } catch (ValueException e) {
      if (!reread) {
        String reason = e.reason().name();
        counters.decodeFailure(reason);
        cachet.faults.warn("value:" + reason, "entry " + entryKey + " unreadable, treated as a miss", e);
      }
      return Lookup.absent(generation);
    } catch (TransportException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:get", "chunks of " + entryKey + " unreadable, answered by the delegate", e);
      return Lookup.fault();
    } catch (RuntimeException e) {
      if (!reread) {
        counters.decodeFailure("UNEXPECTED");
        cachet.faults.warn("value:UNEXPECTED", "entry " + entryKey + " unreadable, treated as a miss", e);
      }
      return Lookup.absent(generation);
    }
    if (stored == null) {
      return Lookup.absent(generation); // written before the last invalidateAll
    }
    Object value = stored.value();
    if (value == null ? !cacheNulls : !type.isInstance(value)) {
      if (value != null && !reread) {
        counters.decodeFailure("TYPE_MISMATCH");
        cachet.faults.warn(
            "value:TYPE_MISMATCH",
            "entry " + entryKey + " holds a " + value.getClass().getName() + ", not a " + type.getName(),
            null);
      }
      return Lookup.absent(generation);
    }
    // In milliseconds, as creation times are stored: no Instant arithmetic on every hit.
    long now = cachet.freshness.millis();
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

  /**
   * The namespace generation in {@code bytes}. Generations are written as decimal ASCII; this
   * reads them in place (parsing through a {@code String} was a tenth of an in-memory hit) and
   * leaves anything else, with its counting and logging, to {@link Cachet#parseGeneration}.
   */
  private long generationOf(byte[] bytes) {
    ParsedGeneration last = lastGeneration;
    if (bytes == last.bytes && bytes != null) {
      return last.generation;
    }
    long parsed = parseDecimal(bytes);
    if (parsed == Lookup.NO_GENERATION) {
      return cachet.parseGeneration(bytes, counters);
    }
    lastGeneration = new ParsedGeneration(bytes, parsed);
    return parsed;
  }

  /**
   * Generation bytes and the number they hold. The transport never changes an array it returned
   * (the in-memory one stores a copy of what was set), so the same array means the same number.
   */
  private record ParsedGeneration(byte[] bytes, long generation) {}

  /**
   * {@code bytes} as an optionally negative decimal {@code long}, or {@link Lookup#NO_GENERATION}
   * when they are anything else (absent, empty, a {@code '+'}, a non-digit, an overflow).
   */
  static long parseDecimal(byte[] bytes) {
    if (bytes == null) {
      return Lookup.NO_GENERATION;
    }
    boolean negative = bytes.length > 0 && bytes[0] == '-';
    int start = negative ? 1 : 0;
    if (bytes.length == start || bytes.length - start > 19) {
      return Lookup.NO_GENERATION;
    }
    long value = 0;
    for (int i = start; i < bytes.length; i++) {
      int digit = bytes[i] - '0';
      // No division per digit: it was an eighth of an in-memory hit for a 19-digit generation.
      if (digit < 0
          || digit > 9
          || value > MAX_TENTH
          || (value == MAX_TENTH && digit > Long.MAX_VALUE % 10)) {
        return Lookup.NO_GENERATION;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  /** {@code true} when taken, {@code false} when another holds it, {@code null} on a fault. */
  private Boolean tryLock(String entryKey, byte[] token) {
    try {
      return cachet.transport.add(entryKey + REFRESH_LOCK_SUFFIX, token, region.lockTimeout());
    } catch (RuntimeException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:lock", "refresh lock on " + entryKey + " not taken, serving the stale value", e);
      return null;
    }
  }

  /** The entry with its compare-and-swap id; {@code null} when absent or on a fault. */
  private Transport.Versioned getsOrNull(String entryKey) {
    try {
      return cachet.transport.gets(entryKey);
    } catch (RuntimeException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:gets", "entry " + entryKey + " not read for its refresh", e);
      return null;
    }
  }

  /** What {@link #store} did, for the log, and whether the value replaced the lease's item. */
  private record Stored(boolean stored, String outcome) {}

  /**
   * Writes the value under the generation it was computed in, over the item the lease guards
   * (compare-and-swap), and keeps it in the near cache once the store has it.
   */
  private Stored store(Load load, Object value) {
    String entryKey = load.entryKey;
    try {
      // Read before the write stamps its creation time, by the clock near entries are checked
      // against (never ahead of the stamping one): the near entry never outlives the stored one.
      long writtenAfter = load.nearArguments != null ? cachet.freshness.millis() : 0;
      WriteResult written =
          values.write(entryKey, value, load.generation, region.hardExpiry(), load.casId);
      if (!written.stored()) {
        counters.storesRefused.increment();
        return new Stored(false, "not stored: invalidated while computed, or the lease lapsed");
      }
      counters.stored(written);
      if (load.nearArguments != null) {
        near.put(load.nearArguments, value, saturatedAdd(writtenAfter, freshMillis));
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
        cachet.faults.warn(
            "value:TOO_LARGE", "value of " + entryKey + " not cached; the delegate's value was returned", e);
        return new Stored(false, "not stored: too large");
      }
      counters.storeFailures.increment();
      cachet.faults.warn("value:" + reason, "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: " + reason);
    } catch (TransportException e) {
      counters.transportFault(e);
      counters.storeFailures.increment();
      cachet.faults.warn("transport:set", "value of " + entryKey + " not cached", e);
      return new Stored(false, "not stored: transport fault");
    } catch (RuntimeException e) {
      counters.storeFailures.increment();
      cachet.faults.warn("store", "value of " + entryKey + " not cached", e);
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
