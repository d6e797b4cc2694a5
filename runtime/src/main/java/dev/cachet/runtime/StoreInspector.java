package dev.cachet.runtime;

import dev.cachet.runtime.internal.value.Compression;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Cachet}'s store holds, read raw: for tools that show a person what is cached
 * ({@code cachet-cli items} and {@code inspect}). It reads through the cache's own transport, so a
 * key is read from the server the application reads it from, and it decodes the item header, the
 * chunk manifest and the generations with the runtime's own definition of them, so a tool cannot
 * drift from the format. It deserializes nothing: no value is decoded, no allowlist is needed.
 * Changes nothing. Each read is one round trip; faults are thrown as {@link
 * dev.cachet.runtime.spi.TransportException}, for a tool to report, rather than counted.
 */
public final class StoreInspector {
  private final Transport transport;

  private StoreInspector(Transport transport) {
    this.transport = transport;
  }

  /** Reads what {@code cachet}'s store holds; closing {@code cachet} ends it. */
  public static StoreInspector of(Cachet cachet) {
    return new StoreInspector(Objects.requireNonNull(cachet, "cachet").transport());
  }

  /** The store, as logs name it: {@code memcached 127.0.0.1:11211 127.0.0.1:11212}. */
  public String describe() {
    return transport.describe();
  }

  /** Whether the server {@code key} belongs to holds an item under it now. */
  public boolean holds(String key) {
    return transport.getAll(List.of(key)).containsKey(key);
  }

  /**
   * The text of each server's copy of {@code namespace}'s generation (a decimal number, followed
   * by its signature when generations are signed), by server ({@code host:port}) in the configured
   * order, {@code null} for a server that holds none; for a store that is one server, one entry
   * under the generation's key.
   */
  public Map<String, String> generations(String namespace) {
    List<String> copies = transport.everywhere(WireFormat.generationKey(CacheKey.requireNamespace(namespace)));
    Map<String, byte[]> found = transport.getAll(copies);
    Map<String, String> generations = new LinkedHashMap<>();
    for (String copy : copies) {
      String server = WireFormat.copyServer(copy);
      byte[] value = found.get(copy);
      generations.put(server == null ? copy : server, value == null ? null : ascii(value));
    }
    return generations;
  }

  /**
   * The item under {@code key}, decoded as far as it is Cachet's, with the chunks of a chunked
   * value and the generation that governs an entry read in the same call; {@code null} when the
   * store holds nothing under it.
   */
  public Item inspect(String key) {
    Objects.requireNonNull(key, "key");
    String namespace = WireFormat.namespaceOf(key);
    // The generation that governs an entry: the copy on the entry's own server.
    String generationKey =
        namespace == null ? null : transport.beside(WireFormat.generationKey(namespace), key);
    Map<String, byte[]> found =
        transport.getAll(generationKey == null ? List.of(key) : List.of(key, generationKey));
    byte[] bytes = found.get(key);
    if (bytes == null) {
      return null;
    }
    WireFormat.Header header;
    try {
      header = WireFormat.Header.parse(bytes);
    } catch (IllegalArgumentException e) {
      return Item.unreadable(key, namespace, bytes, e.getMessage(), WireFormat.isLeasePlaceholder(bytes));
    }
    byte[] current = generationKey == null ? null : found.get(generationKey);
    Long currentGeneration = null;
    if (current != null) {
      try {
        currentGeneration = WireFormat.generationNumber(current);
      } catch (NumberFormatException e) {
        // Reported as text: the entry is then read as a miss.
      }
    }
    return new Item(
        key,
        kindOf(key),
        namespace,
        bytes.length,
        null,
        false,
        header.has(WireFormat.FLAG_NULL),
        header.formatVersion(),
        header.serializerId(),
        serializerName(header.serializerId()),
        header.compressionId(),
        compressionName(header.compressionId()),
        WireFormat.HEADER_BYTES,
        header.payloadLength(),
        header.has(WireFormat.FLAG_SIGNED) ? WireFormat.SIGNATURE_BYTES : 0,
        header.originalLength(),
        Instant.ofEpochMilli(header.createdAtMillis()),
        header.generation(),
        current == null ? null : ascii(current),
        currentGeneration,
        header.checksumMatches() && header.lengthMatches(),
        header.has(WireFormat.FLAG_CHUNK),
        header.has(WireFormat.FLAG_MANIFEST) ? chunks(key, bytes, header) : null);
  }

