package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.value.ValueException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How a value larger than one item is laid out, and what a read of it checks. */
class ChunkingRulesTest {
  private static final int ITEM_BYTES = 16 * 1024;
  private static final Pattern CHUNK_KEY = Pattern.compile("image/chunk/[0-9a-f]{16}/\\d+");

  private final MapTransport transport = new MapTransport(ITEM_BYTES);
  private final ValueStore store = new ValueStore(transport, new ForySerializer(), ValueSettings.defaults());

  private static byte[] incompressible(int length, long seed) {
    byte[] value = new byte[length];
    new Random(seed).nextBytes(value);
    return value;
  }

  private List<String> chunkKeys() {
    return transport.items.keySet().stream().filter(key -> key.contains("/chunk/")).sorted().toList();
  }

  private static String writeIdOf(String chunkKey) {
    return chunkKey.split("/")[2];
  }

  @Test
  void aValueLargerThanAnItemIsSplitIntoChunksThatReadBackWhole() throws ValueException {
    byte[] value = incompressible(100_000, 1);
    WriteResult written = store.write("image/f:big", value, 5, Duration.ofMinutes(10));
    assertEquals(7, written.chunks());
    assertEquals(7, chunkKeys().size());
    assertTrue(transport.items.values().stream().allMatch(item -> item.length <= ITEM_BYTES));
    int stored = transport.items.values().stream().mapToInt(item -> item.length).sum();
    assertEquals(stored, written.storedBytes());

    StoredValue read = store.read("image/f:big", transport.items.get("image/f:big"));
    assertArrayEquals(value, (byte[]) read.value());
    assertEquals(7, read.chunks());
    assertEquals(5, read.generation());
    assertEquals(stored, read.storedBytes());
    assertEquals(written.serializedBytes(), read.serializedBytes());
  }

  @Test
  void chunkKeysAreNamespacedCarryTheWriteIdAndFitMemcached() throws ValueException {
    String longEntryKey = "image/" + "k".repeat(194);
    store.write(longEntryKey, incompressible(40_000, 2), 0, Duration.ZERO);
    for (String key : chunkKeys()) {
      assertTrue(CHUNK_KEY.matcher(key).matches(), key);
      assertTrue(key.length() <= 250, key);
    }
  }

  @Test
  void chunksAreWrittenBeforeTheManifest() throws ValueException {
    store.write("image/f:order", incompressible(50_000, 3), 0, Duration.ZERO);
    List<String> order = transport.setOrder;
    assertEquals("image/f:order", order.get(order.size() - 1));
    assertTrue(order.subList(0, order.size() - 1).stream().allMatch(key -> key.contains("/chunk/")));
  }

  @Test
  void chunksExpireNoEarlierThanTheirManifest() throws ValueException {
    store.write("image/f:exp", incompressible(50_000, 4), 0, Duration.ofSeconds(30));
    Duration manifest = transport.expiries.get("image/f:exp");
    assertEquals(Duration.ofSeconds(30), manifest);
    for (String key : chunkKeys()) {
      assertTrue(transport.expiries.get(key).compareTo(manifest) >= 0, key);
    }
  }

  @Test
  void chunksOfAValueWithoutExpiryHaveNoExpiry() throws ValueException {
    store.write("image/f:forever", incompressible(50_000, 5), 0, Duration.ZERO);
    for (String key : chunkKeys()) {
      assertEquals(Duration.ZERO, transport.expiries.get(key), key);
    }
  }

  @Test
  void aChunkedReadCostsOneFetchOfAllChunks() throws ValueException {
    store.write("image/f:trips", incompressible(90_000, 6), 0, Duration.ZERO);
    transport.getAllCalls.set(0);
    store.read("image/f:trips", transport.items.get("image/f:trips"));
    assertEquals(1, transport.getAllCalls.get());
  }

  @Test
  void aStoredWholeValueCostsNoFetch() throws ValueException {
    store.write("image/f:small", "small", 0, Duration.ZERO);
    transport.getAllCalls.set(0);
    store.read("image/f:small", transport.items.get("image/f:small"));
    assertEquals(0, transport.getAllCalls.get());
  }

  @Test
  void aChunkDeletedBehindTheCacheMakesTheReadAMissingChunk() throws ValueException {
    store.write("image/f:gone", incompressible(60_000, 7), 0, Duration.ZERO);
    byte[] manifest = transport.items.get("image/f:gone");
    transport.delete(chunkKeys().get(1));
    ValueException failure = assertThrows(ValueException.class, () -> store.read("image/f:gone", manifest));
    assertEquals(Reason.MISSING_CHUNK, failure.reason());
  }

