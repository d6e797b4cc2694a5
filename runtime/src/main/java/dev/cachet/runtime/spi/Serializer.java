package dev.cachet.runtime.spi;

/**
 * Turns values into bytes and back. Implementations are thread-safe.
 *
 * <p>The value pipeline ({@code dev.cachet.runtime.internal.value}) writes {@link #id()} into the
 * header of every stored item and refuses to read an item written by another serializer, so a
 * region never hands bytes of one format to the other. Apache Fory is the default; FST is an
 * optional alternative; users may plug their own with an id from 64 to 127.
 */
public interface Serializer {
  /** The Fory serializer's id. */
  int FORY_ID = 1;

  /** The FST serializer's id. */
  int FST_ID = 2;

  /** Written in every stored header; 1 = Fory, 2 = FST; user serializers use 64..127. */
  int id();

  /**
   * The bytes of {@code value} ({@code null} is never passed: the pipeline stores it as a flag).
   *
   * @throws dev.cachet.runtime.CachetException (or a subclass) when the value cannot be serialized;
   *     the message names the path to the failing object, e.g. {@code
   *     images[3].blockDevices[0].connection: java.net.Socket is not serializable}
   */
  byte[] serialize(Object value);

  /**
   * The value {@code bytes} were made from.
   *
   * @throws dev.cachet.runtime.CachetException when the bytes cannot be read back
   */
  Object deserialize(byte[] bytes);
}
