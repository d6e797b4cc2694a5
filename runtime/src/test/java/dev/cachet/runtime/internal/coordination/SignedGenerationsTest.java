package dev.cachet.runtime.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.Signer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generations with a signing key: signed for their copy's key, and never backwards in a process. */
class SignedGenerationsTest {
  private static final byte[] KEY = "generations: a 16+ byte secret".getBytes(StandardCharsets.UTF_8);
  private static final String COPY = "image/gen";

  private final InMemoryTransport store = new InMemoryTransport();
  private final Generations generations =
      new Generations(store, new FaultLog(), new SecureRandom(), KEY);

  @Test
  void aFreshGenerationIsSignedForItsCopyAndReadBack() {
    byte[] fresh = generations.freshBytes(COPY);
    String text = new String(fresh, StandardCharsets.US_ASCII);
    assertTrue(text.matches("\\d{1,19}:[0-9a-f]{64}"), text);
    assertEquals(Long.parseLong(text.substring(0, text.indexOf(':'))), generations.parse(COPY, fresh, NamespaceEvents.UNCOUNTED));
    assertEquals(Lookup.NO_GENERATION, generations.parse("other/gen", fresh, NamespaceEvents.UNCOUNTED), "bound to its copy's key");
  }

  @Test
  void aGenerationOlderThanOneSeenIsRefused() {
    byte[] newer = generations.freshBytes(COPY);
    long seen = generations.parse(COPY, newer, NamespaceEvents.UNCOUNTED);
    assertEquals(Lookup.NO_GENERATION, generations.parse(COPY, sign(COPY, seen - 1), NamespaceEvents.UNCOUNTED));
    assertEquals(seen, generations.parse(COPY, newer, NamespaceEvents.UNCOUNTED));
    assertEquals(seen + 1, generations.parse(COPY, sign(COPY, seen + 1), NamespaceEvents.UNCOUNTED));
  }

  @Test
  void aFreshGenerationIsNewerThanAnySeenEvenFromAClockFarAhead() {
    // Written by a process whose clock runs a century ahead.
    byte[] ahead = sign(COPY, (System.currentTimeMillis() + Duration.ofDays(36_500).toMillis()) << 20);
    long seen = generations.parse(COPY, ahead, NamespaceEvents.UNCOUNTED);
    assertNotEquals(Lookup.NO_GENERATION, seen);

    byte[] fresh = generations.freshBytes(COPY);
    assertTrue(generations.parse(COPY, fresh, NamespaceEvents.UNCOUNTED) > seen, "never backwards");
  }

  @Test
  void establishReplacesAForgedOrRolledBackGeneration() {
    store.set(COPY, "12345".getBytes(StandardCharsets.US_ASCII), Duration.ZERO);
    long established = generations.establish(COPY, NamespaceEvents.UNCOUNTED);
    assertNotEquals(Lookup.NO_GENERATION, established);
    byte[] replaced = store.getAll(List.of(COPY)).get(COPY);
    assertEquals(established, generations.parse(COPY, replaced, NamespaceEvents.UNCOUNTED));

    byte[] older = sign(COPY, established - 1);
    store.set(COPY, older, Duration.ZERO);
    long again = generations.establish(COPY, NamespaceEvents.UNCOUNTED);
    assertTrue(again > established, "a rollback is answered by a newer generation");
  }

  @Test
  void withoutTheKeyASignedGenerationReadsAsItsNumber() {
    Generations unsigned = new Generations(store, new FaultLog(), new SecureRandom(), null);
    byte[] signed = sign(COPY, 77);
    assertEquals(77, unsigned.parse(COPY, signed, NamespaceEvents.UNCOUNTED));
  }

  private static byte[] sign(String copyKey, long generation) {
    byte[] digits = Long.toString(generation).getBytes(StandardCharsets.US_ASCII);
    String signature = HexFormat.of().formatHex(new Signer(KEY).forKey(copyKey).sign(digits, digits.length));
    return (Long.toString(generation) + ":" + signature).getBytes(StandardCharsets.US_ASCII);
  }
}
