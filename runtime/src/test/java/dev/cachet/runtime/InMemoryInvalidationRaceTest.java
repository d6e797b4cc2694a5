package dev.cachet.runtime;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.spi.Transport;

/**
 * {@link InvalidationRaceContract} on the embedded in-memory store: every process's
 * {@link Cachet} shares one {@link InMemoryTransport}, as processes share a memcached pool, and
 * the store's expiry follows the test's clock (so a lease lapses only when the test says so).
 */
class InMemoryInvalidationRaceTest extends InvalidationRaceContract {
  private final InMemoryTransport store = new InMemoryTransport(clock);

  @Override
  Transport connect() {
    return new SharedTransport(store);
  }

  @Override
  void closeStore() {
    store.close();
  }
}
