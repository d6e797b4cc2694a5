package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.KeyBuilder;
import dev.cachet.runtime.internal.value.WireFormat.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key layout round-trips (what a key is built as, its kind and namespace read back), and the
 * byte layouts read back what the pipeline writes.
 */
class WireFormatTest {
  private static final String SERVER = "10.0.0.1:11211";

  @Test
  void aGenerationKeyAndItsCopiesAreGenerationsOfTheirNamespace() {
    String generation = WireFormat.generationKey("image_list");
    String copy = WireFormat.generationCopy(generation, SERVER);

    assertEquals("image_list/gen", generation);
    assertEquals("image_list/gen@10.0.0.1:11211", copy);
    assertEquals(Kind.GENERATION, WireFormat.kind(generation));
    assertEquals(Kind.GENERATION, WireFormat.kind(copy));
    assertEquals("image_list", WireFormat.namespaceOf(generation));
    assertEquals("image_list", WireFormat.namespaceOf(copy));
    assertEquals(SERVER, WireFormat.copyServer(copy));
    assertNull(WireFormat.copyServer(generation), "the key itself names no server");
  }

  @Test
  void onlyAGenerationKeyHasPerServerCopies() {
    String entry = KeyBuilder.of("image", "0123abcd").add("alice").build().key();
    for (String key : List.of(entry, "image/genx", "image/gen/lock", "gen", "image/chunk/0000000000000000/0")) {
      assertThrows(IllegalArgumentException.class, () -> WireFormat.generationCopy(key, SERVER), key);
      assertNull(WireFormat.copyServer(key), key);
    }
    String copy = WireFormat.generationCopy("image/gen", SERVER);
    assertThrows(IllegalArgumentException.class, () -> WireFormat.generationCopy(copy, SERVER), "a copy of a copy");
  }

  @Test
  void entryKeysAreEntriesWhateverTheirArgumentsSay() {
    for (String argument : List.of("alice", "gen", "gen@10.0.0.1:11211", "x/lock", "chunk/00/1", "@", "/")) {
      String entry = KeyBuilder.of("image", "c0ffee12").add(argument).build().key();
      assertEquals(Kind.ENTRY, WireFormat.kind(entry), entry);
      assertEquals("image", WireFormat.namespaceOf(entry), entry);
      assertNull(WireFormat.copyServer(entry), entry);
    }
    assertEquals(Kind.ENTRY, WireFormat.kind(KeyBuilder.of("image", "0123abcd").build().key()));
  }

  @Test
  void aRefreshLockIsALockOfItsEntrysNamespace() {
    String entry = KeyBuilder.of("image", "0123abcd").add("alice").build().key();
    String lock = WireFormat.refreshLockKey(entry);

    assertEquals(entry + "/lock", lock);
    assertEquals(Kind.LOCK, WireFormat.kind(lock));
    assertEquals("image", WireFormat.namespaceOf(lock));
  }

  @Test
  void aChunkKeyIsTheEntrysNamespaceAndTheWriteIdThenTheIndex() {
    String entry = KeyBuilder.of("image", "0123abcd").add("alice").build().key();
    String prefix = WireFormat.chunkKeyPrefix(entry, 0x1234L);
    WireFormat.Manifest manifest = new WireFormat.Manifest(0x1234L, 3, 100, 250, 0);

    assertEquals("image/chunk/0000000000001234/", prefix);
    assertEquals(prefix + "2", manifest.chunkKey(entry, 2));
    assertEquals("image/chunk/ffffffffffffffff/", WireFormat.chunkKeyPrefix(entry, -1L));
    assertEquals(Kind.CHUNK, WireFormat.kind(manifest.chunkKey(entry, 0)));
    assertEquals("image", WireFormat.namespaceOf(manifest.chunkKey(entry, 0)));
  }

  @Test
  void keysWithoutANamespaceAreNotCachets() {
    for (String key : List.of("warm-up", "/gen", "/chunk/0000000000001234/0", "")) {
      assertEquals(Kind.OTHER, WireFormat.kind(key), key);
      assertNull(WireFormat.namespaceOf(key), key);
    }
  }

