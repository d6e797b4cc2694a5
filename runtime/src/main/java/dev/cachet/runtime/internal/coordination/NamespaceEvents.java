package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.DecodeFailure;

/**
 * What the coordination of one namespace reports to the runtime's statistics, and the one piece
 * of state it shares with the near cache: the namespace's invalidation epoch in this process.
 */
public interface NamespaceEvents {
  /** Counts nothing: for a second look at bytes a first look already counted. */
  NamespaceEvents UNCOUNTED =
      new NamespaceEvents() {
        @Override
        public void transportFault(Throwable fault) {}

        @Override
        public void decodeFailure(DecodeFailure reason) {}

        @Override
        public void lockWaited(long nanos) {}

        @Override
        public void lockTimedOut() {}

        @Override
        public void invalidated() {}

        @Override
        public void invalidationUnacknowledged() {}

        @Override
        public void invalidationRetried() {}

        @Override
        public void invalidationAbandoned() {}

        @Override
        public long invalidationEpoch() {
          return 0;
        }

        @Override
        public void advanceInvalidationEpoch() {}
      };

  /** A transport operation failed or timed out. */
  void transportFault(Throwable fault);

  /** Bytes under a key of the namespace could not be read, for {@code reason}. */
  void decodeFailure(DecodeFailure reason);

  /** A caller waited for another's computation of a key, {@code nanos} long. */
  void lockWaited(long nanos);

  /** A caller stopped waiting for another's computation and computed the key itself. */
  void lockTimedOut();

  /** An invalidation of the namespace was asked for. */
  void invalidated();

  /** An invalidation (one server's, for an {@code invalidateAll}) was not acknowledged at once. */
  void invalidationUnacknowledged();

  /** An unacknowledged invalidation landed on a retry. */
  void invalidationRetried();

  /** An unacknowledged invalidation was given up while its entries could still be served. */
  void invalidationAbandoned();

  /**
   * The namespace's invalidation epoch in this process: advanced by every invalidation after the
   * store changed. A near entry is served, and a load in progress joined, only while the epoch it
   * recorded is current.
   */
  long invalidationEpoch();

  /** Advances {@link #invalidationEpoch()}. */
  void advanceInvalidationEpoch();
}
