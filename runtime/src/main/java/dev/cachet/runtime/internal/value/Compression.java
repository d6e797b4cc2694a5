package dev.cachet.runtime.internal.value;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The codecs a stored payload may be compressed with. The id is written in every item's header,
 * so each codec stays readable whatever the writer's settings; ids are never reused.
 */
public enum Compression {
  /** Stored as serialized. */
  NONE(0) {
    @Override
    byte[] compress(byte[] input) {
      return input;
    }

    @Override
    byte[] decompress(byte[] input, int originalLength) {
      return input;
    }
  },

  /** JDK {@link Deflater} at its default level: the baseline, no extra dependency. */
  DEFLATE(1) {
    @Override
    byte[] compress(byte[] input) {
      Deflater deflater = new Deflater();
      try {
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 4));
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
          int written = deflater.deflate(buffer);
          out.write(buffer, 0, written);
        }
        return out.toByteArray();
      } finally {
        deflater.end();
      }
    }

    @Override
    byte[] decompress(byte[] input, int originalLength) throws DataFormatException {
      Inflater inflater = new Inflater();
      try {
        inflater.setInput(input);
        byte[] output = new byte[originalLength];
        int filled = 0;
        while (filled < originalLength) {
          int read = inflater.inflate(output, filled, originalLength - filled);
          if (read == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
            break;
          }
          filled += read;
        }
        if (filled != originalLength || !inflater.finished()) {
          throw new DataFormatException(
              "inflated " + filled + " bytes, header says " + originalLength);
        }
        return output;
      } finally {
        inflater.end();
      }
    }
  },

  /** LZ4 block format (lz4-java, the maintained fork): the fastest, with the largest output. */
  LZ4(2) {
    @Override
    byte[] compress(byte[] input) {
      return Lz4Holder.COMPRESSOR.compress(input);
    }

    @Override
    byte[] decompress(byte[] input, int originalLength) {
      byte[] output = new byte[originalLength];
      int written =
          Lz4Holder.DECOMPRESSOR.decompress(input, 0, input.length, output, 0, originalLength);
      if (written != originalLength) {
        throw new IllegalStateException(
            "LZ4 produced " + written + " bytes, header says " + originalLength);
      }
      return output;
    }
  },

  /** Zstandard at level {@value #ZSTD_LEVEL} (zstd-jni): Deflater's ratio or better, several times faster. */
  ZSTD(3) {
    @Override
    byte[] compress(byte[] input) {
      return Zstd.compress(input, ZSTD_LEVEL);
    }

    @Override
    byte[] decompress(byte[] input, int originalLength) {
      return Zstd.decompress(input, originalLength);
    }
  };

  /** Zstandard's level for new writes; any level reads back the same way. */
  static final int ZSTD_LEVEL = 1;

  private final int id;

  Compression(int id) {
    this.id = id;
  }

  /** The id written in the header. */
  public int id() {
    return id;
  }

  /** Compresses a whole payload. */
  abstract byte[] compress(byte[] input);

  /**
   * Decompresses a payload whose original length the header recorded.
   *
   * @throws Exception (any) when the input is not a valid stream of this codec or its length is
   *     not {@code originalLength}; the caller turns it into a {@link ValueException}
   */
  abstract byte[] decompress(byte[] input, int originalLength) throws Exception;

  /** The codec with this header id, or {@code null} when this build does not know it. */
  static Compression byId(int id) {
    for (Compression compression : values()) {
      if (compression.id == id) {
        return compression;
      }
    }
    return null;
  }

  /** Loaded on first use, so a region that never meets LZ4 never loads its native library. */
  private static final class Lz4Holder {
    static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
  }
}
