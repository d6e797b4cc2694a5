package dev.cachet.runtime;

import dev.cachet.runtime.internal.value.ForySerializer;
import dev.cachet.runtime.spi.Serializer;
import java.util.concurrent.atomic.AtomicInteger;

/** Fory, counting how often it is asked to deserialize anything. */
final class CountingSerializer implements Serializer {
  private final Serializer fory = new ForySerializer();
  final AtomicInteger deserializations = new AtomicInteger();

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
    deserializations.incrementAndGet();
    return fory.deserialize(bytes);
  }
}
