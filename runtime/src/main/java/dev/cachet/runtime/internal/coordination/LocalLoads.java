package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The keys being computed in this process: one load per key, which the other threads missing it
 * wait for, when they may (see {@link InFlight}).
 */
final class LocalLoads {
  /** Returned by a wait for another thread's load that ran out of time. */
  static final Object GAVE_UP = new Object();
  /** Returned by a wait for another thread's load that was interrupted (the flag is restored). */
  static final Object INTERRUPTED = new Object();

  private final ConcurrentHashMap<String, InFlight> loads = new ConcurrentHashMap<>();

  /** Whether a call whose lookup found {@code current} may wait for {@code other}'s load. */
  enum Join {
    YES,
    /** Its outcome could predate an invalidation the call must see. */
    NO,
    /** Not known yet: the load has not taken or seen a lease; the call finds out by claiming. */
    NOT_YET
  }

  /** Registers {@code mine} as the key's load; returns the one already there, if any. */
  InFlight register(String entryKey, InFlight mine) {
    return loads.putIfAbsent(entryKey, mine);
  }

  /** Makes {@code mine} the key's load in place of {@code other}, if that is still there. */
  boolean replace(String entryKey, InFlight other, InFlight mine) {
    return loads.replace(entryKey, other, mine);
  }

  InFlight of(String entryKey) {
    return loads.get(entryKey);
  }

  /** Ends {@code load}: its waiters receive {@code outcome}, and newcomers no longer find it. */
  void finish(String entryKey, InFlight load, Object outcome) {
    loads.remove(entryKey, load);
    load.outcome.complete(outcome);
  }

  /**
   * A call may receive the outcome of a load that began before it only if no invalidation that
   * completed before the call began could have come after the load's computation began: see
   * {@link InFlight}. When neither can reach the store, local invalidations still count, and the
   * call may receive a value computed up to twice the lock timeout before it (docs/consistency.md).
   */
  static Join joinable(InFlight other, Lookup current, long epoch) {
    if (other.overdue() || other.epoch != epoch) {
      return Join.NO;
    }
    byte[] witness = other.witness;
    if (current.state == Lookup.State.FAULT) {
      return witness == null ? Join.YES : Join.NO;
    }
    if (witness == null) {
      return Join.NOT_YET;
    }
    return current.state == Lookup.State.LEASED && Leases.same(witness, current.bytes)
        ? Join.YES
        : Join.NO;
  }

  /**
   * Waits for another thread's load, as long as it says (see {@link InFlight}) on {@code clock};
   * returns its value, {@link InFlight#ABANDONED}, {@link #GAVE_UP} or {@link #INTERRUPTED}.
   */
  static Object await(InFlight other, WaitClock clock) {
    while (true) {
      long remaining = other.waitUntilNanos() - clock.nanoTime();
      if (remaining <= 0) {
        return GAVE_UP;
      }
      try {
        return clock.await(other.outcome, remaining);
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
}
