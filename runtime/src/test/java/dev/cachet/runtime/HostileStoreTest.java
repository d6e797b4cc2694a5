package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile store: an {@link Attacker} in another process, on the same memcached, plants values
 * that hold gadget classes, and reads items and writes them back where and when it likes: under
 * another key, another namespace, or after an invalidation. With a signing key none of it is served as a value; without one, or to a process
 * that never saw what the attack undoes, some of it is, within the bounds docs/security.md states
 * (the tests named so keep those statements true). Every refusal is counted under its reason, no
 * exception reaches the caller, and the delegate answers.
 */
class HostileStoreTest {
  private static final byte[] KEY = "hostile store: a 16+ byte secret".getBytes(StandardCharsets.UTF_8);
  private static final long ANSWER_MILLIS = 10_000;

  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.server();

  private static int namespaces;

  private ChildJvm attacker;
  /** A namespace of its own for each test: the server is shared by the class. */
  private String namespace;

  @BeforeEach
  void startAttacker() throws IOException {
    attacker = ChildJvm.start(Attacker.class, MEMCACHED.addresses());
    namespace = "hostile" + ++namespaces;
  }

  @AfterEach
  void stopAttacker() {
    attacker.close();
  }

  @Test
  void aRolledBackGenerationIsRefusedAndReplaced() {
    try (Cachet victim = open(KEY)) {
      Decorated<String> image = image(victim);
      CacheKey key = Decorated.key(namespace, "a");
      Saved saved = invalidateAllOnceSaved(victim, image, key);
      saved.putBack();

      assertEquals("v3", image.get(key, () -> "v3"), "the invalidated value is never served");
      assertEquals(Map.of("ROLLED_BACK", 1L), victim.statistics().namespace(namespace).decodeFailures());
      assertNotEquals(saved.generation, attack("get " + saved.generationCopy), "replaced at that miss");
      assertEquals("v3", image.get(key, () -> "v4"), "and cached again under the new generation");
      assertEquals(3, image.delegateCalls.get());
    }
  }

  @Test
  void aForgedGenerationIsRefusedAndReplaced() {
    try (Cachet victim = open(KEY)) {
      Decorated<String> image = image(victim);
      CacheKey key = Decorated.key(namespace, "a");
      assertEquals("v1", image.get(key, () -> "v1"));
      String generation = generationCopy(victim, key);
      String genuine = attack("get " + generation);
      // A generation the attacker made up, and one signed for another copy's key.
      attack("set " + generation + " " + hex("4242"));
      assertEquals("v2", image.get(key, () -> "v2"));
      CacheKey foreignKey = Decorated.key(namespace + "x", "a");
      assertEquals("x", Decorated.<String>of(victim, namespace + "x", "r", String.class).get(foreignKey, () -> "x"));
      attack("set " + generation + " " + attack("get " + generationCopy(victim, foreignKey)));
      assertEquals("v3", image.get(key, () -> "v3"));

      assertEquals(Map.of("SIGNATURE", 2L), victim.statistics().namespace(namespace).decodeFailures());
      assertEquals(3, image.delegateCalls.get());
      String now = new String(HexFormat.of().parseHex(attack("get " + generation)), StandardCharsets.US_ASCII);
      assertTrue(now.contains(":"), "a signed generation again: " + now);
      assertNotEquals(genuine, attack("get " + generation));
    }
  }

  @Test
  void entriesCopiedUnderAnotherKeyOrNamespaceAreRefused() {
    try (Cachet victim = open(KEY)) {
      Decorated<String> image = image(victim);
      Decorated<String> other = Decorated.of(victim, namespace + "b", "r", String.class);
      CacheKey alice = Decorated.key(namespace, "alice");
      CacheKey mallory = Decorated.key(namespace, "mallory");
      CacheKey elsewhere = Decorated.key(namespace + "b", "alice");
      assertEquals("alice's", image.get(alice, () -> "alice's"));
      assertEquals("mallory's", image.get(mallory, () -> "mallory's"));
      assertEquals("b's", other.get(elsewhere, () -> "b's"));

      attack("copy " + alice.key() + " " + mallory.key());
      assertEquals("mallory's again", image.get(mallory, () -> "mallory's again"));
      // Another namespace: its entry, and its generation copy with it.
      attack("copy " + alice.key() + " " + elsewhere.key());
      attack("copy " + generationCopy(victim, alice) + " " + generationCopy(victim, elsewhere));
      assertEquals("b's again", other.get(elsewhere, () -> "b's again"));

      assertEquals(Map.of("SIGNATURE", 1L), victim.statistics().namespace(namespace).decodeFailures());
      assertEquals(
          Map.of("SIGNATURE", 1L), victim.statistics().namespace(namespace + "b").decodeFailures());
    }
  }

  @Test
  void withoutASigningKeyARolledBackGenerationIsBelieved() {
    try (Cachet victim = open(null)) {
      Decorated<String> image = image(victim);
      invalidateAllOnceSaved(victim, image, Decorated.key(namespace, "a")).putBack();

      assertEquals(
          "v1",
          image.get(Decorated.key(namespace, "a"), () -> "v3"),
          "docs/security.md: sign, or keep attackers off the network");
    }
  }

