package dev.cachet.runtime.internal.value;

import static dev.cachet.runtime.internal.value.WireFormat.CHUNK_PREFIX_BYTES;
import static dev.cachet.runtime.internal.value.WireFormat.FLAG_CHUNK;
import static dev.cachet.runtime.internal.value.WireFormat.FLAG_MANIFEST;
import static dev.cachet.runtime.internal.value.WireFormat.FLAG_NULL;
import static dev.cachet.runtime.internal.value.WireFormat.HEADER_BYTES;
import static dev.cachet.runtime.internal.value.WireFormat.SIGNATURE_BYTES;

import dev.cachet.runtime.CachetException;
import dev.cachet.runtime.internal.value.ValueException.Reason;
import dev.cachet.runtime.internal.value.WireFormat.Manifest;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The value pipeline of one region: serialize, compress, frame with a checksummed header, and
 * split into chunks when the stored form exceeds the transport's item size; and the way back.
 *
 * <p>A value stored whole is one item under the entry key. A larger one is stored as chunks,
 * written first, and then a manifest under the entry key, as {@link WireFormat} lays them out;
 * the random 64-bit write id keeps concurrent writers of one key from mixing their chunks.
 * A read costs the core's fetch of the entry plus, for a manifest, one {@code getAll} of every
 * chunk (on a pool, one multi-get per server holding chunks, all servers at once); a write sends
 * every chunk at once ({@link Transport#writeSequences}) and then the manifest. Any absent,
 * foreign or corrupt byte makes the read a {@link ValueException}.
 *
 * <p>{@link TransportException}s propagate unchanged. Thread-safe.
 */
public final class ValueStore {
  /** Chunks outlive their manifest by this much, so a live manifest never points at expired chunks. */
  static final Duration CHUNK_EXPIRY_MARGIN = Duration.ofMinutes(1);

  /** The {@code casId} of a write that stores whatever the entry holds. */
  public static final long UNCONDITIONAL = 0;

  private static final byte[] EMPTY = new byte[0];
  private static final Logger LOG = LoggerFactory.getLogger(ValueStore.class);

  private final Transport transport;
  private final Serializer serializer;
  private final ValueSettings settings;
  private final Signer signer;
  /** Codecs that failed here, so each failure is logged once per store, not once per write. */
  private final Set<Compression> brokenCodecs = ConcurrentHashMap.newKeySet();

  public ValueStore(Transport transport, Serializer serializer, ValueSettings settings) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.signer = settings.signed() ? new Signer(settings.signingKey()) : null;
    int id = serializer.id();
    if (id < 1 || id > 127) {
      throw new IllegalArgumentException("serializer id must be in 1..127: " + id);
    }
  }

  /** The signer for the item under {@code key}, whose MAC covers the key; null when unsigned. */
  private Signer signerFor(String key) {
    return signer == null ? null : signer.forKey(key);
  }

  /** The settings this store encodes with. */
  public ValueSettings settings() {
    return settings;
  }

  /**
   * Encodes {@code value} ({@code null} is stored as a negative entry), then writes chunks (if
   * any, all at once) and then the entry under {@code entryKey}; one {@code set} per item.
   *
   * @param expiry zero for no expiry
   * @throws ValueException {@link Reason#SERIALIZATION} naming the path to the failing object, or
   *     {@link Reason#TOO_LARGE} with the sizes; nothing was written in either case
   * @throws TransportException from the transport, unchanged
   */
  public WriteResult write(String entryKey, Object value, long generation, Duration expiry)
      throws ValueException {
    return write(entryKey, value, generation, expiry, UNCONDITIONAL);
  }

  /**
   * As {@link #write(String, Object, long, Duration)}, but the entry (the last item written) is
   * stored only if its key still holds the item whose compare-and-swap id is {@code casId}
   * ({@link Transport#cas}); {@link WriteResult#stored()} says whether it was.
   *
   * @param casId an id from {@link Transport#gets}, or {@link #UNCONDITIONAL} to store regardless
   */
  public WriteResult write(
      String entryKey, Object value, long generation, Duration expiry, long casId)
      throws ValueException {
    Objects.requireNonNull(entryKey, "entryKey");
    Objects.requireNonNull(expiry, "expiry");
    long createdAt = settings.clock().millis();
    int serializerId = serializer.id();
    if (value == null) {
      byte[] item =
          StoredItem.encode(
              serializerId,
              Compression.NONE.id(),
              FLAG_NULL,
              createdAt,
              generation,
              0,
              EMPTY,
              signerFor(entryKey));
      boolean stored = putEntry(entryKey, item, expiry, casId);
      return new WriteResult(0, item.length, false, 0, stored);
    }

    byte[] serialized = serialize(value);
    if (serialized.length > settings.maxValueBytes()) {
      throw new ValueException(
          Reason.TOO_LARGE,
          entryKey
              + ": "
              + serialized.length
              + " serialized bytes exceed the maximum of "
              + settings.maxValueBytes()
              + " bytes; not stored");
    }
    Compression codec = Compression.NONE;
    byte[] payload = serialized;
    if (settings.compresses(serialized.length)) {
      byte[] compressed = compress(settings.compression(), serialized);
      // Keep the raw form unless compression saves at least an eighth: decoding costs time too.
      if (compressed != null && compressed.length <= serialized.length - serialized.length / 8) {
        codec = settings.compression();
        payload = compressed;
      }
    }

    int itemLimit = transport.maxItemBytes();
    int framing = HEADER_BYTES + (signer == null ? 0 : SIGNATURE_BYTES);
    if ((long) framing + payload.length <= itemLimit) {
      checkSize(entryKey, serialized.length, framing + (long) payload.length);
      byte[] item =
          StoredItem.encode(
              serializerId, codec.id(), 0, createdAt, generation, serialized.length, payload, signerFor(entryKey));
      boolean stored = putEntry(entryKey, item, expiry, casId);
      return new WriteResult(serialized.length, item.length, codec != Compression.NONE, 0, stored);
    }

    return writeChunked(
        entryKey, serialized.length, payload, codec, createdAt, generation, expiry, casId);
  }

  /** Chunks first, each under its own key, then the manifest under the entry key. */
  private WriteResult writeChunked(
      String entryKey,
      int serializedLength,
      byte[] payload,
      Compression codec,
      long createdAt,
      long generation,
      Duration expiry,
      long casId)
      throws ValueException {
    int serializerId = serializer.id();
    int itemLimit = transport.maxItemBytes();
    int framing = HEADER_BYTES + (signer == null ? 0 : SIGNATURE_BYTES);
    int capacity = itemLimit - framing - CHUNK_PREFIX_BYTES;
    if (capacity <= 0) {
      throw new IllegalStateException(
          transport.describe() + " holds items of only " + itemLimit + " bytes");
    }
    int chunkCount = (int) ((payload.length + (long) capacity - 1) / capacity);
    long storedTotal =
        (long) chunkCount * (framing + CHUNK_PREFIX_BYTES) + payload.length + framing + Manifest.BYTES;
    checkSize(entryKey, serializedLength, storedTotal);

    long writeId = ThreadLocalRandom.current().nextLong();
    String prefix = WireFormat.chunkKeyPrefix(entryKey, writeId);
    Duration chunkExpiry = expiry.isZero() ? expiry : expiry.plus(CHUNK_EXPIRY_MARGIN);
    byte[] chunkPayload = new byte[CHUNK_PREFIX_BYTES + capacity];
    List<List<Transport.Write>> chunks = new ArrayList<>(chunkCount);
    for (int index = 0; index < chunkCount; index++) {
      int offset = index * capacity;
      int length = Math.min(capacity, payload.length - offset);
      ByteBuffer.wrap(chunkPayload).putLong(writeId).putInt(index);
      System.arraycopy(payload, offset, chunkPayload, CHUNK_PREFIX_BYTES, length);
      byte[] chunk =
          StoredItem.encode(
              serializerId,
              codec.id(),
              FLAG_CHUNK,
              createdAt,
              generation,
              serializedLength,
              chunkPayload,
              0,
              CHUNK_PREFIX_BYTES + length,
              signerFor(prefix + index));
      chunks.add(List.of(Transport.Write.set(prefix + index, chunk, chunkExpiry)));
    }
    // Every chunk at once, each its own sequence: no order among them, every server in parallel;
    // the manifest only once all of them were stored.
    for (TransportException fault : transport.writeSequences(chunks)) {
      if (fault != null) {
        throw fault;
      }
    }
    byte[] manifest =
        new Manifest(writeId, chunkCount, capacity, payload.length, WireFormat.checksum(payload, 0, payload.length))
            .toBytes();
    byte[] entry =
        StoredItem.encode(
            serializerId,
            codec.id(),
            FLAG_MANIFEST,
            createdAt,
            generation,
            serializedLength,
            manifest,
            signerFor(entryKey));
    boolean stored = putEntry(entryKey, entry, expiry, casId);
    return new WriteResult(
        serializedLength, (int) storedTotal, codec != Compression.NONE, chunkCount, stored);
  }

  private boolean putEntry(String entryKey, byte[] item, Duration expiry, long casId) {
    if (casId == UNCONDITIONAL) {
      transport.set(entryKey, item, expiry);
      return true;
    }
    return transport.cas(entryKey, item, expiry, casId);
  }

  /**
   * Decodes an entry already fetched. If it is a chunk manifest, fetches all chunks in one more
   * {@code getAll} and assembles them.
   *
   * @throws ValueException for any check that fails: never a wrong value
   * @throws TransportException from the chunk fetch, unchanged
   */
  public StoredValue read(String entryKey, byte[] entryBytes) throws ValueException {
    return read(entryKey, entryBytes, false, 0);
  }

  /**
   * Like {@link #read}, but returns {@code null} when the entry was written under another
   * namespace generation than {@code currentGeneration}, checked from the header before any chunk
   * is fetched or anything is inflated or deserialized: an entry an {@code invalidateAll} made
   * obsolete costs nothing but its checksum.
   */
  public StoredValue readIfGeneration(String entryKey, byte[] entryBytes, long currentGeneration)
      throws ValueException {
    return read(entryKey, entryBytes, true, currentGeneration);
  }

  private StoredValue read(
      String entryKey, byte[] entryBytes, boolean checkGeneration, long currentGeneration)
      throws ValueException {
    Objects.requireNonNull(entryKey, "entryKey");
    String what = "entry " + entryKey;
    StoredItem entry = StoredItem.parse(entryBytes, what, signerFor(entryKey));
    if (checkGeneration && entry.generation != currentGeneration) {
      return null;
    }
    if (entry.serializerId != serializer.id()) {
      throw new ValueException(
          Reason.INCOMPATIBLE,
          what
              + ": written by serializer "
              + entry.serializerId
              + ", this region reads serializer "
              + serializer.id());
    }
    Compression codec = Compression.byId(entry.compressionId);
    if (codec == null) {
      throw new ValueException(
          Reason.INCOMPATIBLE, what + ": unknown compression id " + entry.compressionId);
    }
    if (entry.has(FLAG_CHUNK)) {
      throw new ValueException(Reason.FORMAT, what + ": a chunk stored under an entry key");
    }
    if (entry.originalLength > settings.maxValueBytes()) {
      // Checked before anything is fetched or inflated: a small item must not make us allocate.
      throw new ValueException(
          Reason.TOO_LARGE,
          what
              + ": announces "
              + entry.originalLength
              + " serialized bytes, over this region's maximum of "
              + settings.maxValueBytes());
    }
    if (entry.has(FLAG_NULL)) {
      if (entry.payloadLength() != 0 || entry.originalLength != 0) {
        throw new ValueException(Reason.FORMAT, what + ": a null entry with a payload");
      }
      return new StoredValue(
          null, entry.generation, Instant.ofEpochMilli(entry.createdAtMillis), entryBytes.length, 0, 0);
    }
    byte[] payload;
    int storedBytes = entryBytes.length;
    int chunks = 0;
    if (entry.has(FLAG_MANIFEST)) {
      Assembled assembled = assemble(entryKey, entry);
      payload = assembled.payload;
      storedBytes += assembled.storedBytes;
      chunks = assembled.chunks;
    } else {
      payload = entry.payload();
    }
    byte[] serialized = decompress(what, codec, payload, entry.originalLength);
    Object value;
    try {
      value = serializer.deserialize(serialized);
    } catch (ClassNotAllowedException failure) {
      throw new ValueException(Reason.ALLOWLIST, what + ": " + failure.getMessage(), failure);
    } catch (RuntimeException | StackOverflowError failure) {
      throw new ValueException(
          Reason.DESERIALIZATION, what + ": " + failure.getMessage(), failure);
    }
    return new StoredValue(
        value,
        entry.generation,
        Instant.ofEpochMilli(entry.createdAtMillis),
        storedBytes,
        serialized.length,
        chunks);
  }

  /**
   * The compressed form, or {@code null} when the codec fails (a native library that cannot load
   * on this platform): the value is then stored raw, which every reader can read, and the
   * failure is logged once per codec rather than failing every write.
   */
  private byte[] compress(Compression codec, byte[] serialized) {
    try {
      return codec.compress(serialized);
    } catch (RuntimeException | LinkageError failure) {
      if (brokenCodecs.add(codec)) {
        LOG.warn("{} compression failed; storing values uncompressed: {}", codec, failure.toString());
      }
      return null;
    }
  }

  private byte[] serialize(Object value) throws ValueException {
    try {
      byte[] bytes = serializer.serialize(value);
      if (bytes == null) {
        throw new ValueException(
            Reason.SERIALIZATION, "serializer " + serializer.id() + " returned null");
      }
      return bytes;
    } catch (ClassNotAllowedException failure) {
      throw new ValueException(Reason.ALLOWLIST, failure.getMessage(), failure);
    } catch (CachetException failure) {
      throw new ValueException(Reason.SERIALIZATION, failure.getMessage(), failure);
    } catch (RuntimeException | StackOverflowError failure) {
      throw new ValueException(
          Reason.SERIALIZATION,
          value.getClass().getName() + ": " + failure,
          failure);
    }
  }

  private void checkSize(String entryKey, int serializedBytes, long storedBytes)
      throws ValueException {
    if (storedBytes > settings.maxValueBytes()) {
      throw new ValueException(
          Reason.TOO_LARGE,
          entryKey
              + ": stored form of "
              + storedBytes
              + " bytes ("
              + serializedBytes
              + " serialized) exceeds the maximum of "
              + settings.maxValueBytes()
              + " bytes; not stored");
    }
  }

  private static byte[] decompress(String what, Compression codec, byte[] payload, int originalLength)
      throws ValueException {
    if (codec == Compression.NONE) {
      if (payload.length != originalLength) {
        throw new ValueException(
            Reason.FORMAT,
            what + ": " + payload.length + " payload bytes, header says " + originalLength);
      }
      return payload;
    }
    try {
      byte[] serialized = codec.decompress(payload, originalLength);
      if (serialized.length != originalLength) {
        throw new ValueException(
            Reason.FORMAT,
            what + ": decompressed to " + serialized.length + " bytes, header says " + originalLength);
      }
      return serialized;
    } catch (ValueException failure) {
      throw failure;
    } catch (Exception | OutOfMemoryError | LinkageError failure) {
      throw new ValueException(
          Reason.FORMAT, what + ": " + codec + " could not decompress: " + failure, failure);
    }
  }

  private static final class Assembled {
    final byte[] payload;
    final int storedBytes;
    final int chunks;

    Assembled(byte[] payload, int storedBytes, int chunks) {
      this.payload = payload;
      this.storedBytes = storedBytes;
      this.chunks = chunks;
    }
  }

  private Assembled assemble(String entryKey, StoredItem manifest) throws ValueException {
    String what = "entry " + entryKey;
    if (manifest.payloadLength() != Manifest.BYTES) {
      throw new ValueException(
          Reason.FORMAT, what + ": manifest of " + manifest.payloadLength() + " bytes");
    }
    Manifest fields = Manifest.read(manifest.payloadBuffer());
    long writeId = fields.writeId();
    int chunkCount = fields.chunkCount();
    int capacity = fields.capacity();
    int totalLength = fields.totalLength();
    int totalChecksum = fields.checksum();
    if (totalLength > settings.maxValueBytes()) {
      throw new ValueException(
          Reason.TOO_LARGE,
          what
              + ": announces "
              + totalLength
              + " bytes in chunks, over this region's maximum of "
              + settings.maxValueBytes());
    }
    if (capacity <= 0
        || totalLength <= 0
        || chunkCount != (int) ((totalLength + (long) capacity - 1) / capacity)) {
      throw new ValueException(
          Reason.FORMAT,
          what
              + ": inconsistent manifest ("
              + chunkCount
              + " chunks of "
              + capacity
              + " bytes for "
              + totalLength
              + ")");
    }
    String prefix = WireFormat.chunkKeyPrefix(entryKey, writeId);
    List<String> keys = new ArrayList<>(chunkCount);
    for (int index = 0; index < chunkCount; index++) {
      keys.add(prefix + index);
    }
    Map<String, byte[]> found = transport.getAll(keys);
    byte[] payload = new byte[totalLength];
    int storedBytes = 0;
    for (int index = 0; index < chunkCount; index++) {
      String chunkKey = keys.get(index);
      String chunkWhat = "chunk " + chunkKey + " of " + what;
      byte[] bytes = found.get(chunkKey);
      if (bytes == null) {
        throw new ValueException(
            Reason.MISSING_CHUNK, chunkWhat + ": absent (" + found.size() + " of " + chunkCount + " found)");
      }
      StoredItem chunk = StoredItem.parse(bytes, chunkWhat, signerFor(chunkKey));
      int expectedLength = Math.min(capacity, totalLength - index * capacity);
      ByteBuffer prefixFields = chunk.payloadBuffer();
      if (!chunk.has(FLAG_CHUNK)
          || chunk.payloadLength() != CHUNK_PREFIX_BYTES + expectedLength) {
        throw new ValueException(Reason.FORMAT, chunkWhat + ": not a chunk of the expected size");
      }
      if (prefixFields.getLong() != writeId
          || prefixFields.getInt() != index
          || chunk.generation != manifest.generation
          || chunk.createdAtMillis != manifest.createdAtMillis
          || chunk.serializerId != manifest.serializerId
          || chunk.compressionId != manifest.compressionId
          || chunk.originalLength != manifest.originalLength) {
        throw new ValueException(Reason.MISSING_CHUNK, chunkWhat + ": belongs to another write");
      }
      System.arraycopy(
          chunk.bytes,
          HEADER_BYTES + CHUNK_PREFIX_BYTES,
          payload,
          index * capacity,
          expectedLength);
      storedBytes += bytes.length;
    }
    if (WireFormat.checksum(payload, 0, payload.length) != totalChecksum) {
      throw new ValueException(Reason.CHECKSUM, what + ": assembled chunks fail the CRC32C");
    }
    return new Assembled(payload, storedBytes, chunkCount);
  }
}
