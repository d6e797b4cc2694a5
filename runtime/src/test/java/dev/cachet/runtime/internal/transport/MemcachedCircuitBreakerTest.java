package dev.cachet.runtime.internal.transport;

import static dev.cachet.runtime.internal.transport.MemcachedTransportTest.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TextClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * A frozen (SIGSTOP) server keeps its connection, so without a breaker every operation on its keys
 * waits the whole op timeout. With one, a few timeouts open it and the keys fail at once.
 */
class MemcachedCircuitBreakerTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.servers(2);

  private static final Duration OP_TIMEOUT = Duration.ofMillis(300);
  private static final Duration COOL_OFF = Duration.ofMillis(400);
  /**
   * "At once": a third of the op timeout. A refused operation takes microseconds; the rest is room
   * for a GC or scheduling pause on a two-core machine shared with other builds.
   */
  private static final Duration FAST = Duration.ofMillis(100);
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(10);

  private static MemcachedTransport connect(String servers) {
    return MemcachedTransport.connect(
        MemcachedSettings.servers(servers)
            .withOperationTimeout(OP_TIMEOUT)
            .withReconnectInterval(Duration.ofMillis(200))
            .withCircuitBreaker(3, COOL_OFF));
  }

  @Test
  void afterThreeTimeoutsAPausedServersKeysFailAtOnceUntilItIsResumed() {
    MemcachedServer server = MEMCACHED.get(0);
    try (MemcachedTransport transport = connect(server.address())) {
      transport.set("k", bytes("v"), Duration.ZERO);
      server.pause();
      for (int i = 0; i < 3; i++) {
        assertThrows(TransportException.class, () -> transport.getAll(List.of("k")));
      }
      assertTrue(
          refusedAtOnce(() -> transport.getAll(List.of("k"))), "three timeouts did not open the breaker");
      // Every operation, for the whole cool-off and beyond (one probe per cool-off pays the timeout).
      int fast = 0;
      int slow = 0;
      long until = System.nanoTime() + COOL_OFF.multipliedBy(2).toNanos();
      while (System.nanoTime() < until) {
        long took = timeOfFailure(() -> transport.getAll(List.of("k")));
        if (took < FAST.toNanos()) {
          fast++;
        } else {
          slow++;
        }
        timeOfFailure(() -> transport.set("k", bytes("w"), Duration.ZERO));
        timeOfFailure(() -> transport.add("k2", bytes("w"), Duration.ZERO));
        timeOfFailure(() -> transport.delete("k"));
      }
      assertTrue(fast > 20, "only " + fast + " operations failed at once");
      assertTrue(slow <= 3, slow + " lookups waited although the breaker was open (one probe per cool-off)");

      server.resume();
      assertTrue(
          eventually(RECOVERY_DEADLINE, () -> succeeds(() -> transport.getAll(List.of("k")))),
          "no read succeeded within " + RECOVERY_DEADLINE + " of the resume");
      assertFalse(refusedAtOnce(() -> transport.getAll(List.of("k"))));
      // (The writes sent while it was frozen reach it after the resume; read a fresh key.)
      transport.set("after", bytes("resumed"), Duration.ZERO);
      assertArrayEquals(bytes("resumed"), transport.getAll(List.of("after")).get("after"));
    }
  }

  @Test
  void everyOperationAsksTheBreakerNotOnlyLookups() {
    MemcachedServer server = MEMCACHED.get(0);
    try (MemcachedTransport transport = connect(server.address())) {
      transport.set("k", bytes("v"), Duration.ZERO);
      server.pause();
      for (int i = 0; i < 3; i++) {
        assertThrows(TransportException.class, () -> transport.set("k", bytes("v"), Duration.ZERO));
      }
      assertFastFailure(() -> transport.set("k", bytes("w"), Duration.ZERO));
      assertFastFailure(() -> transport.add("k2", bytes("w"), Duration.ZERO));
      assertFastFailure(() -> transport.delete("k"));
      assertFastFailure(() -> transport.getAll(List.of("k", "k2")));
      assertFastFailure(() -> transport.gets("k"));
      assertFastFailure(() -> transport.cas("k", bytes("w"), Duration.ZERO, 1));
    }
  }

  @Test
  void aPausedServerInAPoolOpensOnlyItsOwnBreaker() throws IOException {
    MemcachedServer healthy = MEMCACHED.get(0);
    MemcachedServer frozen = MEMCACHED.get(1);
    try (MemcachedTransport pool = connect(MEMCACHED.addresses())) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        keys.add("image/f00d:user" + i);
        pool.set(keys.get(i), bytes("value " + i), Duration.ZERO);
      }
      List<String> onHealthy = keysHeldBy(healthy, keys);
      List<String> onFrozen = new ArrayList<>(keys);
      onFrozen.removeAll(onHealthy);
      assertFalse(onHealthy.isEmpty() || onFrozen.isEmpty(), "all keys on one server");

      frozen.pause();
      // Lookups spanning both servers time out: they must be charged to the frozen one only.
      List<String> both = List.of(onHealthy.get(0), onFrozen.get(0));
      for (int i = 0; i < 6; i++) {
        assertThrows(TransportException.class, () -> pool.getAll(both));
      }
      assertTrue(
          refusedAtOnce(() -> pool.getAll(List.of(onFrozen.get(0)))), "the frozen server's breaker is closed");
      assertFalse(
          refusedAtOnce(() -> pool.getAll(List.of(onHealthy.get(0)))), "the healthy server's breaker opened");
      for (String key : onHealthy) {
        long started = System.nanoTime();
        assertArrayEquals(bytes("value " + keys.indexOf(key)), pool.getAll(List.of(key)).get(key));
        pool.set(key, bytes("again"), Duration.ZERO);
        assertTrue(System.nanoTime() - started < OP_TIMEOUT.toNanos(), "a healthy key waited");
      }
      assertFastFailure(() -> pool.getAll(List.of(onFrozen.get(1))));
    }
  }

  private static void assertFastFailure(Executable operation) {
    long took = timeOfFailure(operation);
    assertTrue(
        took < FAST.toNanos(),
        "failed after " + took / 1_000_000 + " ms; the op timeout is " + OP_TIMEOUT.toMillis() + " ms");
  }

  /** Whether an open breaker refused {@code operation} without sending it to its server. */
  private static boolean refusedAtOnce(Executable operation) {
    try {
      operation.execute();
      return false;
    } catch (TransportException e) {
      return e.getMessage().contains("refused at once");
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  private static long timeOfFailure(Executable operation) {
    long started = System.nanoTime();
    assertThrows(TransportException.class, operation);
    return System.nanoTime() - started;
  }

  private static boolean succeeds(Runnable operation) {
    try {
      operation.run();
      return true;
    } catch (TransportException stillDown) {
      return false;
    }
  }

  /** Asks the server itself, past the transport, which of {@code keys} it holds, in their order. */
  static List<String> keysHeldBy(MemcachedServer server, List<String> keys) throws IOException {
    try (TextClient client = new TextClient(server.port(), 2_000)) {
      String reply = client.exchange("get " + String.join(" ", keys) + "\r\n", "END\r\n");
      return reply.lines().filter(line -> line.startsWith("VALUE ")).map(line -> line.split(" ")[1]).toList();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
