package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cachet.runtime.internal.coordination.Lookup;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GenerationParsingTest {
  @Test
  void decimalGenerationsAreReadInPlaceExactlyAsLongParseLongReadsThem() {
    Random random = new Random(5L);
    for (int i = 0; i < 100_000; i++) {
      long generation = random.nextLong() >> random.nextInt(64);
      assertEquals(generation, parse(Long.toString(generation)));
    }
    for (long edge : new long[] {0, 1, -1, 9, 10, Long.MAX_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L}) {
      assertEquals(edge, parse(Long.toString(edge)));
    }
    assertEquals(0, parse("-0"));
    assertEquals(42, parse("00042"));
  }

  @Test
  void anythingElseIsLeftToTheCountingParser() {
    for (String other : new String[] {"", "-", "+1", "1a", " 1", "1 ", "9223372036854775808",
        "-9223372036854775808", "12345678901234567890", "0x10", "1.0"}) {
      assertEquals(Lookup.NO_GENERATION, parse(other), other);
    }
    assertEquals(Lookup.NO_GENERATION, WireFormat.parseDecimal(null));
  }

  private static long parse(String text) {
    return WireFormat.parseDecimal(text.getBytes(StandardCharsets.US_ASCII));
  }
}
