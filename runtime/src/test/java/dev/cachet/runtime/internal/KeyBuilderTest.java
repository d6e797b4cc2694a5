package dev.cachet.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cachet.runtime.CacheKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyBuilderTest {
  private static final String[] TRICKY =
      {"", "a", "null", "~", "''", ":", ",", "%", "%3A", "[", "]", "{", "}", "(", ")", "?", "!", "#",
       "a:b", "a,b", " ", "\r\n", "\0", "é", "\uD83D\uDE00", "\uD800", "?", "/", "a/b", "-1", "1"};

  enum Colour { RED, GREEN }

  @Test
  void shortSafeKeysStayReadable() {
    assertEquals("image/1f3a9c2e:alice", key("image", "alice").toString());
    assertEquals("image/1f3a9c2e:alice:eu-west-1", key("image", "alice", "eu-west-1").toString());
    CacheKey numbers = KeyBuilder.of("n", "00000000").add(42).add(-1.5).add(true).add('x').build();
    assertEquals("n/00000000:42:-1.5:true:x", numbers.key());
  }

  @Test
  void nullEmptyAndTheWordNullAreDistinct() {
    Set<String> keys = new TreeSet<>();
    keys.add(key("ns", (String) null).key());
    keys.add(key("ns", "").key());
    keys.add(key("ns", "null").key());
    keys.add(key("ns", "~").key());
    keys.add(key("ns", "''").key());
    assertEquals(5, keys.size(), keys.toString());
  }

  @Test
  void separatorsInsideValuesAreEscaped() {
    assertNotEquals(key("ns", "a:b", "c"), key("ns", "a", "b:c"));
    assertNotEquals(key("ns", "a,b"), list("a", "b"));
    assertEquals("ns/1f3a9c2e:a%3Ab", key("ns", "a:b").key());
  }

  @Test
  void collectionBoundariesAreMarked() {
    assertNotEquals(list(), list(""));
    assertNotEquals(list("a", "b"), list("a,b"));
    KeyBuilder nested = KeyBuilder.of("ns", "1f3a9c2e");
    nested.beginList(List.of());
    nested.beginList(List.of());
    nested.add("a");
    nested.endList();
    nested.endList();
    KeyBuilder flat = KeyBuilder.of("ns", "1f3a9c2e");
    flat.beginList(List.of());
    flat.add("a");
    flat.endList();
    assertNotEquals(nested.build(), flat.build());
  }

  @Test
  void setsAreRenderedInSortedOrder() {
    Set<String> forward = new LinkedHashSet<>(List.of("pear", "apple", "fig"));
    Set<String> backward = new LinkedHashSet<>(List.of("fig", "apple", "pear"));
    assertEquals(set(forward), set(backward));
    assertEquals("ns/1f3a9c2e:{apple,fig,pear}", set(forward).key());
  }

  @Test
  void nestedSetsInsideASetAreSortedToo() {
    KeyBuilder one = KeyBuilder.of("ns", "1f3a9c2e");
    one.beginSet(Set.of());
    one.beginSet(Set.of());
    one.add("b").add("a");
    one.endSet();
    one.add("c");
    one.endSet();
    KeyBuilder two = KeyBuilder.of("ns", "1f3a9c2e");
    two.beginSet(Set.of());
    two.add("c");
    two.beginSet(Set.of());
    two.add("a").add("b");
    two.endSet();
    two.endSet();
    assertEquals(one.build(), two.build());
  }

  @Test
  void nullEmptyAndPresentOptionalsAreDistinct() {
    Set<String> keys = new TreeSet<>();
    KeyBuilder nullOptional = KeyBuilder.of("ns", "0");
    nullOptional.beginOptional(null);
    keys.add(nullOptional.build().key());
    KeyBuilder empty = KeyBuilder.of("ns", "0");
    empty.beginOptional(Optional.empty());
    keys.add(empty.build().key());
    KeyBuilder present = KeyBuilder.of("ns", "0");
    if (present.beginOptional(Optional.of(""))) {
      present.add("");
      present.endOptional();
    }
    keys.add(present.build().key());
    KeyBuilder record = KeyBuilder.of("ns", "0");
    record.beginRecord(new Object());
    record.endRecord();
    keys.add(record.build().key());
    assertEquals(4, keys.size(), keys.toString());
  }

  @Test
  void canonicalScalarsUseTheirTextAndEnumsTheirName() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    CacheKey k = KeyBuilder.of("ns", "0")
        .add((Object) id)
        .add((Object) new BigDecimal("1.50"))
        .add((Object) LocalDate.of(2026, 11, 23))
        .add(Colour.GREEN)
        .add((Object) Integer.valueOf(7))
        .build();
    assertEquals("ns/0:123e4567-e89b-12d3-a456-426614174000:1.50:2026-11-23:GREEN:7", k.key());
    assertNotEquals(
        KeyBuilder.of("ns", "0").add((Object) Instant.EPOCH).build(),
        KeyBuilder.of("ns", "0").add((Object) Instant.ofEpochSecond(1)).build());
  }

  @Test
  void hostileStringsGiveValidMemcachedKeys() {
    StringBuilder everyPlane = new StringBuilder();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp += 0x0FFF) {
      everyPlane.appendCodePoint(cp);
    }
    List<String> hostile = List.of(
        "flush_all", "get x\r\nflush_all\r\n", "a b", "\0\0", "x".repeat(100_000),
        "é".repeat(10_000), everyPlane.toString(), "\uDFFF\uD800", "\t\u000b\f\u0085\u2028");
    for (String value : hostile) {
      assertValidMemcachedKey(key("image", value).key());
    }
  }

  @Test
  void longKeysKeepAReadablePrefixAndEndInADigest() {
    String longValue = "alice-".repeat(100);
    CacheKey k = key("image", longValue);
    assertTrue(k.key().startsWith("image/1f3a9c2e:alice-alice-"), k.key());
    assertEquals(KeyBuilder.MAX_KEY_LENGTH, k.key().length());
    assertEquals('#', k.key().charAt(KeyBuilder.MAX_KEY_LENGTH - 44));
    assertNotEquals(k, key("image", longValue + "x"));
    assertEquals(k, key("image", "alice-".repeat(100)));
  }

  @Test
  void equalArgumentsGiveEqualKeysAndDifferentArgumentsDifferentKeys() {
    // One fixed parameter list, as in a real namespace: String, List<List<String>>, Set<String>,
    // record(String, List<String>), Optional<String>, long. Values come from a small alphabet of
    // separators and look-alikes so near-collisions are frequent.
    Random random = new Random(20261123L);
    Map<String, String> argumentsByKey = new HashMap<>();
    int distinct = 0;
    for (int i = 0; i < 200_000; i++) {
      String text = randomString(random);
      List<List<String>> lists = random.nextInt(8) == 0 ? null : randomLists(random);
      Set<String> set = random.nextInt(8) == 0 ? null : new TreeSet<>(randomList(random, true));
      Pair pair = random.nextInt(8) == 0 ? null : new Pair(randomString(random), randomList(random, false));
      Optional<String> optional = random.nextInt(8) == 0 ? null
          : random.nextBoolean() ? Optional.empty() : Optional.of(TRICKY[random.nextInt(TRICKY.length)]);
      long number = random.nextInt(5) - 2;

      KeyBuilder builder = KeyBuilder.of("prop", "00c0ffee");
      builder.add(text);
      if (builder.beginList(lists)) {
        for (List<String> inner : lists) {
          if (builder.beginList(inner)) {
            inner.forEach(builder::add);
            builder.endList();
          }
        }
        builder.endList();
      }
      if (builder.beginSet(set)) {
        // insertion order scrambled: the set must be rendered in sorted order regardless
        List<String> scrambled = new ArrayList<>(set);
        java.util.Collections.shuffle(scrambled, random);
        scrambled.forEach(builder::add);
        builder.endSet();
      }
      if (builder.beginRecord(pair)) {
        builder.add(pair.name());
        if (builder.beginList(pair.tags())) {
          pair.tags().forEach(builder::add);
          builder.endList();
        }
        builder.endRecord();
      }
      if (builder.beginOptional(optional)) {
        builder.add(optional.get());
        builder.endOptional();
      }
      builder.add(number);
      CacheKey key = builder.build();
      assertValidMemcachedKey(key.key());

      String canonical = java.util.Arrays.deepToString(
          new Object[] {quote(text), quoteAll(lists), set == null ? null : quoteAll(new ArrayList<>(set)),
              pair == null ? null : List.of(quote(pair.name()), String.valueOf(quoteAll(pair.tags()))),
              optional == null ? "N" : optional.map(v -> "O" + quote(v)).orElse("E"), number});
      String previous = argumentsByKey.putIfAbsent(key.key(), canonical);
      if (previous == null) {
        distinct++;
      } else if (!previous.equals(canonical)) {
        fail("collision: " + previous + " and " + canonical + " both give " + key);
      }
    }
    assertTrue(distinct > 50_000, "the generator should produce many distinct tuples: " + distinct);
  }

  private record Pair(String name, List<String> tags) {}

  private static String randomString(Random random) {
    return random.nextInt(10) == 0 ? null : TRICKY[random.nextInt(TRICKY.length)];
  }

  private static List<String> randomList(Random random, boolean nonNullElements) {
    List<String> list = new ArrayList<>();
    int size = random.nextInt(3);
    for (int i = 0; i < size; i++) {
      String element = randomString(random);
      list.add(element == null && nonNullElements ? "" : element);
    }
    return list;
  }

  private static List<List<String>> randomLists(Random random) {
    List<List<String>> lists = new ArrayList<>();
    int size = random.nextInt(3);
    for (int i = 0; i < size; i++) {
      lists.add(random.nextInt(6) == 0 ? null : randomList(random, false));
    }
    return lists;
  }

  /** Renders a string unambiguously (length-prefixed), independent of the encoding under test. */
  private static String quote(String s) {
    return s == null ? "N" : s.length() + "|" + s;
  }

  private static Object quoteAll(List<?> values) {
    if (values == null) {
      return "N";
    }
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      out.add(v instanceof List<?> inner ? quoteAll(inner) : quote((String) v));
    }
    return out;
  }

  @Test
  void randomUnicodeStringsNeverCollide() {
    Random random = new Random(7L);
    Map<String, String> valueByKey = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(random.nextBoolean() ? 8 : 300);
      for (int c = 0; c < length; c++) {
        s.append((char) random.nextInt(random.nextBoolean() ? 128 : 0x10000));
      }
      String value = s.toString();
      String key = key("u", value).key();
      assertValidMemcachedKey(key);
      String previous = valueByKey.putIfAbsent(key, value);
      if (previous != null && !previous.equals(value)) {
        fail("collision between two strings under " + key);
      }
    }
  }

  @Test
  void escapingSafeRunsInBulkGivesTheSameKeysAsEscapingEachCharacter() {
    // Safe runs at the start, middle and end, unsafe characters alone and in a row, surrogates
    // paired and unpaired: short enough that no key is shortened to a digest.
    char[] alphabet = {'a', 'Z', '7', '_', '.', '-', ' ', ':', '%', '/', '~', 'é', '\u20AC',
        '\uD83D', '\uDE00', '\uD800', '\u007F', '\0'};
    Random random = new Random(11L);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(16);
      for (int c = 0; c < length; c++) {
        value.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String expected = "ns/1f3a9c2e:" + escapeEachCharacter(value.toString());
      assertEquals(expected, key("ns", value.toString()).key(), () -> "escaping " + value);
    }
    assertEquals("ns/1f3a9c2e:eu-west-1", key("ns", "eu-west-1").key());
    assertEquals("ns/1f3a9c2e:%20a%20", key("ns", " a ").key());
    assertEquals("ns/1f3a9c2e:ab%3A%3Acd%F0%9F%98%80", key("ns", "ab::cd\uD83D\uDE00").key());
  }

  /** The escaping rule of the class comment, one character at a time. */
  private static String escapeEachCharacter(String value) {
    if (value.isEmpty()) {
      return "''";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-') {
        out.append(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        for (byte b : value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8)) {
          out.append(String.format("%%%02X", b & 0xFF));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("%%u%04X", (int) c));
      } else {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          out.append(String.format("%%%02X", b & 0xFF));
        }
      }
    }
    return out.toString();
  }

  private static void assertValidMemcachedKey(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    assertTrue(bytes.length <= KeyBuilder.MAX_KEY_LENGTH, () -> "too long: " + bytes.length);
    assertTrue(bytes.length <= 250);
    for (byte b : bytes) {
      assertTrue(b > 0x20 && b < 0x7F, () -> "not a printable ASCII character in " + key);
    }
  }

  private static CacheKey key(String namespace, String... values) {
    KeyBuilder builder = KeyBuilder.of(namespace, "1f3a9c2e");
    for (String value : values) {
      builder.add(value);
    }
    return builder.build();
  }

  private static CacheKey list(String... values) {
    KeyBuilder builder = KeyBuilder.of("ns", "1f3a9c2e");
    builder.beginList(values);
    for (String value : values) {
      builder.add(value);
    }
    builder.endList();
    return builder.build();
  }

  private static CacheKey set(Set<String> values) {
    KeyBuilder builder = KeyBuilder.of("ns", "1f3a9c2e");
    builder.beginSet(values);
    for (String value : values) {
      builder.add(value);
    }
    builder.endSet();
    return builder.build();
  }
}
