package dev.cachet.runtime.internal.coordination;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Fuzzes the reading of namespace generations: arbitrary bytes, or a real signed generation with a
 * few bytes changed. With the key, a generation is accepted only when its bytes are exactly the
 * signed form of that number for that copy; without it, only the decimal number before a
 * {@code ':'}. Nothing throws. Runs a few seconds per build, as the value decoder's fuzzing does
 * (docs/security.md).
 */
class GenerationFuzzTest {
  private static final byte[] KEY = "generations: a 16+ byte secret".getBytes(StandardCharsets.UTF_8);
  private static final String COPY = "image/gen@127.0.0.1:11211";
  private static final InMemoryTransport STORE = new InMemoryTransport();
  private static final byte[] GENUINE = signed().freshBytes(COPY);

  @FuzzTest(maxDuration = "4s")
  void read(FuzzedDataProvider data) {
    byte[] bytes;
    if (data.consumeBoolean()) {
      bytes = GENUINE.clone();
      int changes = data.consumeInt(0, 4);
      for (int i = 0; i < changes; i++) {
        bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
      }
    } else {
      bytes = data.consumeRemainingAsBytes();
    }

    long read = signed().parse(COPY, bytes, NamespaceEvents.UNCOUNTED);
    if (read != Lookup.NO_GENERATION) {
      String text = new String(bytes, StandardCharsets.US_ASCII);
      if (!Arrays.equals(bytes, GENUINE) || read != Long.parseLong(text.substring(0, text.indexOf(':')))) {
        throw new AssertionError("accepted bytes nobody with the key signed: " + text);
      }
    }

    long unsigned =
        new Generations(STORE, new FaultLog(), new SecureRandom(), null).parse(COPY, bytes, NamespaceEvents.UNCOUNTED);
    if (unsigned != Lookup.NO_GENERATION) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int colon = text.indexOf(':');
      long expected = Long.parseLong(colon < 0 ? text : text.substring(0, colon));
      if (unsigned != expected) {
        throw new AssertionError("read " + unsigned + " from " + text);
      }
    }
  }

  private static Generations signed() {
    return new Generations(STORE, new FaultLog(), new SecureRandom(), KEY);
  }
}
