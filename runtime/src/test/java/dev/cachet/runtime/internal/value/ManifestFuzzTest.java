package dev.cachet.runtime.internal.value;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzzes the chunk manifest parser (the manifest branch of {@link ValueStore#read}): a well-framed
 * manifest item whose fields (write id, chunk count, capacity, total length, checksum, and the
 * header's codec, lengths, generation and time) are each either the real write's or arbitrary,
 * with arbitrary chunk items under the keys it points at. The property is
 * {@link FuzzFixture#check}; no announced length may make the reader allocate it.
 */
class ManifestFuzzTest {
  private static final String KEY = "v/0f:incompressible";

  @FuzzTest(maxDuration = "4s")
  void parseManifest(FuzzedDataProvider data) {
    FuzzFixture fixture = FuzzFixture.UNSIGNED;
    StoredItem real;
    try {
      real = StoredItem.parse(fixture.items.get(KEY), KEY, null);
    } catch (ValueException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer fields = real.payloadBuffer();
    long writeId = fields.getLong();
    int[] manifest = {fields.getInt(), fields.getInt(), fields.getInt(), fields.getInt()};
    int fuzzedFields = data.consumeInt(0, 255);
    boolean untouched = fuzzedFields == 0;
    if ((fuzzedFields & 1) != 0) {
      writeId = data.consumeLong();
    }
    for (int i = 0; i < manifest.length; i++) {
      if ((fuzzedFields & (2 << i)) != 0) {
        manifest[i] = data.consumeInt();
      }
    }
    int codec = (fuzzedFields & 32) != 0 ? data.consumeInt(0, 255) : real.compressionId;
    int originalLength = (fuzzedFields & 64) != 0 ? data.consumeInt() : real.originalLength;
    long generation = (fuzzedFields & 128) != 0 ? data.consumeLong() : real.generation;
    byte[] payload =
        ByteBuffer.allocate(24)
            .putLong(writeId)
            .putInt(manifest[0])
            .putInt(manifest[1])
            .putInt(manifest[2])
            .putInt(manifest[3])
            .array();
    byte[] entry =
        StoredItem.encode(
            real.serializerId, codec, WireFormat.FLAG_MANIFEST, real.createdAtMillis, generation, originalLength, payload, null);

    Map<String, byte[]> replaced = new HashMap<>();
    int chunks = data.consumeInt(0, 3);
    String prefix = WireFormat.chunkKeyPrefix(KEY, writeId);
    for (int i = 0; i < chunks; i++) {
      int index = data.consumeInt(0, 40);
      byte[] chunkPayload = data.consumeBytes(data.consumeInt(0, 3000));
      byte[] chunk =
          data.consumeBoolean()
              ? chunkPayload
              : StoredItem.encode(
                  real.serializerId,
                  codec,
                  WireFormat.FLAG_CHUNK,
                  real.createdAtMillis,
                  generation,
                  originalLength,
                  chunkPayload,
                  null);
      replaced.put(prefix + index, chunk);
      untouched = false;
    }
    fixture.check(KEY, entry, replaced, untouched);
  }
}
