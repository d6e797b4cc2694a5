package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An entry made obsolete by invalidateAll is recognised from its header, never deserialized. */
class InvalidatedEntryCostTest {
  @Test
  void anEntryWrittenBeforeInvalidateAllIsNotDeserialized() {
    CountingSerializer serializer = new CountingSerializer();
    try (Cachet cachet = Cachet.builder()
        .inMemory()
        .serializer(serializer)
        .region("long_term", Duration.ofHours(1))
        .build()) {
      Decorated<String> text = Decorated.of(cachet, "text", "long_term", String.class);
      CacheKey key = Decorated.key("text", "a");
      text.get(key, () -> "first");
      assertEquals("first", text.get(key, () -> "unused"));
      assertEquals(1, serializer.deserializations.get(), "the hit deserialized the entry once");

      cachet.invalidateAll("text");
      assertEquals("second", text.get(key, () -> "second"));
      assertEquals(2, text.delegateCalls.get());
      assertEquals(1, serializer.deserializations.get(), "the obsolete entry was not deserialized");
    }
  }

}
