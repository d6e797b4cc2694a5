package dev.cachet.runtime.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TextClient;
import dev.cachet.runtime.testing.TurnCountingProxy;
import dev.cachet.runtime.testing.Waiting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only the memcached transport does: expiry on the wire, raw storage, server lists. */
class MemcachedTransportTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.server();

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

  private MemcachedTransport transport;

  @BeforeEach
  void connect() {
    transport = MemcachedTransport.connect(MemcachedSettings.servers(MEMCACHED.addresses()));
  }

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void zeroExpiryIsZeroExptime() {
    assertEquals(0, Exptime.of(Duration.ZERO, FIXED));
  }

  @Test
  void subSecondExpiriesRoundUpToWholeSeconds() {
    assertEquals(1, Exptime.of(Duration.ofNanos(1), FIXED));
    assertEquals(1, Exptime.of(Duration.ofMillis(999), FIXED));
    assertEquals(1, Exptime.of(Duration.ofSeconds(1), FIXED));
    assertEquals(2, Exptime.of(Duration.ofMillis(1_001), FIXED));
  }

  @Test
  void upToThirtyDaysIsRelativeSeconds() {
    assertEquals(3_600, Exptime.of(Duration.ofHours(1), FIXED));
    assertEquals(2_592_000, Exptime.of(Duration.ofDays(30), FIXED));
  }

  @Test
  void beyondThirtyDaysIsAnAbsoluteUnixTimeFromTheClock() {
    long now = NOW.getEpochSecond();
    assertEquals(now + 2_592_001, Exptime.of(Duration.ofDays(30).plusSeconds(1), FIXED));
    assertEquals(now + 31 * 86_400, Exptime.of(Duration.ofDays(31), FIXED));
    assertEquals(
        now + 31 * 86_400 + 1, Exptime.of(Duration.ofDays(31).plusMillis(1), FIXED));
  }

  @Test
  void anExpiryBeyondWhatMemcachedParsesIsCapped() {
    assertEquals(Integer.MAX_VALUE, Exptime.of(Duration.ofDays(365L * 100), FIXED));
    assertEquals(Integer.MAX_VALUE, Exptime.of(Duration.ofSeconds(Long.MAX_VALUE), FIXED));
  }

  @Test
  void aNegativeExpiryIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Exptime.of(Duration.ofSeconds(-1), FIXED));
  }

  @Test
  void anItemExpiresOnTheServer() {
    // memcached's clock ticks once a second, so a 2 s item lives between 1 and 2 s: long enough
    // to be read back at once, short enough to poll for.
    transport.set("expiring", bytes("soon gone"), Duration.ofSeconds(2));
    assertNotNull(get("expiring"));
    assertTrue(
        eventually(Duration.ofSeconds(5), () -> get("expiring") == null),
        "a 2 s item was still there after 5 s");
  }

  @Test
  void theServerReadsLongExpiriesAsAbsoluteTimes() {
    MemcachedSettings settings = MemcachedSettings.servers(MEMCACHED.addresses());
    Clock fortyDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-40));
    try (MemcachedTransport living = MemcachedTransport.connect(settings);
        MemcachedTransport fromThePast = MemcachedTransport.connect(settings.withClock(fortyDaysAgo))) {
      living.set("long-lived", bytes("kept"), Duration.ofDays(31));
      // 40 days ago plus 31 days is 9 days in the past: an absolute time already gone.
      fromThePast.set("already-expired", bytes("gone"), Duration.ofDays(31));
      assertArrayEquals(bytes("kept"), get("long-lived"));
      assertNull(get("already-expired"));
    }
  }

  @Test
  void valuesAreStoredAsIsWithFlagsZero() throws IOException {
    byte[] compressible = new byte[100_000];
    transport.set("raw", compressible, Duration.ZERO);
    try (TextClient client = new TextClient(MEMCACHED.get().port(), 2_000)) {
      client.send("mg raw f v\r\n");
      String header = client.readUntil("\r\n");
      assertEquals("VA 100000 f0\r\n", header);
    }
  }

  @Test
  void bytesWrittenByAnotherClientComeBackAsBytes() throws IOException {
    try (TextClient client = new TextClient(MEMCACHED.get().port(), 2_000)) {
      // Flag 2 is Xmemcached's "compressed" bit: its default transcoder would fail to gunzip this
      // and answer null.
      assertEquals("STORED\r\n", client.exchange("set foreign 2 0 5\r\nhello\r\n", "\r\n"));
    }
    assertArrayEquals(bytes("hello"), get("foreign"));
  }

  @Test
  void readingAnInvalidKeyIsATransportException() {
    assertThrows(TransportException.class, () -> transport.getAll(List.of("k".repeat(251))));
    assertThrows(TransportException.class, () -> transport.delete("has space"));
  }

  @Test
  void anInterruptedCallerGetsATransportExceptionAndKeepsItsInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(TransportException.class, () -> transport.getAll(List.of("any")));
      assertTrue(Thread.currentThread().isInterrupted(), "interrupt flag lost");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void getAllOfManyKeysIsOneRoundTrip() {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        MemcachedTransport proxied = MemcachedTransport.connect(MemcachedSettings.servers(proxy.address()))) {
      List<String> keys = List.of("rt:a", "rt:b", "rt:c", "rt:absent");
      for (String key : keys.subList(0, 3)) {
        proxied.set(key, bytes(key), Duration.ZERO);
      }
      proxy.reset();
      Map<String, byte[]> found = proxied.getAll(keys);
      assertEquals(3, found.size());
      assertEquals(1, proxy.turns());
      proxy.reset();
      proxied.set("rt:d", new byte[500_000], Duration.ZERO);
      assertEquals(1, proxy.turns());
    }
  }

  @Test
  void itemsBeyondOneMebibyteWorkWithAServerStartedWithALargerItemLimit() {
    try (MemcachedServer big = MemcachedServer.start("-I", "16m");
        MemcachedTransport transport16m =
            MemcachedTransport.connect(
                MemcachedSettings.servers(big.address())
                    .withItemSize(16 * 1024 * 1024)
                    // Sizes are the point here, not speed: 5 MB took over the default 250 ms on a
                    // two-core machine busy with other builds.
                    .withOperationTimeout(Duration.ofSeconds(5)))) {
      byte[] value = new byte[5 * 1024 * 1024];
      new java.util.Random(7).nextBytes(value);
      transport16m.set("big", value, Duration.ZERO);
      assertArrayEquals(value, transport16m.getAll(List.of("big")).get("big"));
    }
  }

  @Test
  void aServerWithoutCasIdsMakesGetsAFault() {
    try (MemcachedServer withoutCas = MemcachedServer.start("-C");
        MemcachedTransport transport = MemcachedTransport.connect(MemcachedSettings.servers(withoutCas.address()))) {
      transport.set("a", bytes("held"), Duration.ZERO);
      TransportException refused = assertThrows(TransportException.class, () -> transport.gets("a"));
      assertTrue(refused.getMessage().contains("-C"), refused.getMessage());
      // -C makes every item's id 0; a cas presenting 0 must not go through as a plain set.
      assertFalse(transport.cas("a", bytes("replaced"), Duration.ZERO, 0));
      assertArrayEquals(bytes("held"), transport.getAll(List.of("a")).get("a"));
    }
  }

  @Test
  void describeNamesEveryServer() {
    assertEquals("memcached " + MEMCACHED.addresses(), transport.describe());
  }

  @Test
  void maxItemBytesFollowsTheConfiguredItemLimit() {
    assertEquals(1_048_267, transport.maxItemBytes());
    try (MemcachedTransport big =
        MemcachedTransport.connect(
            MemcachedSettings.servers(MEMCACHED.addresses()).withItemSize(64 * 1024 * 1024))) {
      assertEquals(64 * 1024 * 1024 - 250, big.maxItemBytes());
    }
  }

  @Test
  void serverListsTakeSpacesOrCommas() {
    assertEquals(2, MemcachedSettings.socketAddresses("127.0.0.1:1 127.0.0.1:2").size());
    assertEquals(3, MemcachedSettings.socketAddresses(" a:1,b:2  c:3 ").size());
    assertEquals(11211, MemcachedSettings.socketAddresses("localhost:11211").get(0).getPort());
  }

  @Test
  void aMalformedServerListIsRefused() {
    for (String bad : List.of("localhost", ":11211", "host:", "host:port", "host:70000", " ")) {
      assertThrows(IllegalArgumentException.class, () -> MemcachedSettings.socketAddresses(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> MemcachedSettings.servers(""));
  }

  @Test
  void settingsRefuseNonPositiveDurations() {
    MemcachedSettings settings = MemcachedSettings.servers("127.0.0.1:11211");
    assertThrows(IllegalArgumentException.class, () -> settings.withOperationTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> settings.withConnectTimeout(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> settings.withReconnectInterval(Duration.ofNanos(10)));
    assertThrows(IllegalArgumentException.class, () -> settings.withItemSize(100));
  }

  private byte[] get(String key) {
    Map<String, byte[]> found = transport.getAll(List.of(key));
    return found.get(key);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static boolean eventually(Duration deadline, BooleanSupplier condition) {
    return Waiting.eventually(deadline, condition);
  }

}
