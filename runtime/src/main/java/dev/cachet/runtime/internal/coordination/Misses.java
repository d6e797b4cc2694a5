package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Future;

/**
 * The misses of one cached method: who computes a key, who waits for whom, and under which lease
 * the result may be stored (the package documentation has the protocol step by step). Never
 * throws for cache faults: they end in an {@link Outcome} that computes without the lease.
 */
public final class Misses {
  /** Claims of a lease that found the entry changed under them before this caller stops trying. */
  private static final int MAX_CLAIM_CHANGES = 3;
  /** Returned by a wait for another thread's load that was abandoned: look at the store again. */
  private static final Object RETRY = new Object();

  /** The start of a wait that has not begun: a clock may read any other value, 0 included. */
  private static final long NOT_WAITING = Long.MIN_VALUE;

  private final LocalLoads loads;
  private final Leases leases;
  private final Generations generations;
  private final Transport transport;
  private final NamespaceEvents namespace;
  private final Epoch epoch;
  private final Entries entries;
  private final String generationKey;
  private final Class<?> type;
  private final Duration lockTimeout;
  private final Duration leaseTime;
  /** What lock waits read and pause by. */
  private final WaitClock clock;

  Misses(
      Coordination coordination,
      String namespaceName,
      NamespaceEvents namespace,
      Epoch epoch,
      Entries entries,
      Class<?> type,
      Duration lockTimeout,
      Duration leaseTime) {
    this.loads = coordination.loads;
    this.clock = coordination.waitClock;
    this.leases = coordination.leases;
    this.generations = coordination.generations;
    this.transport = coordination.transport;
    this.namespace = namespace;
    this.epoch = epoch;
    this.entries = entries;
    this.generationKey = WireFormat.generationKey(namespaceName);
    this.type = type;
    this.lockTimeout = lockTimeout;
    this.leaseTime = leaseTime;
  }

  /** How a call that did not find a fresh value ends. */
  public static final class Outcome {
    /** The {@link #casId} of a computation that may not store: it holds no lease. */
    public static final long NO_LEASE = 0;

    public enum Kind {
      /** A fresh value, found in the store: {@link #found}. */
      FRESH,
      /** A value within the stale window, served while another caller refreshes it: {@link #found}. */
      STALE,
      /** The value another thread of this process computed: {@link #value}. */
      JOINED,
      /** The caller computes the value, and stores it only if {@link #casId} is a lease. */
      COMPUTE
    }

    public final Kind kind;
    /** For the DEBUG line: what happened. */
    public final String why;
    public final Lookup found;
    public final Object value;
    /** The generation the value is computed under, or {@link Lookup#NO_GENERATION}. */
    public final long generation;
    /**
     * The compare-and-swap id of the item the store must replace (this caller's placeholder, or
     * the stale item being refreshed), or {@link #NO_LEASE}: then nothing is stored.
     */
    public final long casId;
    /** This caller's placeholder under the entry key, to remove if nothing replaces it; or null. */
    public final byte[] placeholder;
    /** The token of the refresh lock this caller holds, or {@code null}. */
    public final byte[] lockToken;
    /** This process's record of the computation, when this caller owns it; others wait on it. */
    public final InFlight inFlight;
    /** The renewal of the lease while the value is computed, or {@code null}. */
    public final Future<?> renewal;

    private Outcome(
        Kind kind,
        String why,
        Lookup found,
        Object value,
        long generation,
        long casId,
        byte[] placeholder,
        byte[] lockToken,
        InFlight inFlight,
        Future<?> renewal) {
      this.kind = kind;
      this.why = why;
      this.found = found;
      this.value = value;
      this.generation = generation;
      this.casId = casId;
      this.placeholder = placeholder;
      this.lockToken = lockToken;
      this.inFlight = inFlight;
      this.renewal = renewal;
    }

    private static Outcome found(Lookup found, String why) {
      Kind kind = found.state == Lookup.State.FRESH ? Kind.FRESH : Kind.STALE;
      return new Outcome(kind, why, found, null, Lookup.NO_GENERATION, NO_LEASE, null, null, null, null);
    }

    private static Outcome joined(Object value) {
      return new Outcome(
          Kind.JOINED, "hit, computed by another thread", null, value, Lookup.NO_GENERATION, NO_LEASE, null, null, null, null);
    }

    /** Computes without the lease: the value is returned, never stored. */
    private static Outcome unleased(InFlight inFlight, String why) {
      return compute(why, Lookup.NO_GENERATION, NO_LEASE, null, null, inFlight, null);
    }

    private static Outcome compute(
        String why,
        long generation,
        long casId,
        byte[] placeholder,
        byte[] lockToken,
        InFlight inFlight,
        Future<?> renewal) {
      if (inFlight != null) {
        inFlight.computationStarted();
      }
      return new Outcome(
          Kind.COMPUTE, why, null, null, generation, casId, placeholder, lockToken, inFlight, renewal);
    }
  }