  @Test
  void aProcessThatNeverSawTheNewerGenerationBelievesARollback() {
    CacheKey key = Decorated.key(namespace, "a");
    Saved saved;
    try (Cachet first = open(KEY)) {
      Decorated<String> image = image(first);
      saved = invalidateAllOnceSaved(first, image, key);
      saved.putBack();
      assertEquals("v3", image.get(key, () -> "v3"), "a process that saw the newer one refuses it");
    }
    attack("set " + key.key() + " " + saved.entry);
    try (Cachet started = open(KEY)) {
      // The repair above replaced the generation, and the entry came back alone: refused.
      assertEquals("v4", image(started).get(key, () -> "v4"));
    }
    saved.putBack();
    try (Cachet startedLater = open(KEY)) {
      // A process started after the rollback has seen nothing newer: docs/security.md, the bound.
      assertEquals("v1", image(startedLater).get(key, () -> "v5"));
    }
  }

  @Test
  void anEntryPutBackAfterInvalidateIsServedUntilItExpires() {
    try (Cachet victim = open(KEY)) {
      Decorated<String> image = image(victim);
      CacheKey key = Decorated.key(namespace, "a");
      assertEquals("v1", image.get(key, () -> "v1"));
      String saved = attack("get " + key.key());
      victim.invalidate(key);
      attack("set " + key.key() + " " + saved);

      assertEquals("v1", image.get(key, () -> "v2"), "docs/security.md: invalidateAll is not replayable");
      victim.invalidateAll(namespace);
      attack("set " + key.key() + " " + saved);
      assertEquals("v3", image.get(key, () -> "v3"), "after invalidateAll the old entry's generation is dead");
    }
  }

  /** A generation and an entry written under it, as the attacker saved them. */
  private final class Saved {
    final String generationCopy;
    final String generation;
    final String entryKey;
    final String entry;

    Saved(Cachet cachet, CacheKey key) {
      this.generationCopy = generationCopy(cachet, key);
      this.generation = attack("get " + generationCopy);
      this.entryKey = key.key();
      this.entry = attack("get " + entryKey);
    }

    /** Writes both back, as they were. */
    void putBack() {
      attack("set " + generationCopy + " " + generation);
      attack("set " + entryKey + " " + entry);
    }
  }

  /**
   * Caches "v1" under {@code key}, lets the attacker save the generation and the entry, then
   * invalidates the namespace and caches "v2".
   */
  private Saved invalidateAllOnceSaved(Cachet victim, Decorated<String> image, CacheKey key) {
    assertEquals("v1", image.get(key, () -> "v1"));
    Saved saved = new Saved(victim, key);
    victim.invalidateAll(namespace);
    assertEquals("v2", image.get(key, () -> "v2"));
    return saved;
  }

  @Test
  void plantedGadgetsAreRefusedBeforeAnyOfTheirCodeRuns() {
    int gadgets = (int) BuiltInGadgetsTest.gadgets().count();
    try (Cachet victim = open(null)) {
      CachedOperation.allow(victim, HostileStoreTest.class, BuiltInGadgetsTest.Note.class, BuiltInGadgetsTest.MarkingComparator.class);
      BuiltInGadgetsTest.MarkingComparator.COMPARED.set(false);
      Decorated<BuiltInGadgetsTest.Note> notes =
          Decorated.of(victim, namespace, "r", BuiltInGadgetsTest.Note.class);
      for (int i = 0; i < gadgets; i++) {
        assertEquals("ok", attack("plant " + namespace + " n" + i + " " + i));
        BuiltInGadgetsTest.Note fresh = new BuiltInGadgetsTest.Note("n" + i, "the delegate's");
        assertEquals(fresh, notes.get(Decorated.key(namespace, "n" + i), () -> fresh));
      }
      assertEquals(gadgets, notes.delegateCalls.get());
      assertEquals(Map.of("ALLOWLIST", (long) gadgets), victim.statistics().namespace(namespace).decodeFailures());
      assertEquals(false, BuiltInGadgetsTest.MarkingComparator.COMPARED.get(), "a planted comparator ran");
    }
  }

  @Test
  void withASigningKeyAPlantedGadgetNeverReachesTheSerializer() {
    CountingSerializer serializer = new CountingSerializer();
    try (Cachet victim =
        Cachet.builder()
            .memcached(MEMCACHED.addresses())
            .operationTimeout(Duration.ofSeconds(2))
            .region("r", Duration.ofHours(1))
            .serializer(serializer)
            .signingKey(KEY)
            .build()) {
      Decorated<BuiltInGadgetsTest.Note> notes =
          Decorated.of(victim, namespace, "r", BuiltInGadgetsTest.Note.class);
      assertEquals("ok", attack("plant " + namespace + " n 0"));
      BuiltInGadgetsTest.Note fresh = new BuiltInGadgetsTest.Note("n", "the delegate's");
      assertEquals(fresh, notes.get(Decorated.key(namespace, "n"), () -> fresh));
      assertEquals(Map.of("SIGNATURE", 1L), victim.statistics().namespace(namespace).decodeFailures());
      assertEquals(0, serializer.deserializations.get());
    }
  }

  private Cachet open(byte[] signingKey) {
    Cachet.Builder builder =
        Cachet.builder()
            .memcached(MEMCACHED.addresses())
            .operationTimeout(Duration.ofSeconds(2))
            .region("r", Duration.ofHours(1));
    return signingKey == null ? builder.build() : builder.signingKey(signingKey).build();
  }

  private Decorated<String> image(Cachet cachet) {
    return Decorated.of(cachet, namespace, "r", String.class);
  }

  /** The copy of the namespace's generation that the entry's lookups read. */
  private static String generationCopy(Cachet cachet, CacheKey key) {
    return Internals.transport(cachet).beside(WireFormat.generationKey(key.namespace()), key.key());
  }

  private String attack(String command) {
    String answer = attacker.ask(command, ANSWER_MILLIS);
    assertTrue(!answer.startsWith("unknown"), answer);
    return answer;
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
  }
}
