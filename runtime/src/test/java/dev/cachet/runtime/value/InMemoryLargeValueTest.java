package dev.cachet.runtime.value;

import dev.cachet.runtime.Transport;
import dev.cachet.runtime.transport.InMemoryTransport;

/** Large values through the embedded transport, which enforces memcached's item size. */
class InMemoryLargeValueTest extends LargeValueContract {
  private final InMemoryTransport transport = new InMemoryTransport();

  @Override
  Transport transport() {
    return transport;
  }
}
