package dev.cachet.runtime.value;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a stored item, for regions configured with a signing key: a writer without the
 * key (anyone who can reach memcached) cannot make an item such a region will deserialize.
 */
final class Signer {
  static final int SIGNATURE_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Mac prototype;

  Signer(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, ALGORITHM);
    this.prototype = initialised();
  }

  /** The signature of {@code bytes[0, length)}. */
  byte[] sign(byte[] bytes, int length) {
    Mac mac = newMac();
    mac.update(bytes, 0, length);
    return mac.doFinal();
  }

  /** Whether {@code bytes[length, length + 32)} is the signature of {@code bytes[0, length)}. */
  boolean verify(byte[] bytes, int length) {
    byte[] expected = sign(bytes, length);
    byte[] actual = new byte[SIGNATURE_BYTES];
    System.arraycopy(bytes, length, actual, 0, SIGNATURE_BYTES);
    return MessageDigest.isEqual(expected, actual);
  }

  private Mac newMac() {
    try {
      // A Mac is not thread-safe; cloning the initialised prototype is cheaper than init.
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException notCloneable) {
      return initialised();
    }
  }

  private Mac initialised() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException unavailable) {
      throw new IllegalStateException(ALGORITHM + " is not available on this JVM", unavailable);
    }
  }
}
