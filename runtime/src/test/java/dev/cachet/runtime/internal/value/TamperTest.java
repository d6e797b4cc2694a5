package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cachet.runtime.internal.value.ValueException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every changed, truncated or foreign stored byte is a {@link ValueException}, never a value. */
class TamperTest {
  private static final Set<Reason> DECODE_FAILURES =
      EnumSet.of(Reason.CHECKSUM, Reason.FORMAT, Reason.INCOMPATIBLE, Reason.MISSING_CHUNK);

  private final MapTransport transport = new MapTransport(4096);
  private final ValueStore store = new ValueStore(transport, new ForySerializer(), ValueSettings.defaults());

  private static List<String> compressibleList() {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      list.add("image-" + (i % 20) + "-available");
    }
    return list;
  }

  /** Writes, then checks that the untouched bytes read back, so the tampering is what fails. */
  private byte[] stored(String key, Object value) throws ValueException {
    store.write(key, value, 3, Duration.ofMinutes(1));
    byte[] bytes = transport.items.get(key);
    assertEquals(value, store.read(key, bytes).value());
    return bytes;
  }

  private void assertFailsToDecode(String key, byte[] bytes, String change) {
    try {
      StoredValue read = store.read(key, bytes);
      fail(change + " was read as " + read);
    } catch (ValueException expected) {
      if (!DECODE_FAILURES.contains(expected.reason())) {
        fail(change + " failed with " + expected.reason() + ": " + expected.getMessage());
      }
    }
  }

  private void everyByteEveryBit(String key, byte[] original) {
    for (int position = 0; position < original.length; position++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] changed = original.clone();
        changed[position] ^= (byte) (1 << bit);
        assertFailsToDecode(key, changed, "bit " + bit + " of byte " + position + " flipped");
      }
      for (int garbage : new int[] {0x00, 0xFF, 0x5A}) {
        if ((original[position] & 0xFF) != garbage) {
          byte[] changed = original.clone();
          changed[position] = (byte) garbage;
          assertFailsToDecode(key, changed, "byte " + position + " set to " + garbage);
        }
      }
    }
  }

  private void everyTruncation(String key, byte[] original) {
    for (int length = 0; length < original.length; length++) {
      assertFailsToDecode(key, java.util.Arrays.copyOf(original, length), "truncated to " + length);
    }
    byte[] longer = java.util.Arrays.copyOf(original, original.length + 1);
    assertFailsToDecode(key, longer, "one byte appended");
  }

  @Test
  void everyBitFlipOfAPlainItemIsRejected() throws ValueException {
    byte[] original = stored("t/plain", "a short string value");
    everyByteEveryBit("t/plain", original);
    everyTruncation("t/plain", original);
  }

  @Test
  void everyBitFlipOfACompressedItemIsRejected() throws ValueException {
    WriteResult written = store.write("t/z", compressibleList(), 3, Duration.ofMinutes(1));
    assertEquals(true, written.compressed());
    byte[] original = stored("t/z", compressibleList());
    everyByteEveryBit("t/z", original);
    everyTruncation("t/z", original);
  }

  @Test
  void everyBitFlipOfANullEntryIsRejected() throws ValueException {
    store.write("t/null", null, 3, Duration.ofMinutes(1));
    byte[] original = transport.items.get("t/null");
    everyByteEveryBit("t/null", original);
    everyTruncation("t/null", original);
  }

  @Test
  void everyByteOfAChunkedValueIsChecked() throws ValueException {
    byte[] value = new byte[3 * 4096];
    new Random(11).nextBytes(value);
    WriteResult written = store.write("t/chunked", value, 3, Duration.ofMinutes(1));
    assertEquals(4, written.chunks());
    byte[] manifest = transport.items.get("t/chunked");
    everyByteEveryBit("t/chunked", manifest);
    everyTruncation("t/chunked", manifest);

    for (Map.Entry<String, byte[]> chunk : Map.copyOf(transport.items).entrySet()) {
      if (!chunk.getKey().contains("/chunk/")) {
        continue;
      }
      byte[] original = chunk.getValue();
      for (int position = 0; position < original.length; position += position < 64 ? 1 : 397) {
        byte[] changed = original.clone();
        changed[position] ^= 0x10;
        transport.items.put(chunk.getKey(), changed);
        assertFailsToDecode("t/chunked", manifest, chunk.getKey() + " byte " + position + " changed");
      }
      transport.items.put(chunk.getKey(), java.util.Arrays.copyOf(original, original.length - 1));
      assertFailsToDecode("t/chunked", manifest, chunk.getKey() + " truncated");
      transport.items.put(chunk.getKey(), original);
    }
    assertEquals(value.length, ((byte[]) store.read("t/chunked", manifest).value()).length);
  }

  @Test
  void foreignBytesAreRejectedAsFormat() {
    Random random = new Random(5);
    for (int length : new int[] {0, 1, 10, 33, 34, 35, 100, 5000}) {
      byte[] garbage = new byte[length];
      random.nextBytes(garbage);
      ValueException failure =
          assertThrows(ValueException.class, () -> store.read("t/garbage", garbage));
      assertEquals(Reason.FORMAT, failure.reason(), failure.getMessage());
    }
    ValueException text =
        assertThrows(
            ValueException.class,
            () -> store.read("t/text", "VALUE written by another client".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals(Reason.FORMAT, text.reason());
  }

  @Test
  void anItemOfAnotherSerializerIsIncompatible() throws ValueException {
    byte[] bytes = stored("t/other", "value");
    ValueStore fstRegion =
        new ValueStore(transport, new RenumberedSerializer(new ForySerializer(), 64), ValueSettings.defaults());
    ValueException failure = assertThrows(ValueException.class, () -> fstRegion.read("t/other", bytes));
    assertEquals(Reason.INCOMPATIBLE, failure.reason());
  }

  @Test
  void bytesThatDeserializeBadlyAreADeserializationFailure() throws ValueException {
    byte[] notFory = {1, 2, 3, 4, 5, 6, 7, 8};
    byte[] item = StoredItem.encode(1, 0, 0, 0L, 0L, notFory.length, notFory, null);
    ValueException failure = assertThrows(ValueException.class, () -> store.read("t/bad", item));
    assertEquals(Reason.DESERIALIZATION, failure.reason(), failure.getMessage());
  }
}
