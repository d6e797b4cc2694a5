package dev.cachet.processor;

import static dev.cachet.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.internal.KeyBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code Keys} method whose parameters are all scalars is one string concatenation, and its key
 * is, for every value of every scalar kind, the key the {@code KeyBuilder} path gives.
 */
class ScalarKeysTest {
  /** Characters random strings are drawn from: safe, separators, controls, non-ASCII, surrogates. */
  private static final String ALPHABET =
      "abcXYZ019_.-:,~'%[]{}()?!#/ \t\r\n\0\u00e9\u0800\u20ac\uffff\ud83d\ude00\ud800\udc00";

  /**
   * One scalar kind: its type in source, how to draw a value, and the {@code add} overload javac
   * picks for a parameter of that type on the builder path.
   */
  private record Kind(String type, Function<Random, Object> value, BiConsumer<KeyBuilder, Object> add) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("String", ScalarKeysTest::randomString, (k, v) -> k.add((String) v)),
          new Kind("char", r -> (char) r.nextInt(Character.MAX_VALUE + 1), (k, v) -> k.add((char) v)),
          new Kind("Character", r -> orNull(r, (char) r.nextInt(Character.MAX_VALUE + 1)), KeyBuilder::add),
          new Kind("byte", r -> (byte) r.nextInt(), (k, v) -> k.add((byte) v)),
          new Kind("short", r -> (short) r.nextInt(), (k, v) -> k.add((short) v)),
          new Kind("int", Random::nextInt, (k, v) -> k.add((int) v)),
          new Kind("long", r -> r.nextLong() >> r.nextInt(64), (k, v) -> k.add((long) v)),
          new Kind("float", ScalarKeysTest::randomFloat, (k, v) -> k.add((float) v)),
          new Kind("double", ScalarKeysTest::randomDouble, (k, v) -> k.add((double) v)),
          new Kind("boolean", Random::nextBoolean, (k, v) -> k.add((boolean) v)),
          new Kind("Byte", r -> orNull(r, (byte) r.nextInt()), KeyBuilder::add),
          new Kind("Short", r -> orNull(r, (short) r.nextInt()), KeyBuilder::add),
          new Kind("Integer", r -> orNull(r, r.nextInt()), KeyBuilder::add),
          new Kind("Long", r -> orNull(r, r.nextLong()), KeyBuilder::add),
          new Kind("Float", r -> orNull(r, randomFloat(r)), KeyBuilder::add),
          new Kind("Double", r -> orNull(r, randomDouble(r)), KeyBuilder::add),
          new Kind("Boolean", r -> orNull(r, r.nextBoolean()), KeyBuilder::add),
          new Kind("Tier", ScalarKeysTest::randomTier, (k, v) -> k.add((Enum<?>) v)),
          new Kind("java.time.Month", r -> orNull(r, java.time.Month.of(1 + r.nextInt(12))),
              (k, v) -> k.add((Enum<?>) v)),
          new Kind("UUID", r -> orNull(r, new UUID(r.nextLong(), r.nextLong())), KeyBuilder::add),
          new Kind("BigDecimal", r -> orNull(r, BigDecimal.valueOf(r.nextLong(), r.nextInt(41) - 20)),
              KeyBuilder::add),
          new Kind("BigInteger",
              r -> orNull(r, new BigInteger(130, r).subtract(BigInteger.ONE.shiftLeft(129))),
              KeyBuilder::add),
          new Kind("Instant", r -> orNull(r, randomInstant(r)), KeyBuilder::add),
          new Kind("LocalDate", r -> orNull(r, LocalDate.ofInstant(randomInstant(r), ZoneOffset.UTC)),
              KeyBuilder::add),
          new Kind("LocalTime", r -> orNull(r, LocalTime.ofInstant(randomInstant(r), ZoneOffset.UTC)),
              KeyBuilder::add),
          new Kind("LocalDateTime",
              r -> orNull(r, LocalDateTime.ofInstant(randomInstant(r), ZoneOffset.UTC)), KeyBuilder::add),
          new Kind("OffsetDateTime",
              r -> orNull(r, OffsetDateTime.ofInstant(randomInstant(r), randomOffset(r))), KeyBuilder::add),
          new Kind("OffsetTime",
              r -> orNull(r, OffsetTime.ofInstant(randomInstant(r), randomOffset(r))), KeyBuilder::add),
          new Kind("ZonedDateTime",
              r -> orNull(r, ZonedDateTime.ofInstant(randomInstant(r), randomZone(r))), KeyBuilder::add),
          new Kind("Duration", r -> orNull(r, Duration.ofSeconds(r.nextInt(), r.nextInt(1_000_000_000))),
              KeyBuilder::add),
          new Kind("Period", r -> orNull(r, Period.of(r.nextInt(), r.nextInt(), r.nextInt())),
              KeyBuilder::add),
          new Kind("Year", r -> orNull(r, Year.of(r.nextInt(Year.MAX_VALUE))), KeyBuilder::add),
          new Kind("YearMonth", r -> orNull(r, YearMonth.of(r.nextInt(20_000) - 10_000, 1 + r.nextInt(12))),
              KeyBuilder::add),
          new Kind("MonthDay", r -> orNull(r, MonthDay.of(1 + r.nextInt(12), 1 + r.nextInt(28))),
              KeyBuilder::add),
          new Kind("ZoneOffset", r -> orNull(r, randomOffset(r)), KeyBuilder::add),
          new Kind("ZoneId", r -> orNull(r, randomZone(r)), KeyBuilder::add));

  private static final JavaFileObject TIER =
      source(
          "p.Tier",
          "package p;",
          "public enum Tier {",
          "  FREE, TEAM { @Override public String toString() { return \"not the name\"; } }",
          "}");

  private static LoadedCompilation loaded;
  private static String fingerprint;

  /** {@code m<i>(<kind i> value)} for every kind, {@code all(...)} of every kind, {@code none()}. */
  private static JavaFileObject scalars() {
    List<String> lines = new ArrayList<>();
    lines.add("package p;");
    lines.add("import dev.cachet.Cached;");
    lines.add("import java.math.*;");
    lines.add("import java.time.*;");
    lines.add("import java.util.UUID;");
    lines.add("public interface Scalars {");
    List<String> all = new ArrayList<>();
    for (int i = 0; i < KINDS.size(); i++) {
      lines.add("  @Cached(namespace = \"m" + i + "\") String m" + i + "(" + KINDS.get(i).type() + " value);");
      all.add(KINDS.get(i).type() + " a" + i);
    }
    lines.add("  @Cached(namespace = \"all\") String all(" + String.join(", ", all) + ");");
    lines.add("  @Cached(namespace = \"none\") String none();");
    lines.add("}");
    return source("p.Scalars", lines.toArray(String[]::new));
  }

  @BeforeAll
  static void compile() throws Throwable {
    loaded = LoadedCompilation.of(TIER, scalars());
    String none = ((CacheKey) loaded.callStatic("p.ScalarsKeys", "none")).key();
    assertTrue(none.matches("none/[0-9a-f]{8}"), none);
    fingerprint = none.substring("none/".length());
  }

  private static CacheKey generated(String method, Object... arguments) throws Throwable {
    return (CacheKey) loaded.callStatic("p.ScalarsKeys", method, arguments);
  }

  @Test
  void scalarOnlyKeysAreOneConcatenationWithoutABuilder() throws Exception {
    String keys =
        Compilations.compile(TIER, scalars())
            .generatedSourceFile("p.ScalarsKeys")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertFalse(keys.contains("KeyBuilder.of("), keys);
    assertTrue(keys.contains("return KeyBuilder.key(\"m0\", \"m0/" + fingerprint + ":\" + KeyBuilder.text(value));"), keys);
    assertTrue(keys.contains("return KeyBuilder.key(\"none\", \"none/" + fingerprint + "\");"), keys);
  }

  @Test
  void everyScalarKindGivesTheBuildersKey() throws Throwable {
    Random random = new Random(2026_11_23);
    for (int i = 0; i < KINDS.size(); i++) {
      Kind kind = KINDS.get(i);
      for (int n = 0; n < 400; n++) {
        Object value = kind.value().apply(random);
        KeyBuilder expected = KeyBuilder.of("m" + i, fingerprint);
        kind.add().accept(expected, value);
        CacheKey key = generated("m" + i, value);
        assertEquals(expected.build().key(), key.key(), () -> kind.type() + " " + value);
        assertEquals("m" + i, key.namespace());
      }
    }
  }

  @Test
  void specialFloatingValuesGiveTheBuildersKey() throws Throwable {
    int floats = KINDS.indexOf(kind("float"));
    int doubles = KINDS.indexOf(kind("double"));
    for (double value :
        new double[] {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE,
            1e7, Math.nextDown(1e7), Math.nextUp(1e7), 1e-3, Math.nextDown(1e-3)}) {
      assertEquals(
          KeyBuilder.of("m" + doubles, fingerprint).add(value).build().key(),
          generated("m" + doubles, value).key());
      float narrowed = (float) value;
      assertEquals(
          KeyBuilder.of("m" + floats, fingerprint).add(narrowed).build().key(),
          generated("m" + floats, narrowed).key());
    }
  }

  @Test
  void keysOfEveryKindAtOnceGiveTheBuildersKeyShortOrDigested() throws Throwable {
    Random random = new Random(8);
    int digested = 0;
    for (int n = 0; n < 1_000; n++) {
      Object[] values = new Object[KINDS.size()];
      KeyBuilder expected = KeyBuilder.of("all", fingerprint);
      for (int i = 0; i < KINDS.size(); i++) {
        values[i] = KINDS.get(i).value().apply(random);
        KINDS.get(i).add().accept(expected, values[i]);
      }
      CacheKey key = generated("all", values);
      assertEquals(expected.build().key(), key.key());
      assertTrue(key.key().length() <= KeyBuilder.MAX_KEY_LENGTH, key.key());
      digested += key.key().contains("#") ? 1 : 0;
    }
    assertTrue(digested > 0, "no key was long enough to be digested");
    String longString = "x:".repeat(150);
    CacheKey key = generated("m0", longString);
    assertEquals(KeyBuilder.of("m0", fingerprint).add(longString).build().key(), key.key());
    assertTrue(key.key().contains("#"), key.key());
  }

  private static Kind kind(String type) {
    return KINDS.stream().filter(k -> k.type().equals(type)).findFirst().orElseThrow();
  }

  private static Object orNull(Random random, Object value) {
    return random.nextInt(10) == 0 ? null : value;
  }

  private static String randomString(Random random) {
    if (random.nextInt(10) == 0) {
      return null;
    }
    int length = random.nextInt(random.nextInt(10) == 0 ? 200 : 12);
    int alphabet = random.nextBoolean() ? 12 : ALPHABET.length();
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append(ALPHABET.charAt(random.nextInt(alphabet)));
    }
    return value.toString();
  }

  private static Object randomTier(Random random) {
    Object[] tiers = loaded.type("p.Tier").getEnumConstants();
    return orNull(random, tiers[random.nextInt(tiers.length)]);
  }

  private static float randomFloat(Random random) {
    return random.nextBoolean() ? Float.intBitsToFloat(random.nextInt()) : random.nextFloat() * 1e8f;
  }

  private static double randomDouble(Random random) {
    return random.nextBoolean()
        ? Double.longBitsToDouble(random.nextLong())
        : random.nextDouble() * Math.pow(10, random.nextInt(20) - 10);
  }

  private static Instant randomInstant(Random random) {
    return Instant.ofEpochSecond(
        random.nextLong() % 10_000_000_000L, random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
  }

  private static ZoneOffset randomOffset(Random random) {
    return ZoneOffset.ofTotalSeconds((random.nextInt(36) - 18) * 3600);
  }

  private static ZoneId randomZone(Random random) {
    List<String> zones = List.of("Europe/Paris", "America/St_Johns", "UTC", "Z", "+05:30");
    return ZoneId.of(zones.get(random.nextInt(zones.size())));
  }
}
