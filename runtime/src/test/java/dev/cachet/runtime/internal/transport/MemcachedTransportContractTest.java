package dev.cachet.runtime.internal.transport;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport contract against a real memcached 1.6 server with the default {@code -I 1m}. */
class MemcachedTransportContractTest extends TransportContractTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.server();

  private MemcachedTransport transport;

  @BeforeEach
  void connect() {
    transport = MemcachedTransport.connect(MemcachedSettings.servers(MEMCACHED.addresses()));
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Override
  Transport transport() {
    return transport;
  }

  @Override
  void waitPast(Duration expiry) {
    sleepPastServerExpiry(expiry);
  }
}
