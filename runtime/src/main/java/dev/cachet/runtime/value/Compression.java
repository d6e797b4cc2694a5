package dev.cachet.runtime.value;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

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
  };

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
}
