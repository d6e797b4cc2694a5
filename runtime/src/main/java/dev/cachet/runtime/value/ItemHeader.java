package dev.cachet.runtime.value;

import java.nio.ByteBuffer;

/**
 * A lenient reading of a stored item's header, for tools such as {@code cachet-cli inspect}: it
 * describes whatever it finds (a wrong checksum, a wrong length) where the pipeline would refuse
 * the item. The layout, constants and checksum are {@link StoredItem}'s own, so the two never
 * disagree.
 *
 * @param checksumMatches whether the CRC32C over header and payload is the stored one
 * @param totalBytes the length of the item as stored
 */
public record ItemHeader(
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
  public static final int HEADER_BYTES = StoredItem.HEADER_BYTES;
  public static final int SIGNATURE_BYTES = Signer.SIGNATURE_BYTES;
  /** A chunk's payload starts with the write id and the chunk's index. */
  public static final int CHUNK_PREFIX_BYTES = ValueStore.CHUNK_PREFIX_BYTES;
  public static final int FLAG_NULL = StoredItem.FLAG_NULL;
  public static final int FLAG_MANIFEST = StoredItem.FLAG_MANIFEST;
  public static final int FLAG_CHUNK = StoredItem.FLAG_CHUNK;
  public static final int FLAG_SIGNED = StoredItem.FLAG_SIGNED;

  /** Reads the header of {@code bytes}; throws {@link IllegalArgumentException} saying why it is no Cachet item. */
  public static ItemHeader parse(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes);
    short magic = header.getShort();
    if (magic != StoredItem.MAGIC) {
      throw new IllegalArgumentException(String.format("not a Cachet item (magic 0x%04X)", magic & 0xFFFF));
    }
    int version = header.get() & 0xFF;
    int serializer = header.get() & 0xFF;
    int compression = header.get() & 0xFF;
    int flags = header.get() & 0xFF;
    long createdAt = header.getLong();
    long generation = header.getLong();
    int originalLength = header.getInt();
    int payloadLength = header.getInt();
    int storedChecksum = header.getInt(StoredItem.CHECKSUM_OFFSET);
    boolean checksumMatches =
        payloadLength >= 0
            && HEADER_BYTES + (long) payloadLength <= bytes.length
            && storedChecksum == StoredItem.itemChecksum(bytes, payloadLength);
    return new ItemHeader(
        version, serializer, compression, flags, createdAt, generation, originalLength,
        payloadLength, checksumMatches, bytes.length);
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Whether the item is as long as header, payload and (when signed) signature say. */
  public boolean lengthMatches() {
    return totalBytes == HEADER_BYTES + (long) payloadLength + (has(FLAG_SIGNED) ? SIGNATURE_BYTES : 0);
  }

  /** The fields of a chunked value's manifest: the payload of its entry. */
  public record Manifest(long writeId, int chunkCount, int capacity, int totalLength, int checksum) {
    /** The manifest's payload length. */
    public static final int BYTES = ValueStore.MANIFEST_BYTES;

    public static Manifest read(byte[] entry) {
      ByteBuffer fields = ByteBuffer.wrap(entry, HEADER_BYTES, entry.length - HEADER_BYTES);
      return new Manifest(fields.getLong(), fields.getInt(), fields.getInt(), fields.getInt(), fields.getInt());
    }

    /** The key of chunk {@code index}, named as {@link ValueStore} names it. */
    public String chunkKey(String entryKey, int index) {
      return ValueStore.chunkKeyPrefix(entryKey, writeId) + index;
    }
  }
}
