package dev.cachet.redis;

import java.nio.ByteBuffer;

/**
 * An item as Redis holds it: an 8-byte version, then the caller's bytes. Redis has no
 * compare-and-swap id, so each write gives its item a new version ({@link RedisTransport}), which
 * a {@code gets} reads and a {@code cas} script compares; a plain read skips it while copying the
 * bytes out of Lettuce's buffer, which it copies anyway, so a hit costs no extra copy.
 *
 * @param version never 0, which means "no id" to {@code cas}
 * @param payload the caller's bytes, written straight into the outgoing buffer by {@link ItemCodec}
 */
record Item(long version, byte[] payload) {
  /** Bytes of the version in front of the payload. */
  static final int VERSION_BYTES = Long.BYTES;

  /**
   * The caller's bytes of a stored item. A value shorter than a version was not written by Cachet
   * (another client, an attacker): it is returned whole, and the value pipeline refuses it as
   * undecodable, a counted miss.
   */
  static byte[] payloadOf(ByteBuffer stored) {
    if (stored.remaining() >= VERSION_BYTES) {
      stored.position(stored.position() + VERSION_BYTES);
    }
    byte[] payload = new byte[stored.remaining()];
    stored.get(payload);
    return payload;
  }

  /** The version of a stored item, or 0 for one too short to hold any. */
  static long versionOf(ByteBuffer stored) {
    return stored.remaining() >= VERSION_BYTES ? stored.getLong(stored.position()) : 0;
  }

  /** The version as the 8 bytes a script compares with the item's first 8. */
  static byte[] versionBytes(long version) {
    return ByteBuffer.allocate(VERSION_BYTES).putLong(version).array();
  }
}
