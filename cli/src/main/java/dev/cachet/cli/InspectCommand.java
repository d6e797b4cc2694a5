package dev.cachet.cli;

import dev.cachet.runtime.StoreInspector;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code inspect KEY}: the stored item of a key, decoded by the runtime's {@link StoreInspector},
 * which reads the header, the chunk manifest and the generations with the definitions the runtime
 * writes them with, so the tool cannot drift from them; this class only words what it found.
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
    try (Pool pool = cli.pool()) {
      StoreInspector.Item item = pool.inspector().inspect(key);
      if (item == null) {
        cli.out.println(key + ": not found on " + pool.describe());
        return CachetCli.NOT_FOUND;
      }
      row("key", key);
      if (item.unreadable() != null) {
        row("stored", String.format("%,d bytes", item.storedBytes()));
        row("format", "not a Cachet item: " + item.unreadable()
            + (item.kind() == StoreInspector.Kind.GENERATION ? " (a generation key)"
                : item.leasePlaceholder() ? " (a lease's placeholder: a miss is computing this entry)" : ""));
        return CachetCli.OK;
      }
      if (item.namespace() != null) {
        String rest = key.substring(item.namespace().length() + 1);
        int colon = rest.indexOf(':');
        row("namespace", item.namespace() + ", type fingerprint " + (colon < 0 ? rest : rest.substring(0, colon)));
      }
      row("kind", item.cachedNull() ? "a cached null (negative entry)"
          : item.chunks() != null ? "the manifest of a chunked value"
          : item.chunk() ? "one chunk of a chunked value"
          : "a value stored whole");
      row("format", "version " + item.formatVersion());
      row("serializer", item.serializerId() + " (" + item.serializer() + ")");
      row("compression", item.compressionId() + " (" + item.compression() + ")");
      row("stored", String.format("%,d bytes: %d-byte header, %,d-byte payload%s", item.storedBytes(),
          item.headerBytes(), item.payloadBytes(),
          item.signatureBytes() > 0 ? ", " + item.signatureBytes() + "-byte signature" : ""));
      row("serialized", String.format("%,d bytes before compression", item.serializedBytes()));
      if (item.chunks() != null) {
        chunks(item);
      }
      Duration age = Duration.between(item.created(), Instant.now());
      row("created", item.created() + ", " + String.format("%.1f s ago", age.toMillis() / 1000.0));
      row("generation", item.generation() + ": " + generationStatus(item));
      row("checksum", item.checksumMatches()
          ? "CRC32C ok" : "MISMATCH: the item was changed or truncated; Cachet reads it as a miss");
      row("signature", item.signatureBytes() > 0
          ? "HMAC-SHA256 present (not verified here: the tool has no signing key)"
          : "none (regions with a signing key read this as a miss)");
    }
    return CachetCli.OK;
  }

  private void chunks(StoreInspector.Item item) {
    StoreInspector.Chunks chunks = item.chunks();
    if (chunks.unreadable() != null) {
      row("chunks", chunks.unreadable());
      return;
    }
    row("chunks", String.format("%d of up to %,d payload bytes, write id %016x, under %s<index>", chunks.count(),
        chunks.capacity(), chunks.writeId(), chunks.keyPrefix()));
    row("", String.format("%d of %d present, %,d bytes; %s", chunks.present(), chunks.count(), chunks.presentBytes(),
        chunks.present() < chunks.count() ? "INCOMPLETE: Cachet reads this value as a miss"
            : chunks.assembledChecksumMatches() ? "assembled CRC32C ok"
            : "assembled CRC32C MISMATCH: Cachet reads this value as a miss"));
    row("total", String.format("%,d bytes stored for %,d serialized", item.storedBytes() + chunks.presentBytes(),
        item.serializedBytes()));
  }

  private static String generationStatus(StoreInspector.Item item) {
    if (item.currentGenerationText() == null) {
      return "the namespace has no generation key now (evicted or never set): read as a miss";
    }
    if (item.currentGeneration() == null) {
      return "the generation key holds no number (" + item.currentGenerationText() + "): read as a miss";
    }
    return item.currentGeneration() == item.generation()
        ? "current (its server's copy of the namespace generation holds it): a hit while fresh"
        : "stale: the namespace moved to " + item.currentGeneration() + " (invalidate-all since): read as a miss";
  }

  private void row(String label, String value) {
    cli.out.printf("%-12s %s%n", label, value);
  }
}