  @Test
  void theStoreWritesChunksWhereTheManifestSaysAndTheirDataAddUpToItsChecksum() throws ValueException {
    MapTransport transport = new MapTransport(16 * 1024);
    ValueStore store = new ValueStore(transport, new ForySerializer(), ValueSettings.defaults());
    byte[] value = new byte[50_000];
    new Random(3).nextBytes(value);
    String entry = "image/0123abcd:big";
    store.write(entry, value, 7, Duration.ZERO);

    byte[] stored = transport.items.get(entry);
    WireFormat.Header header = WireFormat.Header.parse(stored);
    assertEquals(2, header.formatVersion(), "the version the header documents");
    assertTrue(header.has(WireFormat.FLAG_MANIFEST));
    assertEquals(7, header.generation());
    WireFormat.Manifest manifest = WireFormat.Manifest.read(stored);
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < manifest.chunkCount(); i++) {
      chunks.add(transport.items.get(manifest.chunkKey(entry, i)));
    }
    assertEquals(transport.items.size() - 1, chunks.stream().filter(chunk -> chunk != null).count(),
        "every item but the manifest is one of its chunks");
    for (String key : transport.items.keySet()) {
      assertEquals(key.equals(entry) ? Kind.ENTRY : Kind.CHUNK, WireFormat.kind(key), key);
    }
    assertTrue(manifest.checksumMatches(chunks));

    List<byte[]> changed = new ArrayList<>(chunks);
    byte[] chunk = changed.get(1).clone();
    chunk[WireFormat.HEADER_BYTES + WireFormat.CHUNK_PREFIX_BYTES + 5] ^= 1;
    changed.set(1, chunk);
    assertFalse(manifest.checksumMatches(changed));
    List<byte[]> missing = new ArrayList<>(chunks);
    missing.set(0, null);
    assertFalse(manifest.checksumMatches(missing));
    assertFalse(manifest.checksumMatches(chunks.subList(1, chunks.size())));
  }

  @Test
  void aLeasePlaceholderCarriesItsGenerationAndIsNoStoredItem() throws ValueException {
    byte[] random = new byte[16];
    new Random(9).nextBytes(random);
    byte[] placeholder = WireFormat.leasePlaceholder(-42, random);

    assertEquals(WireFormat.LEASE_BYTES, placeholder.length);
    assertTrue(WireFormat.isLeasePlaceholder(placeholder));
    assertEquals(-42, WireFormat.leaseGeneration(placeholder));
    assertThrows(IllegalArgumentException.class, () -> WireFormat.Header.parse(placeholder));

    MapTransport transport = new MapTransport(1024 * 1024);
    new ValueStore(transport, new ForySerializer(), ValueSettings.defaults()).write("image/0123abcd:a", "a", 1, Duration.ZERO);
    assertFalse(WireFormat.isLeasePlaceholder(transport.items.get("image/0123abcd:a")));
    assertFalse(WireFormat.isLeasePlaceholder(null));
  }

  @Test
  void aGenerationReadsBackSignedOrNot() {
    Signer copySigner = new Signer("wire format: a 16+ byte secret".getBytes(StandardCharsets.UTF_8)).forKey("image/gen");
    byte[] signed = WireFormat.signedGenerationText(77, copySigner);

    assertEquals("77", new String(WireFormat.generationText(77), StandardCharsets.US_ASCII));
    assertTrue(new String(signed, StandardCharsets.US_ASCII).matches("77:[0-9a-f]{64}"));
    assertEquals(77, WireFormat.verifiedGeneration(signed, copySigner));
    assertEquals(77, WireFormat.generationNumber(signed), "read without the key: its number");
    assertEquals(-5, WireFormat.generationNumber(WireFormat.generationText(-5)));
    Signer otherCopy = new Signer("wire format: a 16+ byte secret".getBytes(StandardCharsets.UTF_8)).forKey("other/gen");
    assertEquals(WireFormat.NO_GENERATION, WireFormat.verifiedGeneration(signed, otherCopy));
    assertEquals(WireFormat.NO_GENERATION, WireFormat.verifiedGeneration(WireFormat.generationText(77), copySigner));
    assertThrows(NumberFormatException.class, () -> WireFormat.generationNumber("seven".getBytes(StandardCharsets.US_ASCII)));
  }
}
