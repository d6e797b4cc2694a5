package dev.cachet.runtime.internal.value;

import java.util.ArrayList;
import java.util.List;

/** Reads a stored manifest the way the store does, so tests can reach the chunks behind it. */
final class StoredLayout {
  private StoredLayout() {}

  /** The chunk keys a manifest under {@code entryKey} points at, in order. */
  static List<String> chunkKeys(String entryKey, byte[] manifestBytes) throws ValueException {
    StoredItem manifest = StoredItem.parse(manifestBytes, "manifest", null);
    if (!manifest.has(WireFormat.FLAG_MANIFEST)) {
      throw new IllegalArgumentException(entryKey + " is not a manifest");
    }
    WireFormat.Manifest fields = WireFormat.Manifest.read(manifest.payloadBuffer());
    List<String> keys = new ArrayList<>(fields.chunkCount());
    for (int i = 0; i < fields.chunkCount(); i++) {
      keys.add(fields.chunkKey(entryKey, i));
    }
    return keys;
  }
}
