package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.RoundTripMeter.Measured;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The round trips of a miss, of the invalidations, and of a chunked value's write and read, on a
 * pool of three servers, counted at the socket ({@link RoundTripMeter}): a proxy in front of each
 * server counts request/response turns and records the commands, and every turn of a miss goes
 * to the entry's own server, where its copy of the generation lives too. A hit is one turn
 * ({@link OneRoundTripPerHitTest}). The protocol is {@code CachedOperation.lead} and
 * {@code claim}: look up, establish the generation if absent, {@code add} a placeholder (or
 * {@code cas} it over a dead item), {@code gets} its id, store by {@code cas}.
 */
class MissRoundTripsTest {
  private static final String NAMESPACE = "image";

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(3);

  private RoundTripMeter meter;
  private Cachet cachet;
  private Decorated<String> image;

  @BeforeEach
  void open() {
    meter = new RoundTripMeter(List.of(memcached.get(0).address(), memcached.get(1).address(), memcached.get(2).address()));
    cachet =
        Cachet.builder()
            .memcached(meter.addresses())
            // A timeout on a loaded machine would turn a counted miss into a fault.
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
  void aColdMissWithTheGenerationPresentIsFourRoundTrips() {
    // Writes the generation's copy on every server, as any earlier use of the namespace would.
    cachet.invalidateAll(NAMESPACE);

    Measured miss = measure("cold", "v1");

    miss.print("cold miss, generation present");
    assertEquals(List.of("get", "add", "gets", "cas"), miss.verbs());
    assertEquals(4, miss.turns());
    assertEquals(4, miss.depth());
    assertStoredAndHit("cold", "v1");
  }

  @Test
  void aMissOnANamespaceWithoutAGenerationAddsTheGenerationsAdd() {
    Measured miss = measure("first", "v1");

    miss.print("miss, namespace without a generation");
    assertEquals(List.of("get", "add", "add", "gets", "cas"), miss.verbs());
    assertTrue(
        miss.commands().get(1).startsWith("add " + NAMESPACE + "/gen@"),
        "the generation's copy on the entry's server, before the lease: " + miss.commands());
    assertEquals(5, miss.turns());
    assertEquals(5, miss.depth());
    assertStoredAndHit("first", "v1");
  }

  @Test
  void aMissOverADeadItemIsSixRoundTrips() {
    image.get(Decorated.key(NAMESPACE, "dead"), () -> "old");
    // The stored value now belongs to an old generation: dead, but still in the item.
    cachet.invalidateAll(NAMESPACE);

    Measured miss = measure("dead", "new");

    miss.print("miss over a dead item (after invalidateAll)");
    // The add is refused by the dead item, which the placeholder replaces by cas; its own gets
    // then learns the placeholder's id for the value's cas.
    assertEquals(List.of("get", "add", "gets", "cas", "gets", "cas"), miss.verbs());
    assertEquals(6, miss.turns());
    assertEquals(6, miss.depth());
    assertStoredAndHit("dead", "new");
  }

  @Test
  void anInvalidateIsTheDeleteAndTheChangeMarkBesideItInOneRoundTrip() {
    image.get(Decorated.key(NAMESPACE, "x"), () -> "v");

    Measured invalidate =
        meter.measure(cachet, () -> assertTrue(cachet.invalidateAcknowledged(Decorated.key(NAMESPACE, "x"))));

    invalidate.print("invalidate");
    // On one connection, in this order: the server applies the mark after the delete.
    assertEquals(List.of("delete", "set"), invalidate.verbs());
    assertTrue(invalidate.commands().get(1).startsWith("set " + NAMESPACE + "/changes@"), invalidate.commands().toString());
    assertEquals(1, invalidate.serversSpokenTo(), "the mark beside the entry: " + invalidate.commands());
    assertEquals(1, invalidate.turns());
    assertEquals(1, invalidate.depth());
  }

  @Test
  void anInvalidateAllOfThreeServersWritesEachCopyWithItsMarkAllAtOnce() {
    cachet.invalidateAll(NAMESPACE);

    Measured invalidateAll = meter.measure(cachet, () -> assertTrue(cachet.invalidateAllAcknowledged(NAMESPACE)));

    invalidateAll.print("invalidateAll over three servers");
    assertEquals(List.of("set", "set", "set", "set", "set", "set"), invalidateAll.verbs());
    assertEquals(
        3,
        invalidateAll.commands().stream().filter(command -> command.startsWith("set " + NAMESPACE + "/changes@")).count(),
        "a change mark beside each copy: " + invalidateAll.commands());
    assertEquals(3, invalidateAll.serversSpokenTo());
    assertEquals(3, invalidateAll.turns(), "one per server");
    assertEquals(1, invalidateAll.depth(), "every server at once");
  }

  /**
   * A value above the item size is written as chunks and a manifest: the cold miss's four round
   * trips plus one, whatever the number of chunks, because every chunk goes at once (one request
   * per server holding chunks) before the entry's {@code cas}.
   */
  @Test
  void aChunkedWriteSendsEveryChunkAtOnceThenTheEntry() {
    Decorated<byte[]> blobs = Decorated.of(cachet, NAMESPACE, "r", byte[].class);
    cachet.invalidateAll(NAMESPACE);
    CacheKey key = Decorated.key(NAMESPACE, "large");
    byte[] value = incompressible(LARGE_BYTES);

    Measured miss = meter.measure(cachet, () -> assertSame(value, blobs.get(key, () -> value)));

    miss.print("cold miss storing a chunked value");
    long chunks = counts().chunksWritten();
    assertTrue(chunks >= 3, chunks + " chunks");
    assertEquals(chunks, miss.count("set"), "one set per chunk: " + miss.verbs());
    List<String> others = miss.verbs().stream().filter(verb -> !verb.equals("set")).toList();
    assertEquals(List.of("get", "add", "gets", "cas"), others);
    long chunkServers = miss.serversSent("/chunk/");
    System.out.println("  chunks on " + chunkServers + " servers");
    assertEquals(5, miss.depth(), "the chunks were not all sent at once");
    assertEquals(4 + chunkServers, miss.turns(), "one request per server holding chunks");
    assertArrayEquals(value, blobs.get(key, () -> new byte[0]));
  }

  /** The entry (a manifest) with its generation, then one multi-get per server holding chunks, all at once. */
  @Test
  void aChunkedReadIsTwoRoundTripsOverThreeServers() {
    Decorated<byte[]> blobs = Decorated.of(cachet, NAMESPACE, "r", byte[].class);
    CacheKey key = Decorated.key(NAMESPACE, "large");
    byte[] value = incompressible(LARGE_BYTES);
    blobs.get(key, () -> value);
    long chunks = counts().chunksWritten();
    assertTrue(chunks >= 3, chunks + " chunks");

    Measured hit = meter.measure(cachet, () -> assertArrayEquals(value, blobs.get(key, () -> new byte[0])));

    hit.print("hit of a chunked value");
    assertEquals(1, blobs.delegateCalls.get(), "the read was not a hit");
    long chunkServers = hit.serversSent("/chunk/");
    System.out.println("  chunks on " + chunkServers + " servers");
    assertEquals(2, hit.depth(), "the chunks were not read from every server at once");
    assertEquals(List.of("get"), hit.verbs().stream().distinct().toList());
    assertEquals(1 + chunkServers, hit.turns(), "the entry's get, then one multi-get per server holding chunks");
    assertEquals(hit.turns(), hit.verbs().size());
  }

  private static final int LARGE_BYTES = 3 * 1024 * 1024;

  /** Random bytes: compression saves too little, so they are stored as they are, in chunks. */
  static byte[] incompressible(int bytes) {
    byte[] value = new byte[bytes];
    new java.util.Random(24).nextBytes(value);
    return value;
  }

  private CacheStatistics.Counts counts() {
    return cachet.statistics().namespace(NAMESPACE);
  }

  /** One call of {@code id} whose delegate returns {@code value}: its turns and commands. */
  private Measured measure(String id, String value) {
    int calls = image.delegateCalls.get();
    Measured miss = meter.measure(cachet, () -> assertEquals(value, image.get(Decorated.key(NAMESPACE, id), () -> value)));
    assertEquals(calls + 1, image.delegateCalls.get(), "a miss");
    assertEquals(1, miss.serversSpokenTo(), "a miss talks to its entry's server only: " + miss.commands());
    return miss;
  }

  private void assertStoredAndHit(String id, String value) {
    int calls = image.delegateCalls.get();
    assertEquals(value, image.get(Decorated.key(NAMESPACE, id), () -> "not stored"));
    assertEquals(calls, image.delegateCalls.get(), "the miss stored its value");
  }
}
