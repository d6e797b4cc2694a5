package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {
  private final MapTransport transport = new MapTransport(1 << 20);
  private final ForySerializer fory = new ForySerializer();

  private ValueStore store(ValueSettings settings) {
    return new ValueStore(transport, fory, settings);
  }

  /** A byte[] whose serialized form is exactly {@code serializedBytes} long and compresses well. */
  private byte[] compressibleOfSerializedSize(int serializedBytes) {
    int length = serializedBytes;
    while (fory.serialize(new byte[length]).length > serializedBytes) {
      length--;
    }
    byte[] value = new byte[length];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) "abcabcabd".charAt(i % 9);
    }
    assertEquals(serializedBytes, fory.serialize(value).length);
    return value;
  }

  private static byte[] incompressible(int length) {
    byte[] value = new byte[length];
    new Random(length).nextBytes(value);
    return value;
  }

  @Test
  void compressionIsOnByDefaultAboveOneKibibyte() throws ValueException {
    ValueStore store = store(ValueSettings.defaults());
    WriteResult written = store.write("c/on", compressibleOfSerializedSize(4096), 0, Duration.ZERO);
    assertTrue(written.compressed());
    assertTrue(written.storedBytes() < 1024, written.toString());
  }

  @Test
  void theThresholdIsInclusiveOfItsOwnSize() throws ValueException {
    ValueStore store = store(ValueSettings.defaults());
    assertFalse(store.write("c/below", compressibleOfSerializedSize(1023), 0, Duration.ZERO).compressed());
    assertTrue(store.write("c/at", compressibleOfSerializedSize(1024), 0, Duration.ZERO).compressed());
  }

  @Test
  void aRaisedThresholdLeavesSmallerValuesRaw() throws ValueException {
    ValueStore store = store(ValueSettings.defaults().withCompressionThreshold(8192));
    assertFalse(store.write("c/raised", compressibleOfSerializedSize(8000), 0, Duration.ZERO).compressed());
    assertTrue(store.write("c/raised2", compressibleOfSerializedSize(8192), 0, Duration.ZERO).compressed());
  }

  @Test
  void aThresholdOfZeroOrLessTurnsCompressionOff() throws ValueException {
    for (int threshold : new int[] {0, -1}) {
      ValueStore store = store(ValueSettings.defaults().withCompressionThreshold(threshold));
      byte[] value = compressibleOfSerializedSize(100_000);
      WriteResult written = store.write("c/off", value, 0, Duration.ZERO);
      assertFalse(written.compressed());
      assertEquals(WireFormat.HEADER_BYTES + 100_000, written.storedBytes());
      assertArrayEquals(value, (byte[]) store.read("c/off", transport.items.get("c/off")).value());
    }
  }

  @Test
  void codecNoneTurnsCompressionOff() throws ValueException {
    ValueStore store = store(ValueSettings.defaults().withCompression(Compression.NONE));
    assertFalse(store.write("c/none", compressibleOfSerializedSize(100_000), 0, Duration.ZERO).compressed());
  }

  @Test
  void incompressibleValuesAreStoredRaw() throws ValueException {
    ValueStore store = store(ValueSettings.defaults());
    byte[] value = incompressible(200_000);
    WriteResult written = store.write("c/random", value, 0, Duration.ZERO);
    assertFalse(written.compressed());
    assertEquals(written.serializedBytes() + WireFormat.HEADER_BYTES, written.storedBytes());
    assertArrayEquals(value, (byte[]) store.read("c/random", transport.items.get("c/random")).value());
  }

  @Test
  void compressionSavingLessThanAnEighthIsNotKept() throws ValueException {
    // Half random, half zeros would save about half; 95% random saves too little.
    byte[] value = incompressible(100_000);
    Arrays.fill(value, 0, 4_000, (byte) 0);
    WriteResult written = store(ValueSettings.defaults()).write("c/little", value, 0, Duration.ZERO);
    assertFalse(written.compressed(), written.toString());
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyCodecRoundTripsAndEveryRegionReadsIt(Compression codec) throws ValueException {
    byte[] value = compressibleOfSerializedSize(50_000);
    WriteResult written = store(ValueSettings.defaults().withCompression(codec)).write("c/codec", value, 9, Duration.ZERO);
    assertEquals(codec != Compression.NONE, written.compressed());
    // A region configured with another codec still reads what this one wrote: the header says which.
    for (Compression reader : Compression.values()) {
      StoredValue read = store(ValueSettings.defaults().withCompression(reader)).read("c/codec", transport.items.get("c/codec"));
      assertArrayEquals(value, (byte[]) read.value());
      assertEquals(written.serializedBytes(), read.serializedBytes());
      assertEquals(written.storedBytes(), read.storedBytes());
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void aPayloadWhoseLengthDisagreesWithItsHeaderIsAFormatFailure(Compression codec) {
    byte[] serialized = fory.serialize(compressibleOfSerializedSize(5000));
    byte[] payload = codec.compress(serialized);
    ValueStore store = store(ValueSettings.defaults());
    for (int claimed : new int[] {serialized.length - 1, serialized.length + 1, 0}) {
      // A well-formed, correctly checksummed item from a buggy writer: the lengths must still agree.
      byte[] item = StoredItem.encode(1, codec.id(), 0, 0L, 0L, claimed, payload, null);
      ValueException failure = assertThrows(ValueException.class, () -> store.read("c/len", item));
      assertEquals(ValueException.Reason.FORMAT, failure.reason(), failure.getMessage());
    }
  }
}
