package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.KeyBuilder;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CacheKey#of}, the checked way back from a key's text, accepts every key the builders
 * make and refuses, with a reason, everything else; {@link CacheKey#isNamespace} is the one
 * namespace grammar.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CacheKeyTest {
  @Test
  void everyKeyTheBuilderMakesIsReadBackEqual() {
    Random random = new Random(24);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(i % 10 == 0 ? 400 : 30);
      for (int c = 0; c < length; c++) {
        // Whatever a caller passes: ASCII, spaces, controls, any BMP character.
        text.append((char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0xD800)));
      }
      String namespace = i % 2 == 0 ? "image_list" : "Books";
      CacheKey built = KeyBuilder.of(namespace, "5c9f3fef").add(text.toString()).add(i).build();
      CacheKey read = CacheKey.of(built.namespace(), built.key());
      assertEquals(built, read);
      assertEquals(built.namespace(), read.namespace());
    }
    CacheKey structured = KeyBuilder.of("image", "1f3a9c2e").add((String) null).add("").add(true).build();
    assertEquals(structured, CacheKey.of("image", structured.key()));
    CacheKey digest = KeyBuilder.key("image", "image/1f3a9c2e:" + "x".repeat(500));
    assertEquals(CacheKey.MAX_KEY_LENGTH, digest.key().length());
    assertEquals(digest, CacheKey.of("image", digest.key()));
  }

  @Test
  void aKeyOfAnotherNamespaceOrNoneIsRefused() {
    assertMessage("key \"image/1f3a9c2e:alice\" is not of namespace image_list: keys of image_list start"
        + " with \"image_list/\"", () -> CacheKey.of("image_list", "image/1f3a9c2e:alice"));
    assertMessage("key \"imagex/1:a\" is not of namespace image", () -> CacheKey.of("image", "imagex/1:a"));
    assertMessage("key \"image\" is not of namespace image", () -> CacheKey.of("image", "image"));
    assertMessage("key \"image/\" is only its namespace", () -> CacheKey.of("image", "image/"));
  }

  @Test
  void aKeyMemcachedWouldRefuseIsRefused() {
    assertMessage("key \"image/1:alice smith\" holds a space at index 13: a memcached key is printable"
        + " ASCII without spaces", () -> CacheKey.of("image", "image/1:alice smith"));
    assertMessage("key \"image/1:a\\u000ab\" holds the control character U+000A at index 9",
        () -> CacheKey.of("image", "image/1:a\nb"));
    assertMessage("holds the non-ASCII character U+00E9", () -> CacheKey.of("image", "image/1:caf\u00e9"));
    assertMessage("key of 201 characters is longer than 200, the longest Cachet builds",
        () -> CacheKey.of("image", "image/1:" + "a".repeat(193)));
    assertEquals(200, CacheKey.of("image", "image/1:" + "a".repeat(192)).key().length());
  }

  @Test
  void theNamespaceGrammarHoldsEveryNamespaceTheLibraryMakes() {
    // @Cached namespaces ([a-z][a-z0-9_.-]*) and Spring cache names ([A-Za-z0-9_.-]{1,64}).
    for (String name : List.of("image", "image_list", "a.b-c_9", "Books", "0day", "x".repeat(64))) {
      assertTrue(CacheKey.isNamespace(name), name);
      assertEquals(name, CacheKey.requireNamespace(name));
    }
    for (String name : List.of("", "Bad Name", "a/b", "a:b", "caf\u00e9", "x".repeat(65))) {
      assertFalse(CacheKey.isNamespace(name), name);
    }
    assertFalse(CacheKey.isNamespace(null));
    assertMessage("\"Bad Name\" is not a namespace: 1 to 64 characters of [A-Za-z0-9_.-], e.g. image_list",
        () -> CacheKey.requireNamespace("Bad Name"));
    assertMessage("(it has 65)", () -> CacheKey.requireNamespace("x".repeat(65)));
    assertMessage("\"a b\" is not a namespace", () -> CacheKey.of("a b", "a b/1"));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
  }
}
