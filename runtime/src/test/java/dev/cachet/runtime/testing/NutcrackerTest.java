package dev.cachet.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NutcrackerTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.servers(2);

  @Test
  void theProxySpreadsKeysOverItsServers() throws IOException {
    try (Nutcracker proxy = Nutcracker.start(MEMCACHED.addresses());
        TextClient client = new TextClient(proxy.port(), 2_000)) {
      assertEquals("127.0.0.1:" + proxy.port(), proxy.address());
      // Random keys: twemproxy's fnv1a_64 spreads poorly keys that differ only at their end.
      for (int i = 0; i < 20; i++) {
        String key = "k" + UUID.randomUUID();
        assertEquals("STORED\r\n", client.exchange("set " + key + " 0 0 1\r\nx\r\n", "\r\n"));
      }
      int onFirst = itemsOn(MEMCACHED.get(0));
      int onSecond = itemsOn(MEMCACHED.get(1));
      assertEquals(20, onFirst + onSecond);
      assertTrue(onFirst > 0 && onSecond > 0, onFirst + " and " + onSecond + " items");
    }
  }

  @Test
  void theProxyClosesTheConnectionOnCommandsItDoesNotKnow() throws IOException {
    try (Nutcracker proxy = Nutcracker.start(MEMCACHED.addresses())) {
      for (String unknown : new String[] {"mg k v\r\n", "stats\r\n"}) {
        try (TextClient client = new TextClient(proxy.port(), 2_000)) {
          IOException closed = assertThrows(IOException.class, () -> client.exchange(unknown, "\r\n"), unknown);
          assertTrue(closed.getMessage().startsWith("closed after"), closed::toString);
        }
      }
    }
  }

  @Test
  void stopEndsTheProcessAndFreesThePort() {
    Nutcracker proxy = Nutcracker.start(MEMCACHED.addresses());
    assertTrue(proxy.isRunning());
    proxy.stop();
    assertFalse(proxy.isRunning());
    UncheckedIOException refused =
        assertThrows(UncheckedIOException.class, () -> new TextClient(proxy.port(), 500).close());
    assertTrue(refused.getCause() instanceof ConnectException, refused::toString);
    proxy.close();
  }

  private static int itemsOn(MemcachedServer server) throws IOException {
    try (TextClient direct = new TextClient(server.port(), 2_000)) {
      String stats = direct.exchange("stats\r\n", "END\r\n");
      int at = stats.indexOf("STAT curr_items ") + "STAT curr_items ".length();
      return Integer.parseInt(stats.substring(at, stats.indexOf("\r\n", at)));
    }
  }
}
