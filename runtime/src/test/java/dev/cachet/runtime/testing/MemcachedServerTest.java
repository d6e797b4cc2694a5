package dev.cachet.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class MemcachedServerTest {
  @Test
  void aStartedServerStoresAndReturnsValues() throws IOException {
    try (MemcachedServer server = MemcachedServer.start();
        TextClient client = new TextClient(server.port(), 2_000)) {
      assertEquals("127.0.0.1:" + server.port(), server.address());
      assertEquals("STORED\r\n", client.exchange("set k 0 0 5\r\nhello\r\n", "\r\n"));
      assertEquals("VALUE k 0 5\r\nhello\r\nEND\r\n", client.exchange("get k\r\n", "END\r\n"));
    }
  }

  @Test
  void extraArgumentsReachTheServer() throws IOException {
    try (MemcachedServer server = MemcachedServer.start("-I", "2m");
        TextClient client = new TextClient(server.port(), 2_000)) {
      String settings = client.exchange("stats settings\r\n", "END\r\n");
      assertTrue(settings.contains("STAT item_size_max 2097152\r\n"), settings);
    }
  }

  @Test
  void stopEndsTheProcessAndFreesThePort() {
    MemcachedServer server = MemcachedServer.start();
    server.stop();
    assertFalse(server.isRunning());
    UncheckedIOException refused =
        assertThrows(UncheckedIOException.class, () -> new TextClient(server.port(), 500).close());
    assertTrue(refused.getCause() instanceof ConnectException, refused::toString);
    server.close();
  }

  @Test
  void aPausedServerHoldsConnectionsButAnswersNothingUntilResumed() throws IOException {
    try (MemcachedServer server = MemcachedServer.start();
        TextClient client = new TextClient(server.port(), 300)) {
      server.pause();
      assertTrue(server.isPaused());
      client.send("version\r\n");
      assertTrue(client.silent(), "a paused server answered");
      server.resume();
      assertTrue(client.readUntil("\r\n").startsWith("VERSION "));
    }
  }

  @Test
  void aKilledServerRestartsEmptyOnTheSamePort() throws IOException {
    try (MemcachedServer server = MemcachedServer.start()) {
      int port = server.port();
      try (TextClient client = new TextClient(port, 2_000)) {
        client.exchange("set k 0 0 1\r\nx\r\n", "\r\n");
      }
      long firstPid = server.pid();
      server.kill();
      assertFalse(server.isRunning());
      server.restart();
      assertEquals(port, server.port());
      assertTrue(server.pid() != firstPid);
      try (TextClient client = new TextClient(port, 2_000)) {
        assertEquals("END\r\n", client.exchange("get k\r\n", "END\r\n"));
      }
    }
  }

  @Test
  void twoServersGetDifferentPorts() {
    try (MemcachedServer a = MemcachedServer.start();
        MemcachedServer b = MemcachedServer.start()) {
      assertTrue(a.port() != b.port());
    }
  }

  @Test
  void anotherServerOnThePortIsNotMistakenForOurs() {
    try (MemcachedServer first = MemcachedServer.start()) {
      IllegalStateException taken =
          assertThrows(IllegalStateException.class, () -> MemcachedServer.startOn(first.port()));
      assertTrue(taken.getMessage().contains("exited at start"), taken.getMessage());
      assertTrue(first.isRunning());
    }
  }

  @Test
  void aMissingExecutableSaysHowToInstallIt() {
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> MemcachedServer.findExecutable("/nonexistent"));
    assertEquals(
        "memcached not found: run the README test command, which installs it", missing.getMessage());
  }
}
