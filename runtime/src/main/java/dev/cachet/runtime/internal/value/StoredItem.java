package dev.cachet.runtime.internal.value;

import static dev.cachet.runtime.internal.value.WireFormat.CHECKSUM_OFFSET;
import static dev.cachet.runtime.internal.value.WireFormat.FLAG_CHUNK;
import static dev.cachet.runtime.internal.value.WireFormat.FLAG_MANIFEST;
import static dev.cachet.runtime.internal.value.WireFormat.FLAG_NULL;
import static dev.cachet.runtime.internal.value.WireFormat.FLAG_SIGNED;
import static dev.cachet.runtime.internal.value.WireFormat.FORMAT_VERSION;
import static dev.cachet.runtime.internal.value.WireFormat.HEADER_BYTES;
import static dev.cachet.runtime.internal.value.WireFormat.MAGIC;
import static dev.cachet.runtime.internal.value.WireFormat.SIGNATURE_BYTES;
import static dev.cachet.runtime.internal.value.WireFormat.itemChecksum;

import dev.cachet.runtime.internal.value.ValueException.Reason;
import java.nio.ByteBuffer;

/**
 * One stored item as the pipeline reads and writes it: a header, the payload and, when signed, an
 * HMAC, laid out as {@link WireFormat} states. Parsing checks every field before anything is
 * trusted, so any changed, truncated or foreign byte array becomes a {@link ValueException}.
 */
final class StoredItem {
  final int serializerId;
  final int compressionId;
  final int flags;
  final long createdAtMillis;
  final long generation;
  final int originalLength;
  /** The whole item as stored; the payload starts at {@link WireFormat#HEADER_BYTES}. */
  final byte[] bytes;
  private final int payloadLength;

  private StoredItem(
      int serializerId,
      int compressionId,
      int flags,
      long createdAtMillis,
      long generation,
      int originalLength,
      byte[] bytes,
      int payloadLength) {
    this.serializerId = serializerId;
    this.compressionId = compressionId;
    this.flags = flags;
    this.createdAtMillis = createdAtMillis;
    this.generation = generation;
    this.originalLength = originalLength;
    this.bytes = bytes;
    this.payloadLength = payloadLength;
  }

  int payloadLength() {
    return payloadLength;
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** A copy of the payload. */
  byte[] payload() {
    byte[] payload = new byte[payloadLength()];
    System.arraycopy(bytes, HEADER_BYTES, payload, 0, payload.length);
    return payload;
  }

  /** The payload as a read-only big-endian buffer, without copying. */
  ByteBuffer payloadBuffer() {
    return ByteBuffer.wrap(bytes, HEADER_BYTES, payloadLength()).slice().asReadOnlyBuffer();
  }

  /**
   * Builds an item around {@code length} bytes of {@code payload} starting at {@code offset};
   * signed (flag and trailing HMAC) when {@code signer} is not {@code null}.
   */
  static byte[] encode(
      int serializerId,
      int compressionId,
      int flags,
      long createdAtMillis,
      long generation,
      int originalLength,
      byte[] payload,
      int offset,
      int length,
      Signer signer) {
    int signatureBytes = signer == null ? 0 : SIGNATURE_BYTES;
    byte[] item = new byte[HEADER_BYTES + length + signatureBytes];
    ByteBuffer header = ByteBuffer.wrap(item);
    header
        .putShort(MAGIC)
        .put(FORMAT_VERSION)
        .put((byte) serializerId)
        .put((byte) compressionId)
        .put((byte) (signer == null ? flags : flags | FLAG_SIGNED))
        .putLong(createdAtMillis)
        .putLong(generation)
        .putInt(originalLength)
        .putInt(length);
    System.arraycopy(payload, offset, item, HEADER_BYTES, length);
    header.putInt(CHECKSUM_OFFSET, itemChecksum(item, length));
    if (signer != null) {
      byte[] signature = signer.sign(item, HEADER_BYTES + length);
      System.arraycopy(signature, 0, item, HEADER_BYTES + length, signatureBytes);
    }
    return item;
  }

  static byte[] encode(
      int serializerId,
      int compressionId,
      int flags,
      long createdAtMillis,
      long generation,
      int originalLength,
      byte[] payload,
      Signer signer) {
    return encode(
        serializerId,
        compressionId,
        flags,
        createdAtMillis,
        generation,
        originalLength,
        payload,
        0,
        payload.length,
        signer);
  }

  /**
   * Checks and parses {@code bytes}; {@code what} names the item in messages ({@code entry
   * image/1f:alice}, {@code chunk 3 of ...}). With a {@code signer}, only items signed with its
   * key pass; without one, signed items are refused, as the region cannot check them.
   */
  static StoredItem parse(byte[] bytes, String what, Signer signer) throws ValueException {
    if (bytes == null) {
      throw new ValueException(Reason.FORMAT, what + ": no bytes");
    }
    if (bytes.length < HEADER_BYTES) {
      throw new ValueException(
          Reason.FORMAT,
          what + ": " + bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    }
    WireFormat.Header header;
    try {
      header = WireFormat.Header.parse(bytes);
    } catch (IllegalArgumentException notOurs) {
      throw new ValueException(Reason.FORMAT, what + ": " + notOurs.getMessage());
    }
    if (header.formatVersion() != FORMAT_VERSION) {
      throw new ValueException(
          Reason.FORMAT,
          what + ": format version " + header.formatVersion() + ", this build reads " + FORMAT_VERSION);
    }
    int flags = header.flags();
    int payloadLength = header.payloadLength();
    boolean signed = header.has(FLAG_SIGNED);
    if (payloadLength < 0 || !header.lengthMatches()) {
      throw new ValueException(
          Reason.FORMAT,
          what
              + ": header says "
              + payloadLength
              + " payload bytes"
              + (signed ? " and a signature" : "")
              + ", the item holds "
              + (bytes.length - HEADER_BYTES));
    }
    if (!header.checksumMatches()) {
      throw new ValueException(Reason.CHECKSUM, what + ": CRC32C mismatch");
    }
    if (signer == null && signed) {
      throw new ValueException(Reason.SIGNATURE, what + ": signed, and this region has no signing key");
    }
    if (signer != null && !signed) {
      throw new ValueException(Reason.SIGNATURE, what + ": not signed, and this region requires signatures");
    }
    if (signer != null && !signer.verify(bytes, HEADER_BYTES + payloadLength)) {
      throw new ValueException(Reason.SIGNATURE, what + ": signature does not match this region's key");
    }
    // From here on the bytes are as written; the checks below catch writers of another build.
    int kind = flags & (FLAG_NULL | FLAG_MANIFEST | FLAG_CHUNK);
    if ((flags & ~(FLAG_NULL | FLAG_MANIFEST | FLAG_CHUNK | FLAG_SIGNED)) != 0
        || Integer.bitCount(kind) > 1) {
      throw new ValueException(Reason.FORMAT, what + ": unknown flags " + flags);
    }
    if (header.originalLength() < 0) {
      throw new ValueException(Reason.FORMAT, what + ": negative original length");
    }
    return new StoredItem(
        header.serializerId(),
        header.compressionId(),
        flags,
        header.createdAtMillis(),
        header.generation(),
        header.originalLength(),
        bytes,
        payloadLength);
  }
}
