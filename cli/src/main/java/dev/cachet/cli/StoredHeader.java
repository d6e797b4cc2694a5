package dev.cachet.cli;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The reading side of a stored item's header, written against the layout documented in the
 * runtime's {@code dev.cachet.runtime.value.StoredItem} (which is package-private there, and
 * whose parser refuses what it cannot use; this one describes whatever it finds):
 *
 * <pre>
 * offset size
 *  0     2   magic 0xCA 0xC7
 *  2     1   format version (1)
 *  3     1   serializer id
 *  4     1   compression id
 *  5     1   flags: 1 null value, 2 manifest, 4 chunk, 8 signed
 *  6     8   createdAt, epoch millis
 * 14     8   generation
 * 22     4   original length: serialized bytes before compression
 * 26     4   payload length
 * 30     4   CRC32C of bytes 0..29 and of the payload
 * 34     *   payload
 *  +    32   signed items only: HMAC-SHA256 of everything before it
 * </pre>
 *
 * A chunk manifest's payload is the write id (8), the chunk count, the chunk capacity, the total
 * payload length and the CRC32C of the whole payload (4 each); a chunk's payload starts with the
 * write id (8) and its index (4).
 */
record StoredHeader(
    int formatVersion,
    int serializerId,
    int compressionId,
    int flags,
    long createdAtMillis,
    long generation,
    int originalLength,
    int payloadLength,
    boolean checksumMatches,
    int totalBytes) {
  static final int HEADER_BYTES = 34;
  static final int SIGNATURE_BYTES = 32;
  static final int FLAG_NULL = 1;
  static final int FLAG_MANIFEST = 2;
  static final int FLAG_CHUNK = 4;
  static final int FLAG_SIGNED = 8;
  static final int CHUNK_PREFIX_BYTES = Long.BYTES + Integer.BYTES;
  private static final int MAGIC = 0xCAC7;
  private static final int CHECKSUM_OFFSET = 30;

  /** Parses the header of {@code bytes}; throws {@link IllegalArgumentException} saying why it is no Cachet item. */
  static StoredHeader parse(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes);
    int magic = header.getShort() & 0xFFFF;
    if (magic != MAGIC) {
      throw new IllegalArgumentException(String.format("not a Cachet item (magic 0x%04X)", magic));
    }
    int version = header.get() & 0xFF;
    int serializer = header.get() & 0xFF;
    int compression = header.get() & 0xFF;
    int flags = header.get() & 0xFF;
    long createdAt = header.getLong();
    long generation = header.getLong();
    int originalLength = header.getInt();
    int payloadLength = header.getInt();
    int storedChecksum = header.getInt();
    boolean checksumMatches =
        payloadLength >= 0
            && HEADER_BYTES + (long) payloadLength <= bytes.length
            && storedChecksum == checksum(bytes, payloadLength);
    return new StoredHeader(
        version, serializer, compression, flags, createdAt, generation, originalLength,
        payloadLength, checksumMatches, bytes.length);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Whether the item is as long as header, payload and (when signed) signature say. */
  boolean lengthMatches() {
    return totalBytes == HEADER_BYTES + (long) payloadLength + (has(FLAG_SIGNED) ? SIGNATURE_BYTES : 0);
  }

  private static int checksum(byte[] item, int payloadLength) {
    CRC32C crc = new CRC32C();
    crc.update(item, 0, CHECKSUM_OFFSET);
    crc.update(item, HEADER_BYTES, payloadLength);
    return (int) crc.getValue();
  }

  /** The manifest fields of a chunked value's entry. */
  record Manifest(long writeId, int chunkCount, int capacity, int totalLength, int checksum) {
    static Manifest read(byte[] entry) {
      ByteBuffer fields = ByteBuffer.wrap(entry, HEADER_BYTES, entry.length - HEADER_BYTES);
      return new Manifest(fields.getLong(), fields.getInt(), fields.getInt(), fields.getInt(), fields.getInt());
    }

    /** {@code <namespace>/chunk/<16 hex write id>/<index>}, as the runtime's ValueStore names chunks. */
    String chunkKey(String entryKey, int index) {
      int slash = entryKey.indexOf('/');
      String namespace = slash > 0 ? entryKey.substring(0, Math.min(slash, 64)) : "cachet";
      return namespace + "/chunk/" + String.format("%016x", writeId) + "/" + index;
    }
  }
}
