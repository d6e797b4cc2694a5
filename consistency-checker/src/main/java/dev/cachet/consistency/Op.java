package dev.cachet.consistency;

/**
 * One recorded operation. Times are {@code System.nanoTime()}, which on Linux is
 * {@code CLOCK_MONOTONIC}: one clock for every process of the machine, so intervals recorded by
 * different workers can be compared.
 *
 * @param process the worker's index in the run
 * @param thread the thread's index in its worker
 * @param key the item id
 * @param start when the call began
 * @param mid for a write, when the delegate's increment had happened; for a read answered by
 *     this thread's own delegate call ({@link #DELEGATE}), when that call read the truth; else -1
 * @param end when the call returned: for a write, after its invalidation returned too
 * @param version for a read the version returned, for a write the version written; -1 when unknown
 * @param flags {@link #DELEGATE}, {@link #FAILED}, {@link #WRONG_ITEM}, {@link #FAULT},
 *     {@link #UNACKNOWLEDGED}, {@link #NO_ROUND_TRIP}
 */
record Op(
    int process, int thread, OpType type, int key, long start, long mid, long end, long version, int flags) {

  /** A read answered by this thread's own delegate call (not by the cache or another thread). */
  static final int DELEGATE = 1;
  /** An exception reached the caller; a failed write counts as never having completed. */
  static final int FAILED = 2;
  /** A read returned {@code null} or another key's item. */
  static final int WRONG_ITEM = 4;
  /**
   * An operation of the cache on the caller's thread threw a transport fault during the call:
   * for a read, its lookup (or a later step) could not reach the store.
   */
  static final int FAULT = 8;
  /** A write whose invalidation the store did not acknowledge (for invalidateAll: on some server). */
  static final int UNACKNOWLEDGED = 16;
  /**
   * A read that made no round trip to the store: every lookup of the call was skipped because an
   * invalidation made by its own process had not landed yet.
   */
  static final int NO_ROUND_TRIP = 32;

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** A read. */
  static Op read(int process, int thread, int key, long start, long end, long version) {
    return new Op(process, thread, OpType.READ, key, start, -1, end, version, 0);
  }

  /** A write whose increment happened at {@code mid} and whose invalidation returned by {@code end}. */
  static Op write(
      int process, int thread, OpType type, int key, long start, long mid, long end, long version) {
    return new Op(process, thread, type, key, start, mid, end, version, 0);
  }

  Op withFlags(int more) {
    return new Op(process, thread, type, key, start, mid, end, version, flags | more);
  }

  Op withMid(long newMid) {
    return new Op(process, thread, type, key, start, newMid, end, version, flags);
  }

  /** {@code p1/t3}: where it ran. */
  String where() {
    return "p" + process + "/t" + thread;
  }
}
