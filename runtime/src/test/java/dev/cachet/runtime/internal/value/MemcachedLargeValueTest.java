package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Large values against a real memcached 1.6 with the default 1 MB item size. */
class MemcachedLargeValueTest extends LargeValueContract {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.server();

  private MemcachedTransport transport;

  @BeforeEach
  void connect() {
    // A 30 MB multi-get takes longer than a cache call should; only these tests move that much.
    transport =
        MemcachedTransport.connect(
            MemcachedSettings.servers(MEMCACHED.addresses()).withOperationTimeout(Duration.ofSeconds(10)));
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Override
  Transport transport() {
    return transport;
  }
}
