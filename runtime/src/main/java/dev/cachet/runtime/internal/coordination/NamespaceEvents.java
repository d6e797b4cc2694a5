package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.DecodeFailure;
import dev.cachet.runtime.internal.value.WriteResult;

/**
 * What the coordination of one namespace reports to the runtime's statistics. Counting only: the
 * namespace's invalidation epoch, which the promise depends on, is an {@link Epoch}.
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
        public void stored(WriteResult written) {}

        @Override
        public void storeRefused() {}

        @Override
        public void storeFailed() {}

        @Override
        public void oversize() {}

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

  /** A value was stored, as {@code written} says. */
  void stored(WriteResult written);

  /** A conditional store was refused: the lease it held was gone (invalidated, or lapsed). */
  void storeRefused();

  /** A value could not be stored: a fault of the pipeline or the transport. */
  void storeFailed();

  /** A value was larger than the largest value stored. */
  void oversize();
}
