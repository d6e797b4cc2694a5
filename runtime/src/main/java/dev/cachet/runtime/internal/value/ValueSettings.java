package dev.cachet.runtime.internal.value;

import java.time.Clock;
import java.util.Objects;

/**
 * How a region encodes its values. Immutable: start from {@link #defaults()} and derive with the
 * {@code with...} methods, each of which checks its argument at once.
 *
 * <pre>{@code
 * ValueSettings settings = ValueSettings.defaults()
 *     .withCompressionThreshold(4096)
 *     .withMaxValueBytes(16 << 20);
 * }</pre>
 */
public final class ValueSettings {
  /** Payloads of at least this many serialized bytes are compressed by default. */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;

  /**
   * The codec new writes use by default: zstd at level 1. Measured on the serialized image list
   * (docs/benchmarks.md) it matches Deflater's size within 1% at several times its speed; LZ4 is
   * faster still but its output is over 1.6 times Deflater's.
   */
  public static final Compression DEFAULT_COMPRESSION = Compression.ZSTD;

  /** The largest value stored by default: 64 MiB, serialized and as stored. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 64 << 20;

  private static final ValueSettings DEFAULTS =
      new ValueSettings(
          DEFAULT_COMPRESSION_THRESHOLD,
          DEFAULT_COMPRESSION,
          DEFAULT_MAX_VALUE_BYTES,
          Clock.systemUTC(),
          null);

  private final int compressionThreshold;
  private final Compression compression;
  private final int maxValueBytes;
  private final Clock clock;
  private final byte[] signingKey;

  private ValueSettings(
      int compressionThreshold,
      Compression compression,
      int maxValueBytes,
      Clock clock,
      byte[] signingKey) {
    this.compressionThreshold = compressionThreshold;
    this.compression = compression;
    this.maxValueBytes = maxValueBytes;
    this.clock = clock;
    this.signingKey = signingKey;
  }

  /** Compression above 1 KiB with the measured default codec, 64 MiB maximum, the UTC clock. */
  public static ValueSettings defaults() {
    return DEFAULTS;
  }

  /**
   * Payloads of at least {@code bytes} serialized bytes are compressed; {@code 0} or negative
   * turns compression off.
   */
  public ValueSettings withCompressionThreshold(int bytes) {
    return new ValueSettings(bytes, compression, maxValueBytes, clock, signingKey);
  }

  /** The codec for new writes; every codec stays readable. {@link Compression#NONE} turns it off. */
  public ValueSettings withCompression(Compression codec) {
    return new ValueSettings(
        compressionThreshold, Objects.requireNonNull(codec, "codec"), maxValueBytes, clock, signingKey);
  }

  /**
   * Values whose serialized form, or whose stored form (after compression, headers and chunk
   * framing included), is larger are refused with {@link ValueException.Reason#TOO_LARGE} and
   * not stored. Reads refuse items announcing more, before fetching or inflating anything.
   */
  public ValueSettings withMaxValueBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("max value bytes must be positive: " + bytes);
    }
    return new ValueSettings(compressionThreshold, compression, bytes, clock, signingKey);
  }

  /** The clock {@link StoredValue#createdAt()} is taken from. */
  public ValueSettings withClock(Clock clock) {
    return new ValueSettings(
        compressionThreshold,
        compression,
        maxValueBytes,
        Objects.requireNonNull(clock, "clock"),
        signingKey);
  }

  /**
   * Signs every stored item with HMAC-SHA256 under {@code key} (at least 16 bytes; 32 random bytes
   * recommended) and refuses, as {@link ValueException.Reason#SIGNATURE}, items that are unsigned
   * or signed with another key. Every process sharing the region needs the same key. Use it when
   * others can write to the memcached pool: deserializing their bytes is not safe.
   */
  public ValueSettings withSigningKey(byte[] key) {
    return new ValueSettings(
        compressionThreshold, compression, maxValueBytes, clock, checkSigningKey(key).clone());
  }

  /**
   * {@code key}, if it can sign: at least 16 bytes, for HMAC-SHA256 to be worth its name. The one
   * check of a signing key, wherever it is given.
   *
   * @throws IllegalArgumentException saying how long it is, never what it holds
   */
  public static byte[] checkSigningKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < 16) {
      throw new IllegalArgumentException(
          "a signing key needs at least 16 bytes (32 random bytes recommended): " + key.length);
    }
    return key;
  }

  /** Whether items are signed and signatures required. */
  public boolean signed() {
    return signingKey != null;
  }

  /** A copy of the signing key, or {@code null}. */
  byte[] signingKey() {
    return signingKey == null ? null : signingKey.clone();
  }

  /** Compression threshold in serialized bytes; {@code <= 0} means off. */
  public int compressionThreshold() {
    return compressionThreshold;
  }

  /** The codec for new writes. */
  public Compression compression() {
    return compression;
  }

  /** The largest stored form accepted. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  /** The clock of {@code createdAt}. */
  public Clock clock() {
    return clock;
  }

  /** Whether a payload of {@code serializedBytes} is offered to the codec. */
  boolean compresses(int serializedBytes) {
    return compressionThreshold > 0
        && compression != Compression.NONE
        && serializedBytes >= compressionThreshold;
  }

  @Override
  public String toString() {
    return "ValueSettings{compressionThreshold="
        + compressionThreshold
        + ", compression="
        + compression
        + ", maxValueBytes="
        + maxValueBytes
        + ", clock="
        + clock
        + ", signed="
        + signed()
        + "}";
  }
}
