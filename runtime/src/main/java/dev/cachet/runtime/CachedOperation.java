package dev.cachet.runtime;

import dev.cachet.runtime.value.StoredValue;
import dev.cachet.runtime.value.ValueException;
import dev.cachet.runtime.value.ValueStore;
import dev.cachet.runtime.value.WriteResult;
import java.time.Duration;
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
  /** Appended to an entry's key to name its lease. Entry keys never contain {@code /} after the namespace. */
  static final String LEASE_SUFFIX = "/lock";

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
    Lookup found = lookup(entryKey, false);
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

  /** Stores the delegate's result (unless it is null and nulls are not cached) and ends the load. */
  public void put(Load load, V value) {
    if (!load.end()) {
      return;
    }
    long started = System.nanoTime();
    if (load.inFlight != null) {
      finishLocal(load.entryKey, load.inFlight, value);
    }
    String outcome;
    if (value == null && !cacheNulls) {
      outcome = "null not cached";
    } else if (!load.store) {
      outcome = "not stored: the transport just failed";
    } else {
      outcome = store(load.entryKey, load.generation, value, load.nearArguments);
    }
    releaseLease(load);
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
    if (load.inFlight != null) {
      finishLocal(load.entryKey, load.inFlight, InFlight.ABANDONED);
    }
    releaseLease(load);
    debug("abandon", load.entryKey, "abandoned", -1, System.nanoTime());
  }

  // ---------------------------------------------------------------- the three ways a get goes

  /** Past the fresh period: one caller refreshes under the lease, the others get the stale value. */
  private Object stale(
      String entryKey, Lookup found, long started, NearCache.Arguments nearArguments) {
    InFlight mine = new InFlight(started, region.lockTimeoutNanos());
    if (cachet.inFlight.putIfAbsent(entryKey, mine) != null) {
      return staleHit(entryKey, found, started);
    }
    byte[] token = cachet.newToken();
    Boolean leased = tryLease(entryKey, token);
    if (!Boolean.TRUE.equals(leased)) {
      finishLocal(entryKey, mine, InFlight.ABANDONED);
      return staleHit(entryKey, found, started);
    }
    counters.misses.increment();
    debug("get", entryKey, "stale, refreshing", found.size, started);
    return load(entryKey, found.generation, token, mine, true, nearArguments);
  }

  private Object staleHit(String entryKey, Lookup found, long started) {
    counters.staleHits.increment();
    counters.hitBytes.add(found.size);
    debug("get", entryKey, "stale hit", found.size, started);
    return found.value;
  }

  /**
   * Nothing usable: become this process's loader of the key, or wait for the thread that is,
   * never past the region's lock timeout.
   */
  private Object miss(
      String entryKey, Lookup found, long started, NearCache.Arguments nearArguments) {
    Lookup current = found;
    while (true) {
      InFlight mine = new InFlight(started, region.lockTimeoutNanos());
      InFlight other = cachet.inFlight.putIfAbsent(entryKey, mine);
      if (other != null && other.overdue()) {
        // A load nobody ended (a future that never completed): take it over instead of waiting.
        if (!cachet.inFlight.replace(entryKey, other, mine)) {
          continue;
        }
        other = null;
      }
      if (other == null) {
        return lead(entryKey, current, mine, started, nearArguments);
      }
      long waitStarted = System.nanoTime();
      Object outcome = awaitLocal(other);
      counters.lockWaited(System.nanoTime() - waitStarted);
      if (outcome == GAVE_UP || outcome == INTERRUPTED) {
        if (outcome == GAVE_UP) {
          counters.lockTimeouts.increment();
        }
        counters.misses.increment();
        debug("get", entryKey, "miss, stopped waiting for this process's load", -1, started);
        return load(
            entryKey,
            current.generation,
            null,
            null,
            current.state != Lookup.State.FAULT,
            nearArguments);
      }
      if (outcome != InFlight.ABANDONED && (outcome == null || type.isInstance(outcome))) {
        counters.hits.increment();
        debug("get", entryKey, "hit, computed by another thread", -1, started);
        return outcome;
      }
      current = reread(entryKey, false);
      if (current.state == Lookup.State.FRESH) {
        return countedHit(entryKey, current, started, "hit");
      }
      if (current.state == Lookup.State.STALE) {
        return stale(entryKey, current, started, nearArguments);
      }
    }
  }

  /** This thread loads the key for this process: take the lease, or wait for its holder. */
  private Object lead(
      String entryKey,
      Lookup found,
      InFlight mine,
      long started,
      NearCache.Arguments nearArguments) {
    if (found.state == Lookup.State.FAULT) {
      // The transport just failed: another round trip for a lease would only add a timeout.
      counters.misses.increment();
      debug("get", entryKey, "miss (transport fault)", -1, started);
      return load(entryKey, Lookup.NO_GENERATION, null, mine, false, nearArguments);
    }
    byte[] token = cachet.newToken();
    Boolean leased = tryLease(entryKey, token);
    if (leased == null) {
      counters.misses.increment();
      debug("get", entryKey, "miss, lease not taken (transport fault)", -1, started);
      return load(entryKey, Lookup.NO_GENERATION, null, mine, false, nearArguments);
    }
    if (leased) {
      return leaseTaken(entryKey, token, mine, started, nearArguments);
    }
    long waitStarted = System.nanoTime();
    Backoff backoff = new Backoff();
    Lookup current = found;
    while (true) {
      long remaining = mine.ownerGivesUpNanos() - System.nanoTime();
      if (remaining <= 0) {
        counters.lockWaited(System.nanoTime() - waitStarted);
        counters.lockTimeouts.increment();
        counters.misses.increment();
        debug("get", entryKey, "miss, lock timeout: computing without the lease", -1, started);
        return load(entryKey, current.generation, null, mine, true, nearArguments);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(backoff.nextPauseNanos(), remaining));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        counters.lockWaited(System.nanoTime() - waitStarted);
        counters.misses.increment();
        debug("get", entryKey, "miss, interrupted while waiting: computing", -1, started);
        return load(entryKey, current.generation, null, mine, true, nearArguments);
      }
      Lookup polled = reread(entryKey, true);
      if (polled.usable()) {
        counters.lockWaited(System.nanoTime() - waitStarted);
        finishLocal(entryKey, mine, polled.value);
        return polled.state == Lookup.State.FRESH
            ? countedHit(entryKey, polled, started, "hit after waiting for the lease holder")
            : staleHit(entryKey, polled, started);
      }
      if (polled.state == Lookup.State.FAULT) {
        counters.lockWaited(System.nanoTime() - waitStarted);
        counters.misses.increment();
        debug("get", entryKey, "miss (transport fault while waiting for the lease)", -1, started);
        return load(entryKey, Lookup.NO_GENERATION, null, mine, false, nearArguments);
      }
      current = polled;
      if (!polled.leaseHeld) {
        // The holder ended without storing (its delegate threw, or it died and its lease lapsed).
        Boolean retaken = tryLease(entryKey, token);
        if (retaken == null) {
          counters.lockWaited(System.nanoTime() - waitStarted);
          counters.misses.increment();
          debug("get", entryKey, "miss, lapsed lease not retaken (transport fault)", -1, started);
          return load(entryKey, Lookup.NO_GENERATION, null, mine, false, nearArguments);
        }
        if (retaken) {
          counters.lockWaited(System.nanoTime() - waitStarted);
          return leaseTaken(entryKey, token, mine, started, nearArguments);
        }
        // Another caller took the lapsed lease: a new computation, worth one more lock timeout.
        mine.computationStarted();
      }
    }
  }

  /** Holding the lease: read once more, since the previous holder may have stored just before. */
  private Object leaseTaken(
      String entryKey,
      byte[] token,
      InFlight mine,
      long started,
      NearCache.Arguments nearArguments) {
    Lookup again = reread(entryKey, false);
    if (again.usable()) {
      cachet.releaseLease(entryKey + LEASE_SUFFIX, token, counters);
      finishLocal(entryKey, mine, again.value);
      return again.state == Lookup.State.FRESH
          ? countedHit(entryKey, again, started, "hit")
          : staleHit(entryKey, again, started);
    }
    counters.misses.increment();
    debug("get", entryKey, "miss, holding the lease", -1, started);
    boolean faulted = again.state == Lookup.State.FAULT;
    return load(entryKey, again.generation, token, mine, !faulted, nearArguments);
  }

  /** The caller computes; threads of this process waiting on {@code inFlight} wait for it. */
  private Load load(
      String entryKey,
      long generation,
      byte[] leaseToken,
      InFlight inFlight,
      boolean store,
      NearCache.Arguments nearArguments) {
    if (inFlight != null) {
      inFlight.computationStarted();
    }
    return new Load(this, entryKey, generation, leaseToken, inFlight, store, nearArguments);
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
   * One round trip: the namespace generation and the entry (and the entry's lease when asked).
   * Never throws: a fault is counted, logged and returned as {@link Lookup.State#FAULT}.
   * Unusable bytes are counted by the first lookup of a call only: the re-reads of the lock
   * protocol see the same bytes again.
   */
  private Lookup lookup(String entryKey, boolean withLease) {
    return lookup(entryKey, withLease, false);
  }

  private Lookup reread(String entryKey, boolean withLease) {
    return lookup(entryKey, withLease, true);
  }

  private Lookup lookup(String entryKey, boolean withLease, boolean reread) {
    String leaseKey = withLease ? entryKey + LEASE_SUFFIX : null;
    Map<String, byte[]> found;
    try {
      found =
          cachet.transport.getAll(
              withLease
                  ? List.of(generationKey, entryKey, leaseKey)
                  : List.of(generationKey, entryKey));
    } catch (RuntimeException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:get", "lookup of " + entryKey + " answered by the delegate", e);
      return Lookup.fault();
    }
    boolean leaseHeld = withLease && found.get(leaseKey) != null;
    long generation = generationOf(found.get(generationKey));
    byte[] bytes = found.get(entryKey);
    if (generation == Lookup.NO_GENERATION || bytes == null) {
      // Without the generation an entry cannot be trusted: it may predate an invalidateAll.
      return Lookup.absent(generation, leaseHeld);
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
      return Lookup.absent(generation, leaseHeld);
    } catch (TransportException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:get", "chunks of " + entryKey + " unreadable, answered by the delegate", e);
      return Lookup.fault();
    } catch (RuntimeException e) {
      if (!reread) {
        counters.decodeFailure("UNEXPECTED");
        cachet.faults.warn("value:UNEXPECTED", "entry " + entryKey + " unreadable, treated as a miss", e);
      }
      return Lookup.absent(generation, leaseHeld);
    }
    if (stored == null) {
      return Lookup.absent(generation, leaseHeld); // written before the last invalidateAll
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
      return Lookup.absent(generation, leaseHeld);
    }
    // In milliseconds, as creation times are stored: no Instant arithmetic on every hit.
    long now = cachet.freshness.millis();
    long freshUntil = saturatedAdd(stored.createdAt().toEpochMilli(), freshMillis);
    if (now < freshUntil) {
      return Lookup.found(Lookup.State.FRESH, value, generation, stored.storedBytes(), freshUntil);
    }
    if (now < saturatedAdd(freshUntil, staleWindowMillis)) {
      return Lookup.found(Lookup.State.STALE, value, generation, stored.storedBytes(), freshUntil);
    }
    // Past the hard expiry by our clock even if the store still holds it.
    return Lookup.absent(generation, leaseHeld);
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
  private Boolean tryLease(String entryKey, byte[] token) {
    try {
      return cachet.transport.add(entryKey + LEASE_SUFFIX, token, region.lockTimeout());
    } catch (RuntimeException e) {
      counters.transportFault(e);
      cachet.faults.warn("transport:lock", "lease on " + entryKey + " not taken, computing without it", e);
      return null;
    }
  }

  private void releaseLease(Load load) {
    if (load.leaseToken != null) {
      cachet.releaseLease(load.entryKey + LEASE_SUFFIX, load.leaseToken, counters);
    }
  }

  /**
   * Writes the value under the generation it was computed in, and keeps it in the near cache once
   * the store has it; returns what happened, for the log.
   */
  private String store(
      String entryKey, long generation, Object value, NearCache.Arguments nearArguments) {
    long writeGeneration =
        generation != Lookup.NO_GENERATION
            ? generation
            : cachet.establishGeneration(generationKey, counters);
    if (writeGeneration == Lookup.NO_GENERATION) {
      counters.storeFailures.increment();
      return "not stored: no namespace generation";
    }
    try {
      // Read before the write stamps its creation time, by the clock near entries are checked
      // against (never ahead of the stamping one): the near entry never outlives the stored one.
      long writtenAfter = nearArguments != null ? cachet.freshness.millis() : 0;
      WriteResult written = values.write(entryKey, value, writeGeneration, region.hardExpiry());
      counters.stored(written);
      if (nearArguments != null) {
        near.put(nearArguments, value, saturatedAdd(writtenAfter, freshMillis));
      }
      return "stored "
          + written.storedBytes()
          + " bytes ("
          + written.serializedBytes()
          + " serialized"
          + (written.compressed() ? ", compressed)" : ")")
          + (written.chunks() > 0 ? " in " + written.chunks() + " chunks" : "");
    } catch (ValueException e) {
      String reason = e.reason().name();
      if (e.reason() == ValueException.Reason.TOO_LARGE) {
        counters.oversizeValues.increment();
        cachet.faults.warn(
            "value:TOO_LARGE", "value of " + entryKey + " not cached; the delegate's value was returned", e);
        return "not stored: too large";
      }
      counters.storeFailures.increment();
      cachet.faults.warn("value:" + reason, "value of " + entryKey + " not cached", e);
      return "not stored: " + reason;
    } catch (TransportException e) {
      counters.transportFault(e);
      counters.storeFailures.increment();
      cachet.faults.warn("transport:set", "value of " + entryKey + " not cached", e);
      return "not stored: transport fault";
    } catch (RuntimeException e) {
      counters.storeFailures.increment();
      cachet.faults.warn("store", "value of " + entryKey + " not cached", e);
      return "not stored: " + e;
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