  private Chunks chunks(String key, byte[] entry, WireFormat.Header header) {
    if (header.payloadLength() < WireFormat.Manifest.BYTES) {
      return new Chunks(0, 0, 0, "", 0, 0, false, "manifest too short: " + header.payloadLength() + " bytes");
    }
    WireFormat.Manifest manifest = WireFormat.Manifest.read(entry);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < manifest.chunkCount(); i++) {
      keys.add(manifest.chunkKey(key, i));
    }
    Map<String, byte[]> found = transport.getAll(keys);
    List<byte[]> inOrder = new ArrayList<>();
    long bytes = 0;
    for (String chunkKey : keys) {
      byte[] chunk = found.get(chunkKey);
      inOrder.add(chunk);
      bytes += chunk == null ? 0 : chunk.length;
    }
    boolean complete = found.size() == keys.size();
    return new Chunks(
        manifest.chunkCount(),
        manifest.capacity(),
        manifest.writeId(),
        WireFormat.chunkKeyPrefix(key, manifest.writeId()),
        found.size(),
        bytes,
        complete && manifest.checksumMatches(inOrder),
        null);
  }

  /** What {@code key} is, by its form alone. */
  public static Kind kindOf(String key) {
    return switch (WireFormat.kind(Objects.requireNonNull(key, "key"))) {
      case ENTRY -> Kind.ENTRY;
      case CHUNK -> Kind.CHUNK;
      case GENERATION -> Kind.GENERATION;
      case LOCK -> Kind.LOCK;
      case CHANGES -> Kind.CHANGES;
      case OTHER -> Kind.OTHER;
    };
  }

  /** The namespace of a key Cachet writes, or {@code null} when it has none. */
  public static String namespaceOf(String key) {
    return WireFormat.namespaceOf(Objects.requireNonNull(key, "key"));
  }

  private static String serializerName(int id) {
    return id == Serializer.FORY_ID ? "Apache Fory" : id == Serializer.FST_ID ? "FST" : "unknown to this build";
  }

  private static String compressionName(int id) {
    for (Compression compression : Compression.values()) {
      if (compression.id() == id) {
        return compression == Compression.NONE ? "none" : compression.name();
      }
    }
    return "unknown to this build";
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** The keys Cachet writes, by their form. */
  public enum Kind {
    /** An entry: a value, a cached {@code null}, a chunked value's manifest, or a lease. */
    ENTRY,
    /** One chunk of a value too large for one item. */
    CHUNK,
    /** A server's copy of a namespace's generation. */
    GENERATION,
    /** The refresh lock of a stale entry. */
    LOCK,
    /** A namespace's change mark, which near caches of other processes watch. */
    CHANGES,
    /** A key Cachet does not write. */
    OTHER
  }

  /**
   * One stored item, decoded. When {@link #unreadable} is not {@code null} the bytes are not a
   * Cachet value and only {@code key}, {@code kind}, {@code namespace}, {@code storedBytes} and
   * {@code leasePlaceholder} are set.
   *
   * @param storedBytes the item's size in the store
   * @param unreadable why the bytes are not a Cachet value, or {@code null}
   * @param leasePlaceholder whether they are a lease's placeholder: a miss is computing the entry
   * @param cachedNull a cached {@code null} (a negative entry)
   * @param serializerId the serializer's id ({@link Serializer#id()}), named by {@code serializer}
   * @param compressionId the codec's id in the header, named by {@code compression}
   * @param compression the codec's name, or {@code none}
   * @param payloadBytes the payload after the header, compressed when {@code compression} says so
   * @param signatureBytes the HMAC's length, 0 when unsigned (the inspector has no key to check it)
   * @param serializedBytes the payload's length before compression
   * @param generation the namespace generation the item was written under
   * @param currentGenerationText the text of the generation that governs it now, on its server, or
   *     {@code null} when that server holds none (the entry then reads as a miss)
   * @param currentGeneration that text's number, or {@code null} when it holds none
   * @param checksumMatches whether the CRC32C and the length match the bytes
   * @param chunk whether this is one chunk of a chunked value
   * @param chunks the chunks of a chunked value's manifest, or {@code null} for any other item
   */
  public record Item(
      String key,
      Kind kind,
      String namespace,
      int storedBytes,
      String unreadable,
      boolean leasePlaceholder,
      boolean cachedNull,
      int formatVersion,
      int serializerId,
      String serializer,
      int compressionId,
      String compression,
      int headerBytes,
      int payloadBytes,
      int signatureBytes,
      int serializedBytes,
      Instant created,
      long generation,
      String currentGenerationText,
      Long currentGeneration,
      boolean checksumMatches,
      boolean chunk,
      Chunks chunks) {

    private static Item unreadable(
        String key, String namespace, byte[] bytes, String why, boolean leasePlaceholder) {
      return new Item(key, kindOf(key), namespace, bytes.length, why, leasePlaceholder, false, 0, 0,
          null, 0, null, 0, 0, 0, 0, null, 0, null, null, false, false, null);
    }
  }

  /**
   * The chunks a chunked value's manifest names.
   *
   * @param count how many
   * @param capacity the payload bytes they hold at most
   * @param writeId the write that stored them, part of their keys
   * @param keyPrefix their keys, before the index
   * @param present how many the store holds
   * @param presentBytes their bytes
   * @param assembledChecksumMatches whether all are present and their CRC32C matches the manifest's
   * @param unreadable why the manifest could not be read, or {@code null}
   */
  public record Chunks(
      int count,
      int capacity,
      long writeId,
      String keyPrefix,
      int present,
      long presentBytes,
      boolean assembledChecksumMatches,
      String unreadable) {}
}
