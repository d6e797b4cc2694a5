package dev.cachet.redis;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys as UTF-8 strings, values as {@link Item}s. It writes straight into Lettuce's outgoing
 * buffer with an exact size, so Lettuce copies a value once (the version, then the payload) and
 * makes no temporary buffer. Replies are decoded by the transport's own outputs, which skip the
 * version without a second copy; {@link #decodeValue} serves only Lettuce's generic outputs.
 */
final class ItemCodec implements RedisCodec<String, Item>, ToByteBufEncoder<String, Item> {
  static final ItemCodec INSTANCE = new ItemCodec();

  private ItemCodec() {}

  @Override
  public String decodeKey(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }

  @Override
  public Item decodeValue(ByteBuffer bytes) {
    long version = Item.versionOf(bytes);
    return new Item(version, Item.payloadOf(bytes));
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    return StandardCharsets.UTF_8.encode(key);
  }

  @Override
  public ByteBuffer encodeValue(Item item) {
    ByteBuffer buffer = ByteBuffer.allocate(Item.VERSION_BYTES + item.payload().length);
    return buffer.putLong(item.version()).put(item.payload()).flip();
  }

  @Override
  public void encodeKey(String key, ByteBuf target) {
    target.writeCharSequence(key, StandardCharsets.UTF_8);
  }

  @Override
  public void encodeValue(Item item, ByteBuf target) {
    target.writeLong(item.version());
    target.writeBytes(item.payload());
  }

  @Override
  public int estimateSize(Object keyOrValue) {
    if (keyOrValue instanceof Item item) {
      return Item.VERSION_BYTES + item.payload().length;
    }
    return keyOrValue == null ? 0 : ByteBufUtil.utf8Bytes((CharSequence) keyOrValue);
  }

  /** The sizes above are exact: Lettuce writes the length prefix first and the bytes after. */
  @Override
  public boolean isEstimateExact() {
    return true;
  }
}
