package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.spi.Transport;

/** Large values through the embedded transport, which enforces memcached's item size. */
class InMemoryLargeValueTest extends LargeValueContract {
  private final InMemoryTransport transport = new InMemoryTransport();

  @Override
  Transport transport() {
    return transport;
  }
}
