package dev.cachet.runtime.value;

import dev.cachet.runtime.value.ValueException.Reason;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The self-describing form of one memcached item: a fixed header, then the payload.
 *
 * <pre>
 * offset size
 *  0     2   magic 0xCA 0xC7
 *  2     1   format version (1)
 *  3     1   serializer id
 *  4     1   compression id
 *  5     1   flags: 1 null value, 2 manifest, 4 chunk
 *  6     8   createdAt, epoch millis
 * 14     8   generation (opaque to this package)
 * 22     4   original length: serialized bytes before compression
 * 26     4   payload length
 * 30     4   CRC32C of bytes 0..29 and of the payload
 * 34     *   payload
 * </pre>
 *
 * All numbers are big-endian. Parsing checks every field before anything is trusted, so any
 * changed, truncated or foreign byte array becomes a {@link ValueException}.
 */
final class StoredItem {
  static final int HEADER_BYTES = 34;
  static final int FLAG_NULL = 1;
  static final int FLAG_MANIFEST = 2;
  static final int FLAG_CHUNK = 4;

  private static final short MAGIC = (short) 0xCAC7;
  private static final byte FORMAT_VERSION = 1;
  private static final int CHECKSUM_OFFSET = 30;

  final int serializerId;
  final int compressionId;
  final int flags;
  final long createdAtMillis;
  final long generation;
  final int originalLength;
  /** The whole item as stored; the payload starts at {@link #HEADER_BYTES}. */
  final byte[] bytes;

  private StoredItem(
      int serializerId,
      int compressionId,
      int flags,
      long createdAtMillis,
      long generation,
      int originalLength,
      byte[] bytes) {
    this.serializerId = serializerId;
    this.compressionId = compressionId;
    this.flags = flags;
    this.createdAtMillis = createdAtMillis;
    this.generation = generation;
    this.originalLength = originalLength;
    this.bytes = bytes;
  }

  int payloadLength() {
    return bytes.length - HEADER_BYTES;
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

  /** Builds an item around {@code length} bytes of {@code payload} starting at {@code offset}. */
  static byte[] encode(
      int serializerId,
      int compressionId,
      int flags,
      long createdAtMillis,
      long generation,
      int originalLength,
      byte[] payload,
      int offset,
      int length) {
    byte[] item = new byte[HEADER_BYTES + length];
    ByteBuffer header = ByteBuffer.wrap(item);
    header
        .putShort(MAGIC)
        .put(FORMAT_VERSION)
        .put((byte) serializerId)
        .put((byte) compressionId)
        .put((byte) flags)
        .putLong(createdAtMillis)
        .putLong(generation)
        .putInt(originalLength)
        .putInt(length);
    System.arraycopy(payload, offset, item, HEADER_BYTES, length);
    header.putInt(CHECKSUM_OFFSET, checksum(item));
    return item;
  }

  static byte[] encode(
      int serializerId,
      int compressionId,
      int flags,
      long createdAtMillis,
      long generation,
      int originalLength,
      byte[] payload) {
    return encode(
        serializerId,
        compressionId,
        flags,
        createdAtMillis,
        generation,
        originalLength,
        payload,
        0,
        payload.length);
  }

  /**
   * Checks and parses {@code bytes}; {@code what} names the item in messages ({@code entry
   * image/1f:alice}, {@code chunk 3 of ...}).
   */
  static StoredItem parse(byte[] bytes, String what) throws ValueException {
    if (bytes == null) {
      throw new ValueException(Reason.FORMAT, what + ": no bytes");
    }
    if (bytes.length < HEADER_BYTES) {
      throw new ValueException(
          Reason.FORMAT,
          what + ": " + bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes);
    short magic = header.getShort();
    if (magic != MAGIC) {
      throw new ValueException(
          Reason.FORMAT,
          what + ": not a Cachet item (magic " + String.format("0x%04X", magic & 0xFFFF) + ")");
    }
    byte version = header.get();
    if (version != FORMAT_VERSION) {
      throw new ValueException(
          Reason.FORMAT, what + ": format version " + version + ", this build reads " + FORMAT_VERSION);
    }
    int serializerId = header.get() & 0xFF;
    int compressionId = header.get() & 0xFF;
    int flags = header.get() & 0xFF;
    long createdAt = header.getLong();
    long generation = header.getLong();
    int originalLength = header.getInt();
    int payloadLength = header.getInt();
    int storedChecksum = header.getInt();
    if (payloadLength != bytes.length - HEADER_BYTES) {
      throw new ValueException(
          Reason.FORMAT,
          what
              + ": header says "
              + payloadLength
              + " payload bytes, the item holds "
              + (bytes.length - HEADER_BYTES));
    }
    if (storedChecksum != checksum(bytes)) {
      throw new ValueException(Reason.CHECKSUM, what + ": CRC32C mismatch");
    }
    // From here on the bytes are as written; the checks below catch writers of another build.
    int kind = flags & (FLAG_NULL | FLAG_MANIFEST | FLAG_CHUNK);
    if ((flags & ~(FLAG_NULL | FLAG_MANIFEST | FLAG_CHUNK)) != 0 || Integer.bitCount(kind) > 1) {
      throw new ValueException(Reason.FORMAT, what + ": unknown flags " + flags);
    }
    if (originalLength < 0) {
      throw new ValueException(Reason.FORMAT, what + ": negative original length");
    }
    return new StoredItem(
        serializerId, compressionId, flags, createdAt, generation, originalLength, bytes);
  }

  /** CRC32C of the header up to the checksum field, then of the payload. */
  static int checksum(byte[] item) {
    CRC32C crc = new CRC32C();
    crc.update(item, 0, CHECKSUM_OFFSET);
    crc.update(item, HEADER_BYTES, item.length - HEADER_BYTES);
    return (int) crc.getValue();
  }

  /** CRC32C of a byte range. */
  static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
