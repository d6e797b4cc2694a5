package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.internal.value.WireFormat;

/**
 * What one read of an entry found: the entry's value when usable, the namespace generation, and
 * the placeholder of the miss computing it, when there is one.
 */
public final class Lookup {
  /** No generation key was read: absent, evicted, unreadable, or the read failed. */
  public static final long NO_GENERATION = WireFormat.NO_GENERATION;

  public enum State {
    /** A value within its region's fresh period. */
    FRESH,
    /** A value past its fresh period but within the stale window. */
    STALE,
    /** A miss of the current generation holds the lease: its placeholder is in {@link Lookup#bytes}. */
    LEASED,
    /** Nothing usable: absent, expired, invalidated, undecodable, or an old generation's lease. */
    ABSENT,
    /** The transport failed: the cache is treated as unreachable for this call. */
    FAULT
  }

  public final State state;
  public final Object value;
  public final long generation;
  public final int size;
  /** When a found value stops being fresh, in epoch milliseconds. */
  public final long freshUntil;
  /**
   * The entry's bytes as read: the placeholder when {@link State#LEASED}, the stored item when
   * {@link State#STALE} (a refresh stores only over exactly these bytes).
   */
  public final byte[] bytes;

  private Lookup(
      State state, Object value, long generation, int size, long freshUntil, byte[] bytes) {
    this.state = state;
    this.value = value;
    this.generation = generation;
    this.size = size;
    this.freshUntil = freshUntil;
    this.bytes = bytes;
  }

  public static Lookup found(
      State state, Object value, long generation, int size, long freshUntil, byte[] bytes) {
    return new Lookup(state, value, generation, size, freshUntil, bytes);
  }

  public static Lookup leased(long generation, byte[] placeholder) {
    return new Lookup(State.LEASED, null, generation, 0, 0, placeholder);
  }

  public static Lookup absent(long generation) {
    return new Lookup(State.ABSENT, null, generation, 0, 0, null);
  }

  public static Lookup fault() {
    return new Lookup(State.FAULT, null, NO_GENERATION, 0, 0, null);
  }

  public boolean usable() {
    return state == State.FRESH || state == State.STALE;
  }
}
