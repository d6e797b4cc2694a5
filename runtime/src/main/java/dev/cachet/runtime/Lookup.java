package dev.cachet.runtime;

/**
 * What one read of an entry found: the entry's value when usable, the namespace generation, and
 * (when asked for) whether a lease is held on it.
 */
final class Lookup {
  /** No generation key was read: absent, evicted, unreadable, or the read failed. */
  static final long NO_GENERATION = Long.MIN_VALUE;

  enum State {
    /** A value within its region's fresh period. */
    FRESH,
    /** A value past its fresh period but within the stale window. */
    STALE,
    /** Nothing usable: absent, expired, invalidated or undecodable. */
    ABSENT,
    /** The transport failed: the cache is treated as unreachable for this call. */
    FAULT
  }

  final State state;
  final Object value;
  final long generation;
  final boolean leaseHeld;
  final int size;
  /** When a found value stops being fresh, in epoch milliseconds. */
  final long freshUntil;

  private Lookup(
      State state, Object value, long generation, boolean leaseHeld, int size, long freshUntil) {
    this.state = state;
    this.value = value;
    this.generation = generation;
    this.leaseHeld = leaseHeld;
    this.size = size;
    this.freshUntil = freshUntil;
  }

  static Lookup found(State state, Object value, long generation, int size, long freshUntil) {
    return new Lookup(state, value, generation, false, size, freshUntil);
  }

  static Lookup absent(long generation, boolean leaseHeld) {
    return new Lookup(State.ABSENT, null, generation, leaseHeld, 0, 0);
  }

  static Lookup fault() {
    return new Lookup(State.FAULT, null, NO_GENERATION, false, 0, 0);
  }

  boolean usable() {
    return state == State.FRESH || state == State.STALE;
  }
}