  /**
   * Past the fresh period: one caller refreshes under the refresh lock, the others get the stale
   * value. The refresh stores only over exactly the item it read, so an invalidation (which
   * deletes it) or another refresh made meanwhile is never undone.
   */
  public Outcome stale(String entryKey, Lookup found, long started) {
    InFlight mine = newInFlight(started);
    if (loads.register(entryKey, mine) != null) {
      return Outcome.found(found, "stale hit");
    }
    byte[] token = leases.newToken();
    if (!Boolean.TRUE.equals(leases.lockRefresh(entryKey, token, lockTimeout, namespace))) {
      loads.finish(entryKey, mine, InFlight.ABANDONED);
      return Outcome.found(found, "stale hit");
    }
    Transport.Versioned current = leases.getsOrNull(entryKey, namespace);
    if (current == null || !Arrays.equals(current.value(), found.bytes)) {
      // Refreshed, invalidated or unreadable since it was read: the stale value still answers
      // this call, which began before, but this caller has nothing to replace.
      leases.unlockRefresh(entryKey, token, namespace);
      loads.finish(entryKey, mine, InFlight.ABANDONED);
      return Outcome.found(found, "stale hit");
    }
    return Outcome.compute(
        "stale, refreshing", found.generation, current.casId(), null, token, mine, null);
  }

  /**
   * Nothing usable: become this process's loader of the key, wait for the thread that is, or, when
   * that thread's outcome could predate an invalidation this call must see, load on its own.
   */
  public Outcome miss(String entryKey, Lookup found, long started) {
    Lookup current = found;
    while (true) {
      InFlight mine = newInFlight(started);
      InFlight other = loads.register(entryKey, mine);
      if (other == null) {
        return lead(entryKey, current, mine, true, started);
      }
      LocalLoads.Join join = LocalLoads.joinable(other, current, epoch.current());
      if (join == LocalLoads.Join.NO) {
        // Later callers join this call's load instead of the one it cannot trust.
        if (!loads.replace(entryKey, other, mine)) {
          continue;
        }
        return lead(entryKey, current, mine, true, started);
      }
      if (join == LocalLoads.Join.NOT_YET) {
        return lead(entryKey, current, mine, false, started);
      }
      Object outcome = awaitLoader(other);
      if (outcome != RETRY) {
        return (Outcome) outcome;
      }
      current = entries.reread(entryKey);
      if (current.state == Lookup.State.FRESH) {
        return Outcome.found(current, "hit");
      }
      if (current.state == Lookup.State.STALE) {
        return stale(entryKey, current, started);
      }
    }
  }

  /** The computation produced {@code value}: the threads of this process waiting for it receive it. */
  public void finish(String entryKey, InFlight load, Object value) {
    loads.finish(entryKey, load, value);
  }

  /** The computation failed: the threads of this process waiting for it look at the store again. */
  public void abandon(String entryKey, InFlight load) {
    loads.finish(entryKey, load, InFlight.ABANDONED);
  }

  /**
   * Removes this caller's placeholder when no value replaced it, so that waiters need not sit out
   * the lock timeout, and releases a refresh lock.
   */
  public void release(
      String entryKey, byte[] placeholder, long casId, byte[] lockToken, boolean stored) {
    if (placeholder != null && !stored) {
      leases.releasePlaceholder(entryKey, placeholder, casId, namespace);
    }
    if (lockToken != null) {
      leases.unlockRefresh(entryKey, lockToken, namespace);
    }
  }

  /**
   * Waits for this process's load of the key; returns an outcome with its value, one that
   * computes without the lease when the wait ran out or was interrupted, or {@link #RETRY} when
   * it was abandoned.
   */
  private Object awaitLoader(InFlight other) {
    long waitStarted = clock.nanoTime();
    Object outcome = LocalLoads.await(other, clock);
    namespace.lockWaited(clock.nanoTime() - waitStarted);
    if (outcome == LocalLoads.GAVE_UP || outcome == LocalLoads.INTERRUPTED) {
      if (outcome == LocalLoads.GAVE_UP) {
        namespace.lockTimedOut();
      }
      return Outcome.unleased(null, "miss, stopped waiting for this process's load");
    }
    if (outcome != InFlight.ABANDONED && (outcome == null || type.isInstance(outcome))) {
      return Outcome.joined(outcome);
    }
    return RETRY;
  }

