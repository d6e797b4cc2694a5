package dev.cachet.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;

/**
 * {@link KeyBuilder}'s scalar path as it was before issue 8's profile (one {@code append} per
 * character, six comparisons per safe-character test), kept so {@code KeyBenchmark} can measure
 * the fix side by side with the current code in one run. Lists, sets, records and optionals are
 * left out: the benchmark's keys have none. Benchmark code only.
 */
public final class KeyBuilderBeforeIssue8 {
  private static final int MAX_KEY_LENGTH = KeyBuilder.MAX_KEY_LENGTH;
  private static final int DIGEST_LENGTH = 43;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String namespace;
  private final StringBuilder out;
  private ArrayList<Object> frames;

  private KeyBuilderBeforeIssue8(String namespace, String fingerprint) {
    this.namespace = namespace;
    this.out = new StringBuilder(namespace.length() + fingerprint.length() + 48);
    out.append(namespace).append('/').append(fingerprint);
  }

  /** Starts a key, as {@link KeyBuilder#of} did. */
  public static KeyBuilderBeforeIssue8 of(String namespace, String fingerprint) {
    return new KeyBuilderBeforeIssue8(namespace, fingerprint);
  }

  public KeyBuilderBeforeIssue8 add(String value) {
    beginValue();
    if (value == null) {
      out.append('~');
    } else if (value.isEmpty()) {
      out.append("''");
    } else {
      escape(value);
    }
    return this;
  }

  public KeyBuilderBeforeIssue8 add(long value) {
    beginValue();
    out.append(value);
    return this;
  }

  public KeyBuilderBeforeIssue8 add(boolean value) {
    beginValue();
    out.append(value);
    return this;
  }

  public KeyBuilderBeforeIssue8 add(Enum<?> value) {
    return add(value == null ? null : value.name());
  }

  public KeyBuilderBeforeIssue8 add(Object value) {
    return add(value == null ? null : value.toString());
  }

  public CacheKey build() {
    if (out.length() <= MAX_KEY_LENGTH) {
      return new CacheKey(namespace, out.toString());
    }
    String full = out.toString();
    byte[] digest = sha256().digest(full.getBytes(StandardCharsets.US_ASCII));
    String suffix = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    String prefix = full.substring(0, MAX_KEY_LENGTH - 1 - DIGEST_LENGTH);
    return new CacheKey(namespace, prefix + '#' + suffix);
  }

  private void beginValue() {
    // The current class checks its open containers here; none are ever open in this copy.
    if (frames == null || frames.isEmpty()) {
      out.append(':');
    }
  }

  private void escape(String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (isSafe(c)) {
        out.append(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        appendUtf8(Character.toCodePoint(c, value.charAt(++i)));
      } else if (Character.isSurrogate(c)) {
        out.append("%u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      } else {
        appendUtf8(c);
      }
    }
  }

  private static boolean isSafe(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  private void appendUtf8(int codePoint) {
    if (codePoint < 0x80) {
      percent(codePoint);
    } else if (codePoint < 0x800) {
      percent(0xC0 | (codePoint >> 6));
      percent(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
      percent(0xE0 | (codePoint >> 12));
      percent(0x80 | ((codePoint >> 6) & 0x3F));
      percent(0x80 | (codePoint & 0x3F));
    } else {
      percent(0xF0 | (codePoint >> 18));
      percent(0x80 | ((codePoint >> 12) & 0x3F));
      percent(0x80 | ((codePoint >> 6) & 0x3F));
      percent(0x80 | (codePoint & 0x3F));
    }
  }

  private void percent(int octet) {
    out.append('%').append(HEX[(octet >> 4) & 0xF]).append(HEX[octet & 0xF]);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
