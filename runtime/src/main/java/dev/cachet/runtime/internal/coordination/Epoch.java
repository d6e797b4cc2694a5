package dev.cachet.runtime.internal.coordination;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A namespace's invalidation epoch in this process, the state the consistency promise rests on
 * here: every invalidation advances it after the store changed, and so does a near-cache sync
 * that learns of another process's. A near entry is served, and a load in progress joined, only
 * while the epoch it recorded before its value was read or computed is current.
 */
public class Epoch {
  private final AtomicLong value = new AtomicLong();

  Epoch() {}

  /** The epoch to record before a value is read or computed, and to compare with afterwards. */
  public long current() {
    return value.get();
  }

  /** Retires every near entry and load of the namespace begun before now. */
  void advance() {
    value.incrementAndGet();
  }
}
