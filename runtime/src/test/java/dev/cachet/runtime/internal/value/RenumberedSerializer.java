package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.spi.Serializer;

/** Another serializer's id over Fory's bytes, to test what a region does with a foreign writer. */
final class RenumberedSerializer implements Serializer {
  private final Serializer delegate;
  private final int id;

  RenumberedSerializer(Serializer delegate, int id) {
    this.delegate = delegate;
    this.id = id;
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public byte[] serialize(Object value) {
    return delegate.serialize(value);
  }

  @Override
  public Object deserialize(byte[] bytes) {
    return delegate.deserialize(bytes);
  }
}