  /**
   * This thread loads the key, for this process when {@code registered}: it establishes the
   * namespace generation, then claims the lease (a placeholder under the entry key) or waits for
   * the caller holding it, in any process.
   */
  private Outcome lead(
      String entryKey, Lookup found, InFlight mine, boolean registered, long started) {
    if (found.state == Lookup.State.FAULT) {
      // The transport just failed: another round trip for a lease would only add a timeout.
      return Outcome.unleased(mine, "miss (transport fault)");
    }
    long generation = found.generation;
    long waitStarted = NOT_WAITING;
    Backoff backoff = null;
    byte[] holder = null;
    int changes = 0;
    // The lookup already saw who holds the lease: wait for it without claiming first.
    Leases.Claim claim =
        found.state == Lookup.State.LEASED ? Leases.Claim.heldBy(found.bytes) : null;
    while (true) {
      if (claim == null) {
        if (generation == Lookup.NO_GENERATION) {
          // Before the delegate runs: a generation written later could belong to an invalidateAll
          // made while the value was computed.
          generation = generations.establish(transport.beside(generationKey, entryKey), namespace);
          if (generation == Lookup.NO_GENERATION) {
            return unleased(mine, waitStarted, "generation unknown (transport fault)");
          }
        }
        claim = leases.claim(entryKey, generation, leaseTime, entries, namespace);
      }
      switch (claim.kind) {
        case HELD:
          waited(waitStarted);
          mine.witness = claim.holder;
          Future<?> renewal = leases.renew(entryKey, leaseTime, lockTimeout, namespace);
          return Outcome.compute(
              "miss, holding the lease", generation, claim.casId, claim.holder, null, mine, renewal);
        case FOUND:
          waited(waitStarted);
          loads.finish(entryKey, mine, claim.found.value);
          return Outcome.found(claim.found, "hit, stored by the lease holder");
        case FAULT:
          return unleased(mine, waitStarted, "lease not taken (transport fault)");
        case CHANGED:
          if (++changes >= MAX_CLAIM_CHANGES) {
            return unleased(mine, waitStarted, "lease not taken: contended");
          }
          claim = null;
          continue;
        case HELD_BY:
        default:
          break;
      }
      if (!registered) {
        Object joined = joinLoader(entryKey, mine, claim.holder);
        if (joined != RETRY) {
          return (Outcome) joined;
        }
      }
      if (holder != null && !Leases.same(holder, claim.holder)) {
        mine.computationStarted(); // another caller took the lease: worth one more lock timeout
      }
      holder = claim.holder;
      mine.witness = holder;
      claim = null;
      if (waitStarted == NOT_WAITING) {
        waitStarted = clock.nanoTime();
        backoff = new Backoff();
      }
      // Wait for the holder, in any process: its value appears, or its lease goes.
      while (true) {
        long remaining = mine.ownerGivesUpNanos() - clock.nanoTime();
        if (remaining <= 0) {
          // The holder renews its lease while it computes, so it is slow, not dead (a dead one's
          // lease lapses within the lease time): compute, and leave the store to the holder.
          namespace.lockTimedOut();
          return unleased(mine, waitStarted, "lock timeout: computing without the lease");
        }
        try {
          clock.sleepNanos(Math.min(backoff.nextPauseNanos(), remaining));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return unleased(mine, waitStarted, "interrupted while waiting: computing");
        }
        Lookup polled = entries.reread(entryKey);
        if (polled.usable()) {
          waited(waitStarted);
          loads.finish(entryKey, mine, polled.value);
          return Outcome.found(polled, "hit after waiting for the lease holder");
        }
        if (polled.state == Lookup.State.FAULT) {
          return unleased(mine, waitStarted, "transport fault while waiting for the lease");
        }
        if (polled.state == Lookup.State.LEASED) {
          if (!Leases.same(holder, polled.bytes)) {
            holder = polled.bytes;
            mine.witness = holder;
            mine.computationStarted();
          }
          if (!registered) {
            Object joined = joinLoader(entryKey, mine, holder);
            if (joined != RETRY) {
              return (Outcome) joined; // the join counted this call's wait
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
  private Object joinLoader(String entryKey, InFlight mine, byte[] seen) {
    InFlight loader = loads.of(entryKey);
    if (loader == null
        || loader == mine
        || loader.epoch != epoch.current()
        || !Leases.same(loader.witness, seen)) {
      return RETRY;
    }
    return awaitLoader(loader);
  }

  /** The caller computes without the lease: its value is returned, never stored. */
  private Outcome unleased(InFlight mine, long waitStarted, String why) {
    waited(waitStarted);
    return Outcome.unleased(mine, "miss, " + why);
  }

  private void waited(long waitStarted) {
    if (waitStarted != NOT_WAITING) {
      namespace.lockWaited(clock.nanoTime() - waitStarted);
    }
  }

  private InFlight newInFlight(long started) {
    return new InFlight(clock, started, lockTimeout.toNanos(), epoch.current());
  }
}
