package dev.cachet.runtime.internal.transport;

import static dev.cachet.runtime.internal.transport.MemcachedTransportTest.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TextClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A frozen server applies the commands queued on its connection when it wakes, so an add whose
 * caller saw a timeout (a lease, a generation) would be left behind. The transport removes it once
 * the server answers again, unless the key holds other bytes by then. A timed-out {@code cas} is
 * left for the server to apply: conditional, it stores late only what it would have stored in time.
 */
class MemcachedTimedOutAddTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  /**
   * Queued for deletion after the entries a test is about: the undo takes its queue in order, so
   * once the witness is gone the entries before it have been dealt with.
   */
  private static final String WITNESS = "image/f00d:w/lock";

  private MemcachedTransport connect() {
    return MemcachedTransport.connect(
        MemcachedSettings.servers(memcached.addresses())
            .withOperationTimeout(Duration.ofMillis(200))
            .withCircuitBreaker(3, Duration.ofMillis(200)));
  }

  @Test
  void anAddThatTimedOutIsRemovedOnceTheServerAnswersAgain() throws IOException {
    MemcachedServer server = memcached.get();
    try (MemcachedTransport transport = connect()) {
      server.pause();
      assertThrows(TransportException.class, () -> transport.add("image/f00d:a/lock", bytes("token-1"), Duration.ofSeconds(30)));
      server.resume();
      // The server applies the queued add when it wakes ...
      assertTrue(eventually(DEADLINE, () -> succeeds(() -> transport.getAll(List.of("other")))));
      // ... and the transport deletes it (left alone, it would live 30 s).
      assertTrue(eventually(DEADLINE, () -> !heldByServer(server, "image/f00d:a/lock")), "the late add stayed");
    }
  }

  @Test
  void anItemWithOtherBytesIsLeftAlone() throws IOException {
    MemcachedServer server = memcached.get();
    try (MemcachedTransport transport = connect()) {
      server.pause();
      assertThrows(TransportException.class, () -> transport.add("image/f00d:b/lock", bytes("token-1"), Duration.ofSeconds(30)));
      // Queued after the add on the same connection: the server applies both, the set last.
      assertThrows(TransportException.class, () -> transport.set("image/f00d:b/lock", bytes("token-2"), Duration.ofSeconds(30)));
      assertThrows(
          TransportException.class, () -> transport.add(WITNESS, bytes("witness"), Duration.ofSeconds(30)));
      server.resume();
      assertTrue(eventually(DEADLINE, () -> succeeds(() -> transport.getAll(List.of("other")))));
      awaitUndone(server);
      assertArrayEquals(bytes("token-2"), transport.getAll(List.of("image/f00d:b/lock")).get("image/f00d:b/lock"));
    }
  }

  @Test
  void aReleaseThatFailedIsCompletedOnceTheServerAnswersAgain() throws IOException {
    MemcachedServer server = memcached.get();
    try (MemcachedTransport transport = connect()) {
      transport.set("image/f00d:c/lock", bytes("token-1"), Duration.ofSeconds(30));
      transport.set("image/f00d:d/lock", bytes("someone-else"), Duration.ofSeconds(30));
      transport.set(WITNESS, bytes("witness"), Duration.ofSeconds(30));
      server.pause();
      // The core's release of its lease failed: it hands the lease over for later deletion.
      transport.deleteWhenReachable("image/f00d:c/lock", bytes("token-1"));
      transport.deleteWhenReachable("image/f00d:d/lock", bytes("token-1"));
      transport.deleteWhenReachable(WITNESS, bytes("witness"));
      server.resume();
      assertTrue(eventually(DEADLINE, () -> succeeds(() -> transport.getAll(List.of("other")))));
      assertTrue(eventually(DEADLINE, () -> !heldByServer(server, "image/f00d:c/lock")), "our lease stayed");
      awaitUndone(server);
      assertArrayEquals(bytes("someone-else"), transport.getAll(List.of("image/f00d:d/lock")).get("image/f00d:d/lock"));
    }
  }

  @Test
  void aCasThatTimedOutIsNotUndoneAndLandsIfTheItemIsUnchanged() {
    MemcachedServer server = memcached.get();
    try (MemcachedTransport transport = connect()) {
      transport.add("image/f00d:e", bytes("placeholder"), Duration.ofSeconds(30));
      long id = transport.gets("image/f00d:e").casId();
      server.pause();
      TransportException timedOut =
          assertThrows(
              TransportException.class,
              () -> transport.cas("image/f00d:e", bytes("computed"), Duration.ofSeconds(30), id));
      assertTrue(timedOut.getCause() instanceof TimeoutException, String.valueOf(timedOut.getCause()));
      assertThrows(
          TransportException.class, () -> transport.add(WITNESS, bytes("witness"), Duration.ofSeconds(30)));
      server.resume();
      // The server applies the queued cas when it wakes: the item is still the placeholder read.
      assertTrue(eventually(DEADLINE, () -> succeeds(() -> transport.getAll(List.of("other")))));
      awaitUndone(server);
      assertArrayEquals(bytes("computed"), transport.getAll(List.of("image/f00d:e")).get("image/f00d:e"));
    }
  }

  private static void awaitUndone(MemcachedServer server) {
    assertTrue(eventually(DEADLINE, () -> !heldByServer(server, WITNESS)), "the undo never ran");
  }

  private static boolean heldByServer(MemcachedServer server, String key) {
    try (TextClient client = new TextClient(server.port(), 2_000)) {
      return client.exchange("get " + key + "\r\n", "END\r\n").startsWith("VALUE ");
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean succeeds(Runnable operation) {
    try {
      operation.run();
      return true;
    } catch (TransportException stillDown) {
      return false;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