  @Test
  void aChunkOfAnotherWriteInItsPlaceIsAMissingChunk() throws ValueException {
    store.write("image/f:mix", incompressible(60_000, 8), 0, Duration.ZERO);
    List<String> first = chunkKeys();
    store.write("image/f:mix", incompressible(60_000, 9), 0, Duration.ZERO);
    List<String> both = chunkKeys();
    List<String> second = both.stream().filter(key -> !first.contains(key)).sorted().toList();
    assertEquals(first.size(), second.size(), "the second write must not reuse the first's keys");
    assertNotEquals(writeIdOf(first.get(0)), writeIdOf(second.get(0)));

    byte[] manifest = transport.items.get("image/f:mix");
    // The first write's chunk 0, byte for byte valid, copied under the second write's key.
    String chunkZeroOfSecond = second.stream().filter(key -> key.endsWith("/0")).findFirst().orElseThrow();
    String chunkZeroOfFirst = first.stream().filter(key -> key.endsWith("/0")).findFirst().orElseThrow();
    transport.items.put(chunkZeroOfSecond, transport.items.get(chunkZeroOfFirst));
    ValueException failure = assertThrows(ValueException.class, () -> store.read("image/f:mix", manifest));
    assertEquals(Reason.MISSING_CHUNK, failure.reason(), failure.getMessage());
  }

  @Test
  void aValueSerializedOverTheMaximumIsRefusedWithItsSizesAndNothingIsWritten() {
    ValueStore small =
        new ValueStore(transport, new ForySerializer(), ValueSettings.defaults().withMaxValueBytes(50_000));
    ValueException failure =
        assertThrows(ValueException.class, () -> small.write("image/f:huge", incompressible(60_000, 10), 0, Duration.ZERO));
    assertEquals(Reason.TOO_LARGE, failure.reason());
    assertTrue(
        failure.getMessage().matches("TOO_LARGE: image/f:huge: 6\\d{4} serialized bytes exceed the maximum of 50000 bytes; not stored"),
        failure.getMessage());
    assertTrue(transport.items.isEmpty());
  }

  @Test
  void aCompressibleValueSerializedOverTheMaximumIsRefusedToo() {
    ValueStore small =
        new ValueStore(transport, new ForySerializer(), ValueSettings.defaults().withMaxValueBytes(50_000));
    ValueException failure =
        assertThrows(ValueException.class, () -> small.write("image/f:zeros", new byte[60_000], 0, Duration.ZERO));
    assertEquals(Reason.TOO_LARGE, failure.reason());
    assertTrue(transport.items.isEmpty());
  }

  @Test
  void aValueWhoseHeaderTipsItOverTheMaximumIsRefusedByItsStoredSize() {
    int max = 5_000;
    ForySerializer fory = new ForySerializer();
    int length = max;
    while (fory.serialize(new byte[length]).length > max) {
      length--;
    }
    byte[] value = incompressible(length, 13);
    ValueStore tiny =
        new ValueStore(transport, fory, ValueSettings.defaults().withMaxValueBytes(max));
    ValueException failure =
        assertThrows(ValueException.class, () -> tiny.write("image/f:tiny", value, 0, Duration.ZERO));
    assertEquals(Reason.TOO_LARGE, failure.reason());
    int serialized = fory.serialize(value).length;
    assertTrue(serialized > max - WireFormat.HEADER_BYTES, "the header must tip it over");
    assertTrue(
        failure.getMessage().contains("stored form of " + (serialized + WireFormat.HEADER_BYTES) + " bytes (" + serialized + " serialized)"),
        failure.getMessage());
    assertFalse(transport.items.containsKey("image/f:tiny"));
  }

  @Test
  void anEntryAnnouncingMoreThanTheMaximumIsRefusedBeforeDecoding() throws ValueException {
    store.write("image/f:announce", "x".repeat(20_000), 0, Duration.ZERO);
    ValueStore strict =
        new ValueStore(transport, new ForySerializer(), ValueSettings.defaults().withMaxValueBytes(10_000));
    ValueException failure =
        assertThrows(ValueException.class, () -> strict.read("image/f:announce", transport.items.get("image/f:announce")));
    assertEquals(Reason.TOO_LARGE, failure.reason());
  }

  @Test
  void aManifestClaimingMoreThanTheMaximumIsNotFetched() throws ValueException {
    store.write("image/f:claim", incompressible(60_000, 12), 0, Duration.ZERO);
    byte[] manifest = transport.items.get("image/f:claim");
    ValueStore strict =
        new ValueStore(transport, new ForySerializer(), ValueSettings.defaults().withMaxValueBytes(10_000));
    transport.getAllCalls.set(0);
    ValueException failure = assertThrows(ValueException.class, () -> strict.read("image/f:claim", manifest));
    assertEquals(Reason.TOO_LARGE, failure.reason());
    assertEquals(0, transport.getAllCalls.get());
  }
}
