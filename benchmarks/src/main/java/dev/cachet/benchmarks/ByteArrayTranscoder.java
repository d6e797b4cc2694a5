package dev.cachet.benchmarks;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * The bytes stored, handed back as they are: the raw Xmemcached baseline does no decoding, as
 * Cachet's own (package-private) transcoder does none below its value pipeline.
 */
final class ByteArrayTranscoder implements Transcoder<byte[]> {
  @Override
  public CachedData encode(byte[] value) {
    return new CachedData(0, value, value.length, -1);
  }

  @Override
  public byte[] decode(CachedData data) {
    return data.getData();
  }

  @Override
  public void setPrimitiveAsString(boolean primitiveAsString) {
    // Bytes only.
  }

  @Override
  public void setPackZeros(boolean packZeros) {
    // Bytes only.
  }

  @Override
  public void setCompressionThreshold(int threshold) {
    // Never compresses.
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
    // Never compresses.
  }
}
