package dev.cachet.runtime;

import static dev.cachet.runtime.MissRoundTripsTest.incompressible;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.RoundTripMeter.Measured;
import dev.cachet.runtime.testing.NutcrackerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The round trips behind twemproxy ({@code nutcracker}) in front of three memcached servers,
 * counted at the socket between the client and the proxy ({@link RoundTripMeter}). The client
 * sees one server, the proxy, which answers the {@code stats} probe by closing the connection:
 * so the two writes of an invalidation are never pipelined (the proxy may send them to two
 * servers and order neither), and the mark goes once the store change was acknowledged. Reads
 * and chunk writes cost what they cost on one server.
 */
class NutcrackerRoundTripsTest {
  private static final String NAMESPACE = "image";

  @RegisterExtension final NutcrackerExtension nutcracker = NutcrackerExtension.inFrontOf(3);

  private RoundTripMeter meter;
  private Cachet cachet;
  private Decorated<String> image;

  @BeforeEach
  void open() {
    meter = new RoundTripMeter(List.of(nutcracker.address()));
    cachet =
        Cachet.builder()
            .memcached(meter.addresses())
            // A timeout on a loaded machine would turn a counted call into a fault.
            .operationTimeout(Duration.ofSeconds(2))
            .region("r", Duration.ofMinutes(10))
            .build();
    image = Decorated.of(cachet, NAMESPACE, "r", String.class);
  }

  @AfterEach
  void close() {
    cachet.close();
    meter.close();
  }

  @Test
  void aHitIsOneRoundTrip() {
    CacheKey key = Decorated.key(NAMESPACE, "a");
    image.get(key, () -> "v");

    Measured hit = meter.measure(cachet, () -> assertEquals("v", image.get(key, () -> "not called")));

    hit.print("behind twemproxy: hit");
    assertEquals(List.of("get"), hit.verbs());
    assertEquals(1, hit.turns());
    assertEquals(1, hit.depth());
  }

  @Test
  void aColdMissIsFourRoundTrips() {
    cachet.invalidateAll(NAMESPACE);

    Measured miss = meter.measure(cachet, () -> assertEquals("v", image.get(Decorated.key(NAMESPACE, "cold"), () -> "v")));

    miss.print("behind twemproxy: cold miss");
    assertEquals(List.of("get", "add", "gets", "cas"), miss.verbs());
    assertEquals(4, miss.turns());
    assertEquals(4, miss.depth());
  }

  @Test
  void anInvalidateIsTwoRoundTripsTheMarkOnceTheDeleteWasAcknowledged() {
    CacheKey key = Decorated.key(NAMESPACE, "x");
    image.get(key, () -> "old");

    Measured invalidate = meter.measure(cachet, () -> assertTrue(cachet.invalidateAcknowledged(key)));

    invalidate.print("behind twemproxy: invalidate");
    assertEquals(List.of("delete", "set"), invalidate.verbs());
    assertTrue(invalidate.commands().get(1).startsWith("set " + NAMESPACE + "/changes@"), invalidate.commands().toString());
    assertEquals(2, invalidate.turns());
    assertEquals(2, invalidate.depth(), "the pair was pipelined through a proxy that orders neither write");
    assertEquals("new", image.get(key, () -> "new"), "the entry survived the invalidation");
  }

  @Test
  void anInvalidateAllIsTwoRoundTripsTheOneGenerationCopyAndThenItsMark() {
    cachet.invalidateAll(NAMESPACE);

    Measured invalidateAll = meter.measure(cachet, () -> assertTrue(cachet.invalidateAllAcknowledged(NAMESPACE)));

    invalidateAll.print("behind twemproxy: invalidateAll");
    // One server to the client: one copy of the generation, and one of the mark.
    assertEquals(List.of("set", "set"), invalidateAll.verbs());
    assertTrue(invalidateAll.commands().get(0).startsWith("set " + NAMESPACE + "/gen@"), invalidateAll.commands().toString());
    assertTrue(invalidateAll.commands().get(1).startsWith("set " + NAMESPACE + "/changes@"), invalidateAll.commands().toString());
    assertEquals(2, invalidateAll.turns());
    assertEquals(2, invalidateAll.depth());
  }

  @Test
  void aChunkedWriteSendsEveryChunkAtOnceThenTheEntry() {
    Decorated<byte[]> blobs = Decorated.of(cachet, NAMESPACE, "r", byte[].class);
    cachet.invalidateAll(NAMESPACE);
    CacheKey key = Decorated.key(NAMESPACE, "large");
    byte[] value = incompressible(3 * 1024 * 1024);

    Measured miss = meter.measure(cachet, () -> assertSame(value, blobs.get(key, () -> value)));

    miss.print("behind twemproxy: cold miss storing a chunked value");
    long chunks = cachet.statistics().namespace(NAMESPACE).chunksWritten();
    assertTrue(chunks >= 3, chunks + " chunks");
    assertEquals(chunks, miss.count("set"));
    assertEquals(List.of("get", "add", "gets", "cas"), miss.verbs().stream().filter(verb -> !verb.equals("set")).toList());
    assertEquals(5, miss.turns());
    assertEquals(5, miss.depth());
    assertArrayEquals(value, blobs.get(key, () -> new byte[0]));
  }

  @Test
  void aChunkedReadIsTwoRoundTrips() {
    Decorated<byte[]> blobs = Decorated.of(cachet, NAMESPACE, "r", byte[].class);
    CacheKey key = Decorated.key(NAMESPACE, "large");
    byte[] value = incompressible(3 * 1024 * 1024);
    blobs.get(key, () -> value);

    Measured hit = meter.measure(cachet, () -> assertArrayEquals(value, blobs.get(key, () -> new byte[0])));

    hit.print("behind twemproxy: hit of a chunked value");
    assertEquals(1, blobs.delegateCalls.get(), "the read was not a hit");
    assertEquals(List.of("get", "get"), hit.verbs());
    assertEquals(2, hit.turns());
    assertEquals(2, hit.depth());
  }
}
