package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cachet.runtime.value.ForySerializer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
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
      assertEquals(1, serializer.reads.get(), "the hit deserialized the entry once");

      cachet.invalidateAll("text");
      assertEquals("second", text.get(key, () -> "second"));
      assertEquals(2, text.delegateCalls.get());
      assertEquals(1, serializer.reads.get(), "the obsolete entry was not deserialized");
    }
  }

  /** Fory, counting the values it reads. */
  private static final class CountingSerializer implements Serializer {
    private final Serializer fory = new ForySerializer();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public int id() {
      return fory.id();
    }

    @Override
    public byte[] serialize(Object value) {
      return fory.serialize(value);
    }

    @Override
    public Object deserialize(byte[] bytes) {
      reads.incrementAndGet();
      return fory.deserialize(bytes);
    }
  }
}
