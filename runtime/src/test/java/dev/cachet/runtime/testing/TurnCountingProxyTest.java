package dev.cachet.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TurnCountingProxyTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.server();

  @Test
  void oneRequestAndItsReplyAreOneTurn() throws IOException {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        TextClient client = new TextClient(port(proxy), 2_000)) {
      assertEquals("END\r\n", client.exchange("get absent\r\n", "END\r\n"));
      assertEquals(1, proxy.turns());
    }
  }

  @Test
  void eachRequestWaitingForAReplyIsATurn() throws IOException {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        TextClient client = new TextClient(port(proxy), 2_000)) {
      client.exchange("set k 0 0 1\r\nx\r\n", "\r\n");
      client.exchange("get k\r\n", "END\r\n");
      client.exchange("delete k\r\n", "\r\n");
      assertEquals(3, proxy.turns());
    }
  }

  @Test
  void pipelinedRequestsSentTogetherAreOneTurn() throws IOException {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        TextClient client = new TextClient(port(proxy), 2_000)) {
      client.send("get a\r\nget b\r\nget c\r\n");
      client.readUntil("END\r\nEND\r\nEND\r\n");
      assertEquals(1, proxy.turns());
    }
  }

  @Test
  void resetZeroesTheCountAndKeepsConnections() throws IOException {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        TextClient client = new TextClient(port(proxy), 2_000)) {
      client.exchange("get a\r\n", "END\r\n");
      proxy.reset();
      assertEquals(0, proxy.turns());
      assertEquals(0, proxy.bytesToServer());
      client.exchange("get a\r\n", "END\r\n");
      assertEquals(1, proxy.turns());
      assertEquals("get a\r\n".length(), proxy.bytesToServer());
    }
  }

  @Test
  void turnsOfSeveralConnectionsAddUp() throws IOException {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        TextClient first = new TextClient(port(proxy), 2_000);
        TextClient second = new TextClient(port(proxy), 2_000)) {
      first.exchange("get a\r\n", "END\r\n");
      second.exchange("get a\r\n", "END\r\n");
      first.exchange("get a\r\n", "END\r\n");
      assertEquals(3, proxy.turns());
    }
  }

  private static int port(TurnCountingProxy proxy) {
    return Integer.parseInt(proxy.address().substring(proxy.address().lastIndexOf(':') + 1));
  }
}
