package dev.cachet.runtime.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.Nutcracker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transport contract through twemproxy ({@code nutcracker}) in front of two memcached servers:
 * the transport sees the proxy as its one server, and the proxy spreads the keys (each test's keys
 * share a random prefix, so the tests spread over both servers while one test's keys, differing
 * only at their end, mostly share one; see {@link Nutcracker}).
 */
class NutcrackerTransportContractTest extends TransportContractTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.servers(2);

  private static Nutcracker proxy;
  private MemcachedTransport transport;

  @BeforeAll
  static void startProxy() {
    proxy = Nutcracker.start(MEMCACHED.addresses());
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @BeforeEach
  void connect() {
    transport = MemcachedTransport.connect(MemcachedSettings.servers(proxy.address()));
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

  /**
   * Not part of the contract, and the one call the proxy cannot pass: twemproxy closes the
   * connection on {@code stats}. The statistics are an error for the proxy's address, and the
   * transport has no connection until Xmemcached reconnects (within the reconnect interval):
   * meanwhile every operation fails at once, and callers answer from their delegates.
   */
  @Test
  void serverStatisticsThroughTheProxyAreAnErrorAndCostTheConnectionUntilItReconnects() {
    transport.set(key("a"), bytes("alpha"), Duration.ZERO);
    Map<String, Map<String, String>> statistics = transport.serverStatistics();
    assertEquals(Set.of(proxy.address()), statistics.keySet());
    assertTrue(statistics.get(proxy.address()).containsKey("error"), statistics::toString);
    assertThrows(TransportException.class, () -> transport.getAll(List.of(key("a"))));
    assertTrue(
        MemcachedTransportTest.eventually(Duration.ofSeconds(5), () -> answers(key("a"))),
        "no reconnection within 5 s");
  }

  private boolean answers(String key) {
    try {
      return transport.getAll(List.of(key)).containsKey(key);
    } catch (TransportException notYet) {
      return false;
    }
  }
}
