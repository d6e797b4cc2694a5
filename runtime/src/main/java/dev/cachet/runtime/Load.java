package dev.cachet.runtime;

/**
 * A miss in progress: returned by {@link CachedOperation#get} when the caller must call the
 * delegate. It may hold the entry's lease (the stampede lock); {@link CachedOperation#put} or
 * {@link #abandon()} releases it.
 */
public final class Load {
  Load() {}

  /** Ends the load without storing anything: the delegate threw. Releases a held lease. */
  public void abandon() {
    throw new UnsupportedOperationException("runtime not wired yet");
  }
}
