package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.KeyBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The statics generated scalar-only keys concatenate ({@link KeyBuilder#text}, {@link
 * KeyBuilder#key}) write exactly what the builder writes, for every scalar kind and every string.
 * {@code add(String)} itself appends {@code text}, so strings are also checked against
 * {@link #reference}, the grammar written a code point at a time.
 */
class KeyTextTest {
  private static final String PREFIX = "n/00000000:";

  /** Characters random strings are drawn from: safe, separators, controls, non-ASCII, surrogates. */
  private static final String ALPHABET =
      "abcXYZ019_.-:,~'%[]{}()?!#/ \t\r\n\0\u007f\u0080\u00e9\u00ff\u0100\u07ff\u0800\u20ac"
          + "\ufffd\uffff\ud83d\ude00\ud800\udbff\udc00\udfff";

  enum Shouting {
    QUIET,
    LOUD {
      @Override
      public String toString() {
        return "not the name";
      }
    }
  }

  /** What {@code add(String)} writes after the separator, up to a key that would be digested. */
  private static String added(String value) {
    String key = KeyBuilder.of("n", "00000000").add(value).build().key();
    assertFalse(key.contains("#"), "value too long to compare undigested: " + key);
    return key.substring(PREFIX.length());
  }

  @Test
  void textOfAStringIsWhatTheBuilderWritesForFiftyThousandRandomStrings() {
    Random random = new Random(8_2026);
    for (int i = 0; i < 60_000; i++) {
      String value = randomString(random, 12);
      String text = KeyBuilder.text(value);
      assertEquals(added(value), text, () -> "for " + describe(value));
      assertEquals(reference(value), text, () -> "for " + describe(value));
    }
  }

  @Test
  void textOfNullEmptyAndTrickyStringsIsWhatTheBuilderWrites() {
    List<String> values =
        new ArrayList<>(
            List.of("", "~", "''", "null", "a:b", "%3A", "\ud800", "\udc00", "\ud800\ud800",
                "\udc00\ud800", "\ud83d\ude00", "x\ud83d", "\ude00x", "\u0000", "é", "日本"));
    values.add(null);
    for (String value : values) {
      assertEquals(added(value), KeyBuilder.text(value), () -> describe(value));
      assertEquals(reference(value), KeyBuilder.text(value), () -> describe(value));
    }
  }

  @Test
  void textOfAnAllSafeStringIsTheStringItself() {
    Random random = new Random(73);
    String safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    for (int i = 0; i < 1_000; i++) {
      StringBuilder value = new StringBuilder();
      for (int length = 1 + random.nextInt(40); value.length() < length; ) {
        value.append(safe.charAt(random.nextInt(safe.length())));
      }
      String string = value.toString();
      assertSame(string, KeyBuilder.text(string));
    }
    String unsafe = "a:b";
    assertNotSame(unsafe, KeyBuilder.text(unsafe));
  }

  @Test
  void textOfEveryCharIsWhatTheBuilderWrites() {
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      char value = (char) c;
      String key = KeyBuilder.of("n", "00000000").add(value).build().key();
      assertEquals(key, PREFIX + KeyBuilder.text(value), () -> "for U+" + Integer.toHexString(value));
    }
  }

  @Test
  void textOfAnEnumIsItsNameAsTheBuilderWrites() {
    for (Shouting value : Shouting.values()) {
      String key = KeyBuilder.of("n", "00000000").add(value).build().key();
      assertEquals(key, PREFIX + KeyBuilder.text(value));
    }
    assertEquals(PREFIX + "LOUD", PREFIX + KeyBuilder.text(Shouting.LOUD));
    Shouting none = null;
    assertEquals(KeyBuilder.of("n", "00000000").add(none).build().key(), PREFIX + KeyBuilder.text(none));
  }

  @Test
  void textOfEveryObjectScalarIsWhatTheBuilderWrites() {
    Random random = new Random(11);
    for (int i = 0; i < 2_000; i++) {
      for (Object value : randomObjectScalars(random)) {
        String key = KeyBuilder.of("n", "00000000").add(value).build().key();
        assertEquals(key, PREFIX + KeyBuilder.text(value), () -> "for " + value);
      }
    }
    Object none = null;
    assertEquals(KeyBuilder.of("n", "00000000").add(none).build().key(), PREFIX + "~");
    assertEquals("~", KeyBuilder.text(none));
  }

  @Test
  void concatenatedIntegralsAndBooleansAreWhatTheBuilderWrites() {
    for (int b = Byte.MIN_VALUE; b <= Byte.MAX_VALUE; b++) {
      byte value = (byte) b;
      assertEquals(KeyBuilder.of("n", "00000000").add(value).build().key(), PREFIX + value);
    }
    for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
      short value = (short) s;
      assertEquals(KeyBuilder.of("n", "00000000").add(value).build().key(), PREFIX + value);
    }
    Random random = new Random(5);
    List<Long> longs = new ArrayList<>(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE));
    for (int i = 0; i < 20_000; i++) {
      longs.add(random.nextLong() >> random.nextInt(64));
    }
    for (long value : longs) {
      assertEquals(KeyBuilder.of("n", "00000000").add(value).build().key(), PREFIX + value);
      int narrowed = (int) value;
      assertEquals(KeyBuilder.of("n", "00000000").add(narrowed).build().key(), PREFIX + narrowed);
    }
    assertEquals(KeyBuilder.of("n", "00000000").add(true).build().key(), PREFIX + true);
    assertEquals(KeyBuilder.of("n", "00000000").add(false).build().key(), PREFIX + false);
  }

  @Test
  void concatenatedDoublesAreWhatStringBuilderAppendAndTheBuilderWrite() {
    List<Double> values =
        new ArrayList<>(
            List.of(Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_0001L),
                Double.longBitsToDouble(0xfff0_0000_0000_0001L), 0.0, -0.0,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
                Double.MIN_NORMAL / 3, Double.MAX_VALUE, 1e7, Math.nextDown(1e7), Math.nextUp(1e7),
                -1e7, 9_999_999.999999998, 1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3), 1e22,
                1e23, 2e-323, 4.9e-324, 0.1, 1.0 / 3, 100.0, 2.0E-3));
    Random random = new Random(17);
    for (int i = 0; i < 100_000; i++) {
      values.add(Double.longBitsToDouble(random.nextLong()));
      values.add(Double.longBitsToDouble(random.nextLong() & 0x800f_ffff_ffff_ffffL)); // subnormal
      values.add(1e7 * (1 + (random.nextDouble() - 0.5) * 1e-9));
    }
    for (double value : values) {
      String concatenated = PREFIX + value;
      assertEquals(PREFIX + new StringBuilder().append(value), concatenated);
      assertEquals(KeyBuilder.of("n", "00000000").add(value).build().key(), concatenated,
          () -> "for bits " + Long.toHexString(Double.doubleToRawLongBits(value)));
    }
  }

  @Test
  void concatenatedFloatsAreWhatStringBuilderAppendAndTheBuilderWrite() {
    List<Float> values =
        new ArrayList<>(
            List.of(Float.NaN, Float.intBitsToFloat(0x7fc0_0001), 0.0f, -0.0f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
                Float.MAX_VALUE, 1e7f, Math.nextDown(1e7f), Math.nextUp(1e7f), -1e7f, 1e-3f,
                Math.nextDown(1e-3f), Math.nextUp(1e-3f), 0.1f, 1.0f / 3, 2.0E-3f));
    Random random = new Random(19);
    for (int i = 0; i < 100_000; i++) {
      values.add(Float.intBitsToFloat(random.nextInt()));
      values.add(Float.intBitsToFloat(random.nextInt() & 0x807f_ffff)); // subnormal
    }
    for (float value : values) {
      String concatenated = PREFIX + value;
      assertEquals(PREFIX + new StringBuilder().append(value), concatenated);
      assertEquals(KeyBuilder.of("n", "00000000").add(value).build().key(), concatenated,
          () -> "for bits " + Integer.toHexString(Float.floatToRawIntBits(value)));
    }
  }

  @Test
  void keyOfAnEncodingAppliesTheBuildersLengthRule() {
    Random random = new Random(23);
    for (int i = 0; i < 2_000; i++) {
      String first = randomString(random, 120);
      String second = randomString(random, 120);
      CacheKey built = KeyBuilder.of("long", "0badf00d").add(first).add(second).build();
      CacheKey concatenated =
          KeyBuilder.key(
              "long", "long/0badf00d:" + KeyBuilder.text(first) + ':' + KeyBuilder.text(second));
      assertEquals(built.key(), concatenated.key());
      assertEquals(built.namespace(), concatenated.namespace());
      assertTrue(concatenated.key().length() <= KeyBuilder.MAX_KEY_LENGTH);
    }
    String exactlyMax = "x".repeat(KeyBuilder.MAX_KEY_LENGTH - "m/00000000:".length());
    assertEquals("m/00000000:" + exactlyMax, KeyBuilder.key("m", "m/00000000:" + exactlyMax).key());
    String oneMore = exactlyMax + "y";
    String digested = KeyBuilder.key("m", "m/00000000:" + oneMore).key();
    assertEquals(KeyBuilder.of("m", "00000000").add(oneMore).build().key(), digested);
    assertTrue(digested.contains("#"), digested);
  }

  private static List<Object> randomObjectScalars(Random random) {
    long seconds = random.nextLong() % 100_000_000_000L;
    int nanos = random.nextBoolean() ? 0 : random.nextInt(1_000_000_000);
    Instant instant = Instant.ofEpochSecond(seconds % 10_000_000_000L, nanos);
    ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(36) - 18) * 3600);
    List<String> zones = List.of("Europe/Paris", "America/St_Johns", "UTC", "Z", "+05:30");
    ZoneId zone = ZoneId.of(zones.get(random.nextInt(zones.size())));
    List<Object> values = new ArrayList<>();
    values.add(random.nextInt());
    values.add(random.nextLong());
    values.add((short) random.nextInt());
    values.add((byte) random.nextInt());
    values.add(random.nextBoolean());
    values.add((char) random.nextInt(Character.MAX_VALUE + 1));
    values.add(Float.intBitsToFloat(random.nextInt()));
    values.add(Double.longBitsToDouble(random.nextLong()));
    values.add(new UUID(random.nextLong(), random.nextLong()));
    values.add(BigDecimal.valueOf(random.nextLong(), random.nextInt(41) - 20));
    values.add(new BigInteger(130, random).subtract(BigInteger.ONE.shiftLeft(129)));
    values.add(instant);
    values.add(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    values.add(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    values.add(LocalTime.ofInstant(instant, ZoneOffset.UTC));
    values.add(OffsetDateTime.ofInstant(instant, offset));
    values.add(OffsetTime.ofInstant(instant, offset));
    values.add(ZonedDateTime.ofInstant(instant, zone));
    values.add(Duration.ofSeconds(seconds, nanos));
    values.add(Period.of(random.nextInt(), random.nextInt(), random.nextInt()));
    values.add(Year.of(random.nextInt(Year.MAX_VALUE)));
    values.add(YearMonth.of(random.nextInt(20_000) - 10_000, 1 + random.nextInt(12)));
    values.add(MonthDay.of(1 + random.nextInt(12), 1 + random.nextInt(28)));
    values.add(offset);
    values.add(zone);
    return values;
  }

  /** Up to {@code maxLength} chars from {@link #ALPHABET}, a fifth of them all safe, some null. */
  private static String randomString(Random random, int maxLength) {
    int kind = random.nextInt(20);
    if (kind == 0) {
      return null;
    }
    int length = random.nextInt(maxLength + 1);
    int alphabet = kind < 5 ? 12 : ALPHABET.length();
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append(ALPHABET.charAt(random.nextInt(alphabet)));
    }
    return value.toString();
  }

  /**
   * The grammar's {@code value} for a string written from its definition, a code point at a time,
   * independently of {@code KeyBuilder}'s run-copying escape.
   */
  private static String reference(String value) {
    if (value == null) {
      return "~";
    }
    if (value.isEmpty()) {
      return "''";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); ) {
      int codePoint = value.codePointAt(i);
      i += Character.charCount(codePoint);
      if (codePoint < 128 && (Character.isLetterOrDigit(codePoint) || "_.-".indexOf(codePoint) >= 0)) {
        out.appendCodePoint(codePoint);
      } else if (Character.isSurrogate((char) codePoint) && Character.charCount(codePoint) == 1) {
        out.append(String.format(Locale.ROOT, "%%u%04X", codePoint));
      } else {
        for (byte octet : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
          out.append(String.format(Locale.ROOT, "%%%02X", octet & 0xFF));
        }
      }
    }
    return out.toString();
  }

  private static String describe(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder chars = new StringBuilder();
    value.chars().forEach(c -> chars.append(String.format(Locale.ROOT, "\\u%04x", c)));
    return chars.toString();
  }
}
