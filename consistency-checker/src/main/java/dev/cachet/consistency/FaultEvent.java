package dev.cachet.consistency;

import java.util.Objects;

/**
 * One step of the faults a run applied to its victim server (on a Redis Cluster, the victim's shard): what it did ({@link Kind}), when
 * applying it began ({@code began}) and when it was known to be in effect ({@code nanos}), both
 * {@code System.nanoTime()}. It took effect somewhere between the two, so the checker takes a
 * fault as beginning at {@code began} and ending at {@code nanos}: the widest it can have been.
 */
record FaultEvent(Kind kind, long began, long nanos, String what) {
  /** What one step did to the victim. */
  enum Kind {
    /** SIGSTOP: frozen, its connections open; {@link #RESUMED} ends it. */
    PAUSED,
    /** SIGCONT. */
    RESUMED,
    /** SIGKILL: gone, its connections closed; {@link #RESTARTED} ends it. */
    KILLED,
    /** Started again, empty, on the same port. */
    RESTARTED,
    /** Every connection to it dropped while it runs on: a fault that begins and ends at once. */
    DROPPED,
    /**
     * On a Redis Cluster: the victim primary's replica was promoted by the cluster itself, seen as
     * the owner of the slots by every running node; it ends the {@link #KILLED} before it, or
     * happened during a {@link #PAUSED}.
     */
    PROMOTED,
    /**
     * On a Redis Cluster: one slot moved from one primary to another ({@code SETSLOT MIGRATING/IMPORTING},
     * {@code MIGRATE} key by key, {@code SETSLOT NODE}) while calls ran, from the first command to
     * every node seeing the new owner.
     */
    MIGRATED,
    /** A step that could not be applied; the run is void then. */
    FAILED
  }

  FaultEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(what, "what");
    if (nanos - began < 0) {
      throw new IllegalArgumentException("a fault in effect before it began: " + began + " > " + nanos);
    }
  }

  /** How long applying it took. */
  long tookNanos() {
    return nanos - began;
  }
}
