package dev.cachet.runtime;

import dev.cachet.runtime.transport.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;

/** {@link CacheBehaviourContract} on the embedded in-memory store, expiring by the test's clock. */
class InMemoryCacheBehaviourTest extends CacheBehaviourContract {
  private final InMemoryTransport store = new InMemoryTransport(clock);

  @Override
  Cachet.Builder builder() {
    return Cachet.builder().transport(new SharedTransport(store)).clock(clock);
  }

  @Override
  Transport backdoor() {
    return store;
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
