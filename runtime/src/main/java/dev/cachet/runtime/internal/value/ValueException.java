package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.DecodeFailure;

/**
 * A value that could not be encoded or decoded. Checked, so the core cannot forget it: it counts
 * each one by {@link #reason()}, logs it (rate-limited) and answers from the delegate.
 */
public final class ValueException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a value could not be written or read; statistics count failures by this. */
  public enum Reason {
    /** A checksum did not match: the item, a chunk, or the assembled chunks were changed. */
    CHECKSUM,
    /** The bytes are not a stored item of this format: bad magic, version, flags or lengths. */
    FORMAT,
    /** The item's signature is missing or does not match the signing key. */
    SIGNATURE,
    /** Written by another serializer, or with a compression codec this build does not know. */
    INCOMPATIBLE,
    /** The value is larger than the configured maximum; it was not stored. */
    TOO_LARGE,
    /** The serializer could not turn the value into bytes. */
    SERIALIZATION,
    /** The serializer could not turn checked bytes back into a value. */
    DESERIALIZATION,
    /** A chunk of a chunked value is absent, or belongs to another write. */
    MISSING_CHUNK,
    /**
     * The value names a class outside the serializer's allowlist: refused before any code of the
     * class ran (reading), or not stored because it could not be read back (writing).
     */
    ALLOWLIST
  }

  private final Reason reason;

  public ValueException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ValueException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** The cause, for counting. */
  public Reason reason() {
    return reason;
  }

  /** How a read that failed so is counted; every reason a read can fail with has its own. */
  public DecodeFailure decodeFailure() {
    return switch (reason) {
      case CHECKSUM -> DecodeFailure.CHECKSUM;
      case FORMAT -> DecodeFailure.FORMAT;
      case SIGNATURE -> DecodeFailure.SIGNATURE;
      case INCOMPATIBLE -> DecodeFailure.INCOMPATIBLE;
      case DESERIALIZATION -> DecodeFailure.DESERIALIZATION;
      case MISSING_CHUNK -> DecodeFailure.MISSING_CHUNK;
      case ALLOWLIST -> DecodeFailure.ALLOWLIST;
      // Only writes fail so; a read that did would be a fault of the pipeline.
      case TOO_LARGE, SERIALIZATION -> DecodeFailure.UNEXPECTED;
    };
  }
}
