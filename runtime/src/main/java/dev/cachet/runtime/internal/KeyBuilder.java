package dev.cachet.runtime.internal;

import dev.cachet.runtime.CacheKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds {@link CacheKey}s; called by the generated {@code <Interface>Keys} classes.
 *
 * <p>The encoding is injective for a fixed parameter list and every key is a valid memcached key:
 *
 * <pre>
 *   key      = namespace "/" fingerprint *( ":" value )
 *   value    = "~"                        null
 *            | "''"                       the empty string
 *            | escaped                    a string, or the canonical text of a scalar
 *            | "[" [ value *( "," value ) ] "]"   a list or an array, in order
 *            | "{" [ value *( "," value ) ] "}"   a set, elements sorted by their encoding
 *            | "(" [ value *( "," value ) ] ")"   a record, components in declaration order
 *            | "!" | "?" value            an empty or a present Optional
 * </pre>
 *
 * <p>{@code escaped} keeps {@code [A-Za-z0-9_.-]} and writes every other character as the
 * {@code %XX} escapes of its UTF-8 bytes (an unpaired surrogate as {@code %uXXXX}), so no
 * structural character, space or control character can appear inside a value. Keys longer than
 * {@value #MAX_KEY_LENGTH} characters keep a readable prefix and end in {@code #} and the
 * URL-safe Base64 SHA-256 of the whole encoding; {@code #} never appears in a short key.
 *
 * <p>Scalars are rendered by their canonical text: decimal integers, {@link Double#toString},
 * {@code true}/{@code false}, enum constants by {@link Enum#name()}, and {@code toString()} for
 * {@code UUID}, {@code BigDecimal}, {@code BigInteger} and the {@code java.time} values, whose
 * string forms are equal exactly when the values are equal. Not thread-safe: one builder per key.
 *
 * <p>A key whose parameters are all scalars is generated without a builder, as one string
 * concatenation passed to {@link #key(String, String)}: the prefix {@code namespace "/" fingerprint},
 * then {@code ":"} and each value, a {@code String}, {@code char}, enum or object as
 * {@link #text(String)}, {@link #text(char)}, {@link #text(Enum)} or {@link #text(Object)}, and a
 * {@code byte}, {@code short}, {@code int}, {@code long}, {@code float}, {@code double} or
 * {@code boolean} as Java's string conversion renders it (the same text as {@code add}, never
 * escaped). These statics are a seam with generated code, like {@code add}: the key they give is
 * the one the builder gives, character for character.
 */
public final class KeyBuilder {
  /** The longest key built; memcached allows 250 bytes and suffixes such as {@code /lock} need room. */
  public static final int MAX_KEY_LENGTH = 200;

  private static final int DIGEST_LENGTH = 43;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** {@code SAFE[c]}: ASCII {@code c} is kept as is, {@code [A-Za-z0-9_.-]}. */
  private static final boolean[] SAFE = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      SAFE[c] = true;
      SAFE[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      SAFE[c] = true;
    }
    SAFE['_'] = true;
    SAFE['.'] = true;
    SAFE['-'] = true;
  }

  private final String namespace;
  private final StringBuilder out;
  private ArrayList<Frame> frames;

  private KeyBuilder(String namespace, String fingerprint) {
    this.namespace = namespace;
    this.out = new StringBuilder(namespace.length() + fingerprint.length() + 80);
    out.append(namespace).append('/').append(fingerprint);
  }

  /**
   * Starts a key. {@code namespace} is checked by the processor ({@code [a-z][a-z0-9_.-]*});
   * {@code fingerprint} is the hex digest of the cached type's shape.
   */
  public static KeyBuilder of(String namespace, String fingerprint) {
    return new KeyBuilder(namespace, fingerprint);
  }

  /** A string, or {@code null}. */
  public KeyBuilder add(String value) {
    beginValue();
    out.append(text(value));
    return this;
  }

  /** A {@code byte}, {@code short}, {@code int} or {@code long}. */
  public KeyBuilder add(long value) {
    beginValue();
    out.append(value);
    return this;
  }

  public KeyBuilder add(float value) {
    beginValue();
    out.append(value);
    return this;
  }

  public KeyBuilder add(double value) {
    beginValue();
    out.append(value);
    return this;
  }

  public KeyBuilder add(boolean value) {
    beginValue();
    out.append(value);
    return this;
  }

  public KeyBuilder add(char value) {
    beginValue();
    out.append(text(value));
    return this;
  }

  /** An enum constant by its name, or {@code null}. */
  public KeyBuilder add(Enum<?> value) {
    return add(value == null ? null : value.name());
  }

  /**
   * A value whose {@code toString()} is canonical (equal text exactly for equal values): a box,
   * {@code UUID}, {@code BigDecimal}, {@code BigInteger} or a {@code java.time} value; or
   * {@code null}. The processor only passes such types.
   */
  public KeyBuilder add(Object value) {
    return add(value == null ? null : value.toString());
  }

  /**
   * Starts a list or an array. Returns {@code false} after writing {@code null} when {@code list}
   * is null; otherwise add each element and call {@link #endList()}.
   */
  public boolean beginList(Object list) {
    return begin(list, '[', ']', false);
  }

  public KeyBuilder endList() {
    return end(']');
  }

  /**
   * Starts a set. Returns {@code false} after writing {@code null} when {@code set} is null;
   * otherwise add each element in any order and call {@link #endSet()}, which sorts them.
   */
  public boolean beginSet(Object set) {
    return begin(set, '{', '}', true);
  }

  public KeyBuilder endSet() {
    Frame frame = frames.get(frames.size() - 1);
    if (frame.count > 1) {
      String[] elements = new String[frame.count];
      for (int i = 0; i < frame.count; i++) {
        int start = frame.elementStarts[i];
        int endExclusive = i + 1 < frame.count ? frame.elementStarts[i + 1] - 1 : out.length();
        elements[i] = out.substring(start, endExclusive);
      }
      Arrays.sort(elements);
      out.setLength(frame.elementStarts[0]);
      out.append(String.join(",", elements));
    }
    return end('}');
  }

  /**
   * Starts a record. Returns {@code false} after writing {@code null} when {@code record} is null;
   * otherwise add each component and call {@link #endRecord()}.
   */
  public boolean beginRecord(Object record) {
    return begin(record, '(', ')', false);
  }

  public KeyBuilder endRecord() {
    return end(')');
  }

  /**
   * Starts an {@code Optional}. Returns {@code true} when it is present: add its value, then call
   * {@link #endOptional()}. Returns {@code false} after writing null or empty.
   */
  public boolean beginOptional(Optional<?> optional) {
    beginValue();
    if (optional == null) {
      out.append('~');
      return false;
    }
    if (optional.isEmpty()) {
      out.append('!');
      return false;
    }
    out.append('?');
    push(new Frame((char) 0, false));
    return true;
  }

  public KeyBuilder endOptional() {
    return end((char) 0);
  }

  /** The key: the encoding when it fits, otherwise a readable prefix and a digest. */
  public CacheKey build() {
    if (frames != null && !frames.isEmpty()) {
      throw new IllegalStateException("unclosed " + frames.get(frames.size() - 1).closer);
    }
    return key(namespace, out.toString());
  }

  /**
   * The key of {@code namespace} whose full encoding is {@code encoded} ({@code namespace "/"
   * fingerprint *( ":" value )}, as {@link #build()} writes it): {@code encoded} itself when it
   * fits, otherwise a readable prefix and a digest. Called by generated code that concatenates the
   * encoding of scalar parameters itself.
   */
  public static CacheKey key(String namespace, String encoded) {
    if (encoded.length() <= MAX_KEY_LENGTH) {
      return CacheKey.of(namespace, encoded);
    }
    byte[] digest = sha256().digest(encoded.getBytes(StandardCharsets.US_ASCII));
    String suffix = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    String prefix = encoded.substring(0, MAX_KEY_LENGTH - 1 - DIGEST_LENGTH);
    return CacheKey.of(namespace, prefix + '#' + suffix);
  }

  /**
   * The encoded value of a string, as {@link #add(String)} writes it: {@code ~} for null,
   * {@code ''} for empty, else the escaped form; {@code value} itself, not a copy, when every
   * character is safe.
   */
  public static String text(String value) {
    if (value == null) {
      return "~";
    }
    int length = value.length();
    if (length == 0) {
      return "''";
    }
    for (int i = 0; i < length; i++) {
      if (!isSafe(value.charAt(i))) {
        return escaped(value, i);
      }
    }
    return value;
  }

  /** The encoded value of a {@code char}, as {@link #add(char)} writes it. */
  public static String text(char value) {
    return text(String.valueOf(value));
  }

  /** The encoded value of an enum constant or null, as {@link #add(Enum)} writes it. */
  public static String text(Enum<?> value) {
    return text(value == null ? null : value.name());
  }

  /**
   * The encoded value of a box, {@code UUID}, {@code BigDecimal}, {@code BigInteger} or
   * {@code java.time} value, or null, as {@link #add(Object)} writes it.
   */
  public static String text(Object value) {
    if (value instanceof UUID) {
      // A final class whose text is hex digits and '-' only: 36 safe characters not worth a scan.
      return value.toString();
    }
    return text(value == null ? null : value.toString());
  }

  private boolean begin(Object container, char opener, char closer, boolean sorted) {
    beginValue();
    if (container == null) {
      out.append('~');
      return false;
    }
    out.append(opener);
    push(new Frame(closer, sorted));
    return true;
  }

  private KeyBuilder end(char closer) {
    Frame frame = frames.remove(frames.size() - 1);
    if (frame.closer != closer) {
      throw new IllegalStateException("expected end of " + frame.closer + ", got " + closer);
    }
    if (closer != 0) {
      out.append(closer);
    }
    return this;
  }

  private void push(Frame frame) {
    if (frames == null) {
      frames = new ArrayList<>(4);
    }
    frames.add(frame);
  }

  /** Writes the separator before a value and records where a set element starts. */
  private void beginValue() {
    if (frames == null || frames.isEmpty()) {
      out.append(':');
      return;
    }
    Frame frame = frames.get(frames.size() - 1);
    if (frame.closer == 0 && frame.count > 0) {
      throw new IllegalStateException("an Optional holds one value");
    }
    if (frame.count > 0) {
      out.append(',');
    }
    frame.elementStarted(out.length());
  }

  /**
   * {@code value} escaped, given that its characters before {@code firstUnsafe} are safe. Works on
   * a copy of its chars and writes one array of the exact length: a {@code StringBuilder} copied
   * the safe runs a character at a time and was most of the cost of a key with a timestamp.
   */
  private static String escaped(String value, int firstUnsafe) {
    char[] chars = value.toCharArray();
    int length = firstUnsafe;
    for (int i = firstUnsafe; i < chars.length; i++) {
      char c = chars[i];
      if (isSafe(c)) {
        length++;
      } else if (isSurrogatePair(chars, i)) {
        length += 12;
        i++;
      } else if (Character.isSurrogate(c)) {
        length += 6;
      } else {
        length += 3 * utf8Length(c);
      }
    }
    char[] out = new char[length];
    System.arraycopy(chars, 0, out, 0, firstUnsafe);
    int at = firstUnsafe;
    for (int i = firstUnsafe; i < chars.length; i++) {
      char c = chars[i];
      if (isSafe(c)) {
        out[at++] = c;
      } else if (isSurrogatePair(chars, i)) {
        at = utf8(out, at, Character.toCodePoint(c, chars[++i]));
      } else if (Character.isSurrogate(c)) {
        out[at++] = '%';
        out[at++] = 'u';
        out[at++] = HEX[(c >> 12) & 0xF];
        out[at++] = HEX[(c >> 8) & 0xF];
        out[at++] = HEX[(c >> 4) & 0xF];
        out[at++] = HEX[c & 0xF];
      } else {
        at = utf8(out, at, c);
      }
    }
    return new String(out);
  }

  private static boolean isSafe(char c) {
    return c < SAFE.length && SAFE[c];
  }

  private static boolean isSurrogatePair(char[] chars, int i) {
    return Character.isHighSurrogate(chars[i])
        && i + 1 < chars.length
        && Character.isLowSurrogate(chars[i + 1]);
  }

  /** The UTF-8 length of a character that is not a surrogate. */
  private static int utf8Length(char c) {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }

  /** Writes the {@code %XX} escapes of {@code codePoint}'s UTF-8 bytes at {@code at}; the new end. */
  private static int utf8(char[] out, int at, int codePoint) {
    if (codePoint < 0x80) {
      return percent(out, at, codePoint);
    }
    if (codePoint < 0x800) {
      at = percent(out, at, 0xC0 | (codePoint >> 6));
      return percent(out, at, 0x80 | (codePoint & 0x3F));
    }
    if (codePoint < 0x10000) {
      at = percent(out, at, 0xE0 | (codePoint >> 12));
      at = percent(out, at, 0x80 | ((codePoint >> 6) & 0x3F));
      return percent(out, at, 0x80 | (codePoint & 0x3F));
    }
    at = percent(out, at, 0xF0 | (codePoint >> 18));
    at = percent(out, at, 0x80 | ((codePoint >> 12) & 0x3F));
    at = percent(out, at, 0x80 | ((codePoint >> 6) & 0x3F));
    return percent(out, at, 0x80 | (codePoint & 0x3F));
  }

  private static int percent(char[] out, int at, int octet) {
    out[at] = '%';
    out[at + 1] = HEX[(octet >> 4) & 0xF];
    out[at + 2] = HEX[octet & 0xF];
    return at + 3;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** One open list, set, record or optional; {@code closer} 0 marks an optional. */
  private static final class Frame {
    final char closer;
    final boolean sorted;
    int count;
    int[] elementStarts;

    Frame(char closer, boolean sorted) {
      this.closer = closer;
      this.sorted = sorted;
    }

    void elementStarted(int offset) {
      if (sorted) {
        if (elementStarts == null) {
          elementStarts = new int[8];
        } else if (count == elementStarts.length) {
          elementStarts = Arrays.copyOf(elementStarts, count * 2);
        }
        elementStarts[count] = offset;
      }
      count++;
    }
  }
}
