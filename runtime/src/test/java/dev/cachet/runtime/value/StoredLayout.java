package dev.cachet.runtime.value;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads a stored manifest the way the store does, so tests can reach the chunks behind it. */
final class StoredLayout {
  private StoredLayout() {}

  /** The chunk keys a manifest under {@code entryKey} points at, in order. */
  static List<String> chunkKeys(String entryKey, byte[] manifestBytes) throws ValueException {
    StoredItem manifest = StoredItem.parse(manifestBytes, "manifest", null);
    if (!manifest.has(StoredItem.FLAG_MANIFEST)) {
      throw new IllegalArgumentException(entryKey + " is not a manifest");
    }
    ByteBuffer fields = manifest.payloadBuffer();
    long writeId = fields.getLong();
    int count = fields.getInt();
    List<String> keys = new ArrayList<>(count);
    String prefix = ValueStore.chunkKeyPrefix(entryKey, writeId);
    for (int i = 0; i < count; i++) {
      keys.add(prefix + i);
    }
    return keys;
  }
}
