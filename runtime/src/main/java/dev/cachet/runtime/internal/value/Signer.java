package dev.cachet.runtime.internal.value;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a stored item, for regions configured with a signing key: a writer without the
 * key (anyone who can reach memcached) cannot make an item such a region will deserialize.
 *
 * <p>Namespace generations are signed the same way, so that only a holder of the key can make one
 * ({@code dev.cachet.runtime.internal.coordination.Generations}).
 *
 * <p>The store signs through {@link #forKey}: the MAC then covers the memcached key too, so a
 * signed item copied to another key (one user's entry moved under another's) fails its signature
 * instead of being served as that key's value.
 */
public final class Signer {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Mac prototype;
  /** The memcached key and a NUL, signed before the item; empty when not bound to a key. */
  private final byte[] boundKey;

  public Signer(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, ALGORITHM);
    this.prototype = initialised();
    this.boundKey = new byte[0];
  }

  private Signer(Signer unbound, String itemKey) {
    this.key = unbound.key;
    this.prototype = unbound.prototype;
    byte[] name = itemKey.getBytes(StandardCharsets.UTF_8);
    this.boundKey = Arrays.copyOf(name, name.length + 1);
  }

  /** This key's signer for the item stored under {@code itemKey}. */
  public Signer forKey(String itemKey) {
    return new Signer(this, itemKey);
  }

  /** The signature of {@code bytes[0, length)} (after the bound key, if any). */
  public byte[] sign(byte[] bytes, int length) {
    Mac mac = newMac();
    mac.update(boundKey);
    mac.update(bytes, 0, length);
    return mac.doFinal();
  }

  /** Whether {@code bytes[length, length + 32)} is the signature of {@code bytes[0, length)}. */
  public boolean verify(byte[] bytes, int length) {
    byte[] expected = sign(bytes, length);
    byte[] actual = new byte[WireFormat.SIGNATURE_BYTES];
    System.arraycopy(bytes, length, actual, 0, WireFormat.SIGNATURE_BYTES);
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
