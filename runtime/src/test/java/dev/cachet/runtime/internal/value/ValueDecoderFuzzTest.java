package dev.cachet.runtime.internal.value;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@link ValueStore#read}: arbitrary entry bytes, or a real encoding with a few bytes
 * changed, with arbitrary bytes in place of any chunk, against an unsigned and a signed store.
 * The property is {@link FuzzFixture#check}. In the normal test run Jazzer fuzzes for a few
 * seconds (JAZZER_FUZZ=1, set by the runtime pom's fuzz execution) from the seeds under
 * {@code src/test/resources/dev/cachet/runtime/internal/value/ValueDecoderFuzzTestInputs}; docs/security.md
 * has the command for a longer run.
 */
class ValueDecoderFuzzTest {
  @FuzzTest(maxDuration = "4s")
  void decode(FuzzedDataProvider data) {
    int mode = data.consumeInt(0, 7);
    FuzzFixture fixture = (mode & 1) == 0 ? FuzzFixture.UNSIGNED : FuzzFixture.SIGNED;
    List<String> keys = fixture.entryKeys;
    String key = keys.get(data.consumeInt(0, keys.size() - 1));
    boolean untouched = true;
    Map<String, byte[]> replaced = new HashMap<>();
    if ((mode & 4) != 0) {
      // Replace one stored item (a chunk, usually) with other bytes.
      List<String> stored = List.copyOf(fixture.items.keySet());
      replaced.put(stored.get(data.consumeInt(0, stored.size() - 1)), data.consumeBytes(data.consumeInt(0, 4096)));
      untouched = false;
    }
    byte[] entry;
    if ((mode & 2) != 0) {
      entry = fixture.items.get(key).clone();
      int changes = data.consumeInt(0, 8);
      for (int i = 0; i < changes && entry.length > 0; i++) {
        int at = data.consumeInt(0, entry.length - 1);
        byte value = data.consumeByte();
        untouched &= entry[at] == value;
        entry[at] = value;
      }
    } else {
      entry = data.consumeRemainingAsBytes();
      untouched = false;
    }
    fixture.check(key, entry, replaced, untouched && replaced.isEmpty());
  }
}
