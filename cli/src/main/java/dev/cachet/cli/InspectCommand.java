package dev.cachet.cli;

import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.internal.value.Compression;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.internal.value.WireFormat.Kind;
import dev.cachet.runtime.spi.Serializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code inspect KEY}: the stored item of a key, decoded. The one command that reads Cachet's
 * bytes, so the one (with {@link Pool}) that uses the runtime's internals: {@code WireFormat} is
 * the single definition of the header, the chunk manifest and the generations, which the runtime
 * writes through the same class, so the tool cannot drift from it.
 */
@Command(
    name = "inspect",
    description = {
      "Decodes the stored header of KEY: serializer, compression, sizes before and after",
      "compression, chunks (and whether they are all present), creation time and age, the",
      "namespace generation it was written under (and whether it is still current), checksum",
      "and signature."
    })
final class InspectCommand implements Callable<Integer> {
  @ParentCommand CachetCli cli;

  @Mixin CachetCli.HelpOption help;

  @Parameters(paramLabel = "KEY", description = "A stored key, as items or key print it.")
  String key;

  @Override
  public Integer call() {
    String namespace = WireFormat.namespaceOf(key);
    try (Pool pool = cli.pool()) {
      MemcachedTransport transport = pool.transport();
      // The generation that governs the entry: the copy on the entry's own server.
      String generationKey = namespace == null ? null : transport.beside(WireFormat.generationKey(namespace), key);
      Map<String, byte[]> found =
          transport.getAll(generationKey == null ? List.of(key) : List.of(key, generationKey));
      byte[] bytes = found.get(key);
      if (bytes == null) {
        cli.out.println(key + ": not found on " + transport.describe());
        return CachetCli.NOT_FOUND;
      }
      row("key", key);
      WireFormat.Header header;
      try {
        header = WireFormat.Header.parse(bytes);
      } catch (IllegalArgumentException e) {
        row("stored", String.format("%,d bytes", bytes.length));
        row("format", "not a Cachet item: " + e.getMessage()
            + (WireFormat.kind(key) == Kind.GENERATION ? " (a generation key: " + ascii(bytes) + ")"
                : WireFormat.isLeasePlaceholder(bytes)
                    ? " (a lease's placeholder: a miss is computing this entry)" : ""));
        return CachetCli.OK;
      }
      if (namespace != null) {
        String rest = key.substring(namespace.length() + 1);
        int colon = rest.indexOf(':');
        row("namespace", namespace + ", type fingerprint " + (colon < 0 ? rest : rest.substring(0, colon)));
      }
      row("kind", header.has(WireFormat.FLAG_NULL) ? "a cached null (negative entry)"
          : header.has(WireFormat.FLAG_MANIFEST) ? "the manifest of a chunked value"
          : header.has(WireFormat.FLAG_CHUNK) ? "one chunk of a chunked value"
          : "a value stored whole");
      row("format", "version " + header.formatVersion());
      row("serializer", header.serializerId() + " (" + serializerName(header.serializerId()) + ")");
      row("compression", header.compressionId() + " (" + compressionName(header.compressionId()) + ")");
      row("stored", String.format("%,d bytes: %d-byte header, %,d-byte payload%s", bytes.length,
          WireFormat.HEADER_BYTES, header.payloadLength(),
          header.has(WireFormat.FLAG_SIGNED) ? ", " + WireFormat.SIGNATURE_BYTES + "-byte signature" : ""));
      row("serialized", String.format("%,d bytes before compression", header.originalLength()));
      if (header.has(WireFormat.FLAG_MANIFEST)) {
        chunks(transport, bytes, header);
      }
      Instant created = Instant.ofEpochMilli(header.createdAtMillis());
      Duration age = Duration.between(created, Instant.now());
      row("created", created + ", " + String.format("%.1f s ago", age.toMillis() / 1000.0));
      byte[] current = generationKey == null ? null : found.get(generationKey);
      row("generation", header.generation() + ": " + generationStatus(header.generation(), current));
      row("checksum", header.checksumMatches() && header.lengthMatches()
          ? "CRC32C ok" : "MISMATCH: the item was changed or truncated; Cachet reads it as a miss");
      row("signature", header.has(WireFormat.FLAG_SIGNED)
          ? "HMAC-SHA256 present (not verified here: the tool has no signing key)"
          : "none (regions with a signing key read this as a miss)");
    }
    return CachetCli.OK;
  }

  private void chunks(MemcachedTransport transport, byte[] entry, WireFormat.Header header) {
    if (header.payloadLength() < WireFormat.Manifest.BYTES) {
      row("chunks", "manifest too short: " + header.payloadLength() + " bytes");
      return;
    }
    WireFormat.Manifest manifest = WireFormat.Manifest.read(entry);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < manifest.chunkCount(); i++) {
      keys.add(manifest.chunkKey(key, i));
    }
    Map<String, byte[]> chunks = transport.getAll(keys);
    List<byte[]> inOrder = new ArrayList<>();
    long chunkBytes = 0;
    for (String chunkKey : keys) {
      byte[] chunk = chunks.get(chunkKey);
      inOrder.add(chunk);
      chunkBytes += chunk == null ? 0 : chunk.length;
    }
    boolean complete = chunks.size() == keys.size();
    row("chunks", String.format("%d of up to %,d payload bytes, write id %016x, under %s<index>", manifest.chunkCount(),
        manifest.capacity(), manifest.writeId(), WireFormat.chunkKeyPrefix(key, manifest.writeId())));
    row("", String.format("%d of %d present, %,d bytes; %s", chunks.size(), keys.size(), chunkBytes,
        !complete ? "INCOMPLETE: Cachet reads this value as a miss"
            : manifest.checksumMatches(inOrder) ? "assembled CRC32C ok"
            : "assembled CRC32C MISMATCH: Cachet reads this value as a miss"));
    row("total", String.format("%,d bytes stored for %,d serialized", entry.length + chunkBytes,
        header.originalLength()));
  }

  private static String generationStatus(long generation, byte[] current) {
    if (current == null) {
      return "the namespace has no generation key now (evicted or never set): read as a miss";
    }
    // With a signing key a generation is followed by its signature, which only the cache checks.
    try {
      long now = WireFormat.generationNumber(current);
      return now == generation
          ? "current (its server's copy of the namespace generation holds it): a hit while fresh"
          : "stale: the namespace moved to " + now + " (invalidate-all since): read as a miss";
    } catch (NumberFormatException e) {
      return "the generation key holds no number (" + ascii(current) + "): read as a miss";
    }
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

  private void row(String label, String value) {
    cli.out.printf("%-12s %s%n", label, value);
  }
}
