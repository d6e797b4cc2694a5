package dev.cachet.runtime.internal.transport;

import dev.cachet.runtime.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The key rule of memcached's protocol, checked by both transports before a write: 1 to 250
 * bytes, no whitespace, no control characters. memcached itself splits commands on spaces only
 * and would store a key holding a tab; checking here keeps the in-memory default and a real
 * server in agreement, and a bad key from outside {@code KeyBuilder} fails loudly in either. The
 * Redis store checks it too, so that a key works in every store.
 */
public final class MemcachedKeys {
  /** The longest key, in UTF-8 bytes. */
  public static final int LONGEST_KEY_BYTES = 250;

  private MemcachedKeys() {}

  /** @throws TransportException naming what is wrong with {@code key} */
  public static void requireValid(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new TransportException("CLIENT_ERROR empty key");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || Character.isISOControl(c) || Character.isWhitespace(c)) {
        throw new TransportException("CLIENT_ERROR key contains whitespace or a control character: " + key);
      }
    }
    // A char takes at most 3 UTF-8 bytes, so only keys of more than 83 chars need encoding.
    if (key.length() > LONGEST_KEY_BYTES / 3
        && key.getBytes(StandardCharsets.UTF_8).length > LONGEST_KEY_BYTES) {
      throw new TransportException("CLIENT_ERROR key longer than " + LONGEST_KEY_BYTES + " bytes: " + key);
    }
  }
}
