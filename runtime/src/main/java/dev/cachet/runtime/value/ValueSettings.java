package dev.cachet.runtime.value;

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

  /** The largest value stored by default: 64 MiB, after compression, headers included. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 64 << 20;

  private static final ValueSettings DEFAULTS =
      new ValueSettings(
          DEFAULT_COMPRESSION_THRESHOLD,
          Compression.DEFLATE,
          DEFAULT_MAX_VALUE_BYTES,
          Clock.systemUTC());

  private final int compressionThreshold;
  private final Compression compression;
  private final int maxValueBytes;
  private final Clock clock;

  private ValueSettings(
      int compressionThreshold, Compression compression, int maxValueBytes, Clock clock) {
    this.compressionThreshold = compressionThreshold;
    this.compression = compression;
    this.maxValueBytes = maxValueBytes;
    this.clock = clock;
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
    return new ValueSettings(bytes, compression, maxValueBytes, clock);
  }

  /** The codec for new writes; every codec stays readable. {@link Compression#NONE} turns it off. */
  public ValueSettings withCompression(Compression codec) {
    return new ValueSettings(
        compressionThreshold, Objects.requireNonNull(codec, "codec"), maxValueBytes, clock);
  }

  /**
   * Values whose stored form (after compression, headers included) is larger are refused with
   * {@link ValueException.Reason#TOO_LARGE}.
   */
  public ValueSettings withMaxValueBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("max value bytes must be positive: " + bytes);
    }
    return new ValueSettings(compressionThreshold, compression, bytes, clock);
  }

  /** The clock {@link StoredValue#createdAt()} is taken from. */
  public ValueSettings withClock(Clock clock) {
    return new ValueSettings(
        compressionThreshold, compression, maxValueBytes, Objects.requireNonNull(clock, "clock"));
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
        + "}";
  }
}
