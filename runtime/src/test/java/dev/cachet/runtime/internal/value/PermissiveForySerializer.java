package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.spi.Serializer;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.resolver.ClassResolver;

/**
 * An attacker's writer: Fory configured as {@link ForySerializer} is (so the reader takes its
 * bytes for its own), but with a type checker that accepts every class and no allowlist, so it
 * writes whatever it is given. {@link Planted} bytes are stored as they are, as by someone who
 * writes memcached directly.
 */
public final class PermissiveForySerializer implements Serializer {
  /** Bytes to store unchanged in place of a serialized value. */
  public record Planted(byte[] bytes) {}

  final ThreadSafeFory fory =
      ForySerializer.configured().withTypeChecker((resolver, className) -> true).buildThreadSafeFory();

  @Override
  public int id() {
    return FORY_ID;
  }

  @Override
  public byte[] serialize(Object value) {
    return value instanceof Planted planted ? planted.bytes().clone() : fory.serialize(value);
  }

  @Override
  public Object deserialize(byte[] bytes) {
    return fory.deserialize(bytes);
  }

  /** The numeric id Fory writes for {@code type}, a class it registers by default. */
  public int builtInId(Class<?> type) {
    return fory.execute(instance -> ((ClassResolver) instance.getTypeResolver()).getRegisteredClassId(type));
  }
}
