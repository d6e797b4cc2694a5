package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.value.ValueException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** With a signing key, only items signed with that key are deserialized. */
class SigningTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

  private final MapTransport transport = new MapTransport(16 * 1024);
  private final ForySerializer fory = new ForySerializer();
  private final ValueStore signed = new ValueStore(transport, fory, ValueSettings.defaults().withSigningKey(KEY));

  private static byte[] incompressible(int length) {
    byte[] value = new byte[length];
    new Random(length).nextBytes(value);
    return value;
  }

  private ValueException readFailure(ValueStore store, String key) {
    return assertThrows(ValueException.class, () -> store.read(key, transport.items.get(key)));
  }

  @Test
  void signedValuesNullsAndChunksRoundTrip() throws ValueException {
    signed.write("s/small", "value", 1, Duration.ZERO);
    signed.write("s/null", null, 1, Duration.ZERO);
    byte[] large = incompressible(50_000);
    WriteResult written = signed.write("s/large", large, 1, Duration.ZERO);
    assertTrue(written.chunks() > 1);
    assertTrue(transport.items.values().stream().allMatch(item -> item.length <= 16 * 1024));

    assertEquals("value", signed.read("s/small", transport.items.get("s/small")).value());
    assertNull(signed.read("s/null", transport.items.get("s/null")).value());
    StoredValue read = signed.read("s/large", transport.items.get("s/large"));
    assertArrayEquals(large, (byte[]) read.value());
    assertEquals(written.storedBytes(), read.storedBytes());
  }

  @Test
  void anUnsignedItemIsRefusedByASignedRegion() throws ValueException {
    new ValueStore(transport, fory, ValueSettings.defaults()).write("s/plain", "forged", 1, Duration.ZERO);
    assertEquals(Reason.SIGNATURE, readFailure(signed, "s/plain").reason());
  }

  @Test
  void anItemSignedWithAnotherKeyIsRefused() throws ValueException {
    new ValueStore(transport, fory, ValueSettings.defaults().withSigningKey(OTHER_KEY))
        .write("s/other", "forged", 1, Duration.ZERO);
    assertEquals(Reason.SIGNATURE, readFailure(signed, "s/other").reason());
  }

  @Test
  void aSignedItemIsRefusedByARegionWithoutAKey() throws ValueException {
    signed.write("s/signed", "value", 1, Duration.ZERO);
    ValueStore unsigned = new ValueStore(transport, fory, ValueSettings.defaults());
    assertEquals(Reason.SIGNATURE, readFailure(unsigned, "s/signed").reason());
  }

  @Test
  void aForgerWhoRecomputesTheChecksumStillFailsTheSignature() throws ValueException {
    signed.write("s/forge", "genuine", 1, Duration.ZERO);
    byte[] genuine = transport.items.get("s/forge");
    // Same header fields and flags, another payload, a valid CRC: only the HMAC can tell.
    byte[] payload = fory.serialize("forged!");
    StoredItem parsed = StoredItem.parse(genuine, "genuine", new Signer(KEY).forKey("s/forge"));
    byte[] forged =
        StoredItem.encode(
            parsed.serializerId, parsed.compressionId, 0, parsed.createdAtMillis, parsed.generation,
            payload.length, payload, new Signer(OTHER_KEY).forKey("s/forge"));
    transport.items.put("s/forge", forged);
    assertEquals(Reason.SIGNATURE, readFailure(signed, "s/forge").reason());
  }

  @Test
  void aSignedItemCopiedToAnotherKeyFailsItsSignature() throws ValueException {
    signed.write("s/alice", "alice's value", 1, Duration.ZERO);
    transport.items.put("s/bob", transport.items.get("s/alice"));
    assertEquals("alice's value", signed.read("s/alice", transport.items.get("s/alice")).value());
    assertEquals(Reason.SIGNATURE, readFailure(signed, "s/bob").reason());
  }

  @Test
  void everyBitFlipOfASignedItemIsRejected() throws ValueException {
    signed.write("s/flip", "a value worth signing", 1, Duration.ZERO);
    byte[] original = transport.items.get("s/flip");
    for (int position = 0; position < original.length; position++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] changed = original.clone();
        changed[position] ^= (byte) (1 << bit);
        ValueException failure =
            assertThrows(ValueException.class, () -> signed.read("s/flip", changed), "byte " + position);
        assertTrue(
            failure.reason() == Reason.CHECKSUM || failure.reason() == Reason.FORMAT || failure.reason() == Reason.SIGNATURE,
            failure.getMessage());
      }
    }
    for (int length = 0; length < original.length; length++) {
      byte[] truncated = Arrays.copyOf(original, length);
      assertThrows(ValueException.class, () -> signed.read("s/flip", truncated), "truncated to " + length);
    }
  }

  @Test
  void aShortKeyIsRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> ValueSettings.defaults().withSigningKey(new byte[15]));
  }
}
