package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TextClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real memcached started with {@code -S} and a sasldb of one user: the right credentials cache
 * through the binary protocol; wrong or missing ones are faults, answered by the delegate and
 * counted, never an exception at the caller.
 */
class MemcachedSaslTest {
  private static final String USER = "cachet-app";
  private static final String PASSWORD = "s3cret with spaces";
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(250);
  /** A failed call may cost one timed-out operation plus bookkeeping; three timeouts is generous. */
  private static final long CALL_BOUND_MILLIS = 3 * OPERATION_TIMEOUT.toMillis();

  private static MemcachedServer server;

  @BeforeAll
  static void startServer() {
    server = MemcachedServer.startWithSasl(USER, PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) { // null when it never started
      server.close();
    }
  }

  @Test
  void theServerReallyDemandsAuthentication() throws IOException {
    try (TextClient text = new TextClient(server.port(), 500)) {
      // -S turns the text protocol off: no statistics come back, however long one waits.
      assertThrows(IOException.class, () -> text.exchange("stats\r\n", "END\r\n"));
    }
  }

  @Test
  void theRightCredentialsCacheThroughTheBinaryProtocol() {
    try (Cachet cachet = open(PASSWORD)) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      assertEquals("computed", image.get(Decorated.key("image", "a"), () -> "computed"));
      assertEquals("computed", image.get(Decorated.key("image", "a"), () -> "delegate again"));
      assertEquals(1, image.delegateCalls.get());
      CacheStatistics.Counts counts = cachet.statistics().namespace("image");
      assertEquals(1, counts.hits());
      assertEquals(0, counts.transportErrors());
    }
  }

  /** The binary protocol's {@code cas} is a {@code set} carrying the id. */
  @Test
  void compareAndSwapWorksThroughTheBinaryProtocol() {
    try (MemcachedTransport transport = connectBinary()) {
      assertNull(transport.gets("cas:absent"));
      assertTrue(transport.add("cas:a", utf8("placeholder"), Duration.ofMinutes(1)));
      Transport.Versioned lease = transport.gets("cas:a");
      assertArrayEquals(utf8("placeholder"), lease.value());
      assertTrue(transport.cas("cas:a", utf8("computed"), Duration.ZERO, lease.casId()));
      assertFalse(transport.cas("cas:a", utf8("late"), Duration.ZERO, lease.casId()));
      assertTrue(transport.delete("cas:a"));
      assertFalse(transport.cas("cas:a", utf8("late"), Duration.ZERO, lease.casId()));
      assertNull(transport.gets("cas:a"));
    }
  }

  /** There a cas with id 0 would be an unconditional set; the transport never sends one. */
  @Test
  void aCasIdOfZeroNeverStoresThroughTheBinaryProtocol() {
    try (MemcachedTransport transport = connectBinary()) {
      transport.set("cas:zero", utf8("held"), Duration.ZERO);
      assertFalse(transport.cas("cas:zero", utf8("replaced"), Duration.ZERO, 0));
      assertFalse(transport.cas("cas:zero-absent", utf8("created"), Duration.ZERO, 0));
      assertArrayEquals(utf8("held"), transport.gets("cas:zero").value());
      assertNull(transport.gets("cas:zero-absent"));
    }
  }

  /**
   * Unlike the text protocol, which keeps the held item, memcached's binary protocol unlinks it
   * when a cas is refused as too large, as it does for a set (the binary cas is a set).
   */
  @Test
  void aCasRefusedAsTooLargeRemovesTheHeldItemThroughTheBinaryProtocol() {
    try (MemcachedTransport transport = connectBinary()) {
      transport.set("cas:big", utf8("held"), Duration.ZERO);
      long id = transport.gets("cas:big").casId();
      byte[] tooLarge = new byte[1_048_517];
      assertThrows(TransportException.class, () -> transport.cas("cas:big", tooLarge, Duration.ZERO, id));
      assertNull(transport.getAll(List.of("cas:big")).get("cas:big"));
    }
  }

  @Test
  void propertiesConfigureAuthentication() {
    Properties properties = new Properties();
    properties.setProperty("cachet.servers", server.address());
    properties.setProperty("cachet.username", USER);
    properties.setProperty("cachet.password", PASSWORD);
    properties.setProperty("cachet.region.r.expire", "PT10M");
    try (Cachet cachet = Cachet.fromProperties(properties)) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      image.get(Decorated.key("image", "p"), () -> "computed");
      assertEquals("computed", image.get(Decorated.key("image", "p"), () -> "delegate again"));
      assertEquals(1, image.delegateCalls.get());
    }
  }

  @Test
  void aWrongPasswordIsAnsweredByTheDelegateAndCounted() {
    try (Cachet cachet = open("not the password")) {
      assertFailsOpen(cachet);
    }
  }

  @Test
  void noCredentialsAgainstASaslServerIsAnsweredByTheDelegateAndCounted() {
    try (Cachet cachet =
        Cachet.builder()
            .memcached(server.address())
            .operationTimeout(OPERATION_TIMEOUT)
            .region("r", Duration.ofMinutes(10))
            .build()) {
      assertFailsOpen(cachet);
    }
  }

  @Test
  void authenticationWithoutMemcachedIsRefusedAtBuild() {
    Cachet.Builder builder = Cachet.builder().inMemory().authentication(USER, PASSWORD);
    IllegalStateException refused = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(refused.getMessage().contains("authentication applies to memcached"), refused.getMessage());
  }

  @Test
  void aUsernameWithoutAPasswordInPropertiesIsAnError() {
    Properties properties = new Properties();
    properties.setProperty("cachet.servers", server.address());
    properties.setProperty("cachet.username", USER);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> Cachet.fromProperties(properties));
    assertTrue(refused.getMessage().contains("cachet.username and cachet.password go together"), refused.getMessage());
  }

  @Test
  void thePasswordIsNeverPrinted() {
    MemcachedSettings settings = MemcachedSettings.servers(server.address()).withAuthentication(USER, PASSWORD);
    assertFalse(settings.toString().contains(PASSWORD), settings.toString());
    assertTrue(settings.toString().contains(USER), settings.toString());
  }

  private static void assertFailsOpen(Cachet cachet) {
    Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
    long slowest = 0;
    for (int i = 0; i < 5; i++) {
      String answer = "delegate-" + i;
      long started = System.nanoTime();
      assertEquals(answer, image.get(Decorated.key("image", "w"), () -> answer));
      slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
    assertEquals(5, image.delegateCalls.get());
    assertTrue(slowest < CALL_BOUND_MILLIS, "slowest call " + slowest + " ms");
    CacheStatistics.Counts counts = cachet.statistics().namespace("image");
    assertEquals(0, counts.hits());
    assertTrue(counts.transportErrors() >= 5, "transport errors: " + counts.transportErrors());
  }

  private static MemcachedTransport connectBinary() {
    return MemcachedTransport.connect(
        MemcachedSettings.servers(server.address()).withAuthentication(USER, PASSWORD));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Cachet open(String password) {
    return Cachet.builder()
        .memcached(server.address())
        .authentication(USER, password)
        .operationTimeout(OPERATION_TIMEOUT)
        .region("r", Duration.ofMinutes(10))
        .build();
  }
}
