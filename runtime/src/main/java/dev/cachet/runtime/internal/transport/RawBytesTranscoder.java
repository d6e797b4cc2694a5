package dev.cachet.runtime.internal.transport;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Bytes in, the same bytes out: flags 0, no compression, no Java serialization. The value
 * pipeline owns encoding, compression and integrity checks; Xmemcached's default transcoder would
 * gzip behind its back and turn undecodable entries into {@code null}.
 */
final class RawBytesTranscoder implements Transcoder<byte[]> {
  static final RawBytesTranscoder INSTANCE = new RawBytesTranscoder();

  private RawBytesTranscoder() {}

  /**
   * Copies, because Xmemcached may put the bytes on the wire after a timed-out caller has returned
   * and reused its buffer.
   */
  @Override
  public CachedData encode(byte[] value) {
    byte[] copy = value.clone();
    return new CachedData(0, copy, copy.length, -1);
  }

  /** Whatever the flags say: bytes this library did not write fail the pipeline's header check. */
  @Override
  public byte[] decode(CachedData data) {
    return data.getData();
  }

  @Override
  public void setPrimitiveAsString(boolean primitiveAsString) {
    // Values are bytes only; nothing to configure.
  }

  @Override
  public void setPackZeros(boolean packZeros) {
    // Values are bytes only; nothing to configure.
  }

  @Override
  public void setCompressionThreshold(int threshold) {
    // Compression belongs to the value pipeline.
  }

  @Override
  public boolean isPrimitiveAsString() {
    return false;
  }

  @Override
  public boolean isPackZeros() {
    return false;
  }

  @Override
  public void setCompressionMode(CompressionMode compressionMode) {
    // Compression belongs to the value pipeline.
  }
}
