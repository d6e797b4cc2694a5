package dev.cachet.runtime;

/**
 * Why stored bytes could not be used: each was a miss, answered by the delegate, and is counted
 * under its name in {@link CacheStatistics.Counts#decodeFailures()} and by the Micrometer binder
 * ({@code cachet.decode.failures}, tag {@code reason}). docs/security.md says which attacks end in
 * which reason.
 */
public enum DecodeFailure {
  /** A checksum did not match: the item, a chunk, or the assembled chunks were changed. */
  CHECKSUM,
  /** The bytes are not a stored item of this format: bad magic, version, flags or lengths. */
  FORMAT,
  /**
   * An item's or a namespace generation's signature is missing or does not match the signing
   * key, or was made for another key.
   */
  SIGNATURE,
  /** Written by another serializer, or with a compression codec this build does not know. */
  INCOMPATIBLE,
  /** The serializer could not turn checked bytes back into a value. */
  DESERIALIZATION,
  /** A chunk of a chunked value is absent, or belongs to another write. */
  MISSING_CHUNK,
  /** The value names a class outside the serializer's allowlist: refused before any of its code ran. */
  ALLOWLIST,
  /** The value is not an instance of the method's type (or is {@code null} where nulls are not cached). */
  TYPE_MISMATCH,
  /** A namespace generation holds no number. */
  GENERATION,
  /** With a signing key, a namespace generation older than one this process has seen: put back. */
  ROLLED_BACK,
  /** Anything else that went wrong while reading; the log line has the exception. */
  UNEXPECTED
}
