package dev.cachet.runtime;

import dev.cachet.runtime.internal.KeyBuilder;
import java.util.Objects;

/**
 * The key of one cache entry: its namespace and the memcached key it is stored under.
 *
 * <p>Built by the generated {@code <Interface>Keys} classes through {@link
 * dev.cachet.runtime.internal.KeyBuilder}; equal arguments give equal keys in every JVM. {@link
 * #toString()} is the stored key, readable when the arguments are short and safe ({@code
 * image/1f3a9c2e:alice}). A key known only as text (printed by a tool, read from a log) is turned
 * back into one by {@link #of(String, String)}, which checks it.
 *
 * <p><b>Namespaces.</b> Every namespace the library creates is 1 to {@value
 * #MAX_NAMESPACE_LENGTH} characters of {@code [A-Za-z0-9_.-]} ({@link #isNamespace}): a
 * {@code @Cached} namespace is the stricter {@code [a-z][a-z0-9_.-]*} (the processor also needs
 * its lowerCamelCase name to be a Java identifier), and a Spring cache of the starter's {@code
 * CachetCacheManager} is named as the cache, upper case included ({@code Books}). Tools accept the
 * whole grammar, so every namespace either one creates is one they can address.
 */
public final class CacheKey {
  /** The longest namespace: 64 characters. */
  public static final int MAX_NAMESPACE_LENGTH = 64;

  /** The longest key {@link #of} accepts: the longest {@code KeyBuilder} builds. */
  public static final int MAX_KEY_LENGTH = KeyBuilder.MAX_KEY_LENGTH;

  private final String namespace;
  private final String key;

  private CacheKey(String namespace, String key) {
    this.namespace = namespace;
    this.key = key;
  }

  /**
   * The key {@code key} of {@code namespace}, checked: the way back from a key's text (as {@link
   * #key()} printed it) to the key, for keys that come from outside the program ({@code cachet-cli
   * invalidate KEY}). Equal to the key the generated keys method built, when {@code key} is its
   * text.
   *
   * @throws IllegalArgumentException naming what is wrong: {@code namespace} is not a namespace
   *     ({@link #requireNamespace}); {@code key} does not start with {@code <namespace>/}, is
   *     longer than {@value #MAX_KEY_LENGTH} characters, holds a character that is not printable
   *     ASCII (a space, a control character). Every key a generated keys method builds passes, as
   *     it is made of these rules; which kind of key Cachet's own bookkeeping keys are is not
   *     checked here (a tool taking keys from a person checks it: {@code cachet-cli invalidate})
   */
  public static CacheKey of(String namespace, String key) {
    requireNamespace(namespace);
    Objects.requireNonNull(key, "key");
    if (!key.startsWith(namespace)
        || key.length() == namespace.length()
        || key.charAt(namespace.length()) != '/') {
      throw new IllegalArgumentException(
          "key \"" + printable(key) + "\" is not of namespace " + namespace + ": keys of "
              + namespace + " start with \"" + namespace + "/\"");
    }
    if (key.length() == namespace.length() + 1) {
      throw new IllegalArgumentException(
          "key \"" + key + "\" is only its namespace: an entry key continues after the '/'");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "key of " + key.length() + " characters is longer than " + MAX_KEY_LENGTH
              + ", the longest Cachet builds (longer encodings end in a digest): \""
              + printable(key.substring(0, 40)) + "...\"");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "key \"" + printable(key) + "\" holds " + describe(c) + " at index " + i
                + ": a memcached key is printable ASCII without spaces");
      }
    }
    return new CacheKey(namespace, key);
  }

  /**
   * The key of {@code namespace} whose whole text is {@code encoding} ({@code namespace "/" ...},
   * its values written with {@link #escape}): {@code encoding} itself when it has at most {@value
   * #MAX_KEY_LENGTH} characters, else its first characters and a digest of the whole, as generated
   * keys are shortened. For adapters with a key grammar of their own, such as the Spring starter's
   * keys of Spring caches.
   *
   * @throws IllegalArgumentException as {@link #of} does, for an encoding that fits
   */
  public static CacheKey ofEncoding(String namespace, String encoding) {
    // KeyBuilder.key ends in of(), which checks the namespace and the key it gives.
    return KeyBuilder.key(namespace, Objects.requireNonNull(encoding, "encoding"));
  }

  /**
   * {@code text} as a value of a key, escaped as generated keys escape strings: {@code [A-Za-z0-9_.-]}
   * kept, every other character as the {@code %XX} escapes of its UTF-8 bytes, {@code ''} for the
   * empty string and {@code ~} for {@code null}; so no structural character ({@code : , ( ) [ ] {
   * } ~ = !}), space or control character can appear in it.
   */
  public static String escape(String text) {
    return KeyBuilder.text(text);
  }

  /**
   * Whether {@code name} is a namespace: 1 to {@value #MAX_NAMESPACE_LENGTH} characters of
   * {@code [A-Za-z0-9_.-]}. The one grammar tools check names against; the class documentation
   * says which namespaces within it {@code @Cached} and Spring caches make.
   */
  public static boolean isNamespace(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAMESPACE_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code name}, when it is a namespace ({@link #isNamespace}).
   *
   * @throws IllegalArgumentException saying why not
   */
  public static String requireNamespace(String name) {
    Objects.requireNonNull(name, "namespace");
    if (!isNamespace(name)) {
      throw new IllegalArgumentException(
          "\"" + printable(name) + "\" is not a namespace: 1 to " + MAX_NAMESPACE_LENGTH
              + " characters of [A-Za-z0-9_.-], e.g. image_list"
              + (name.length() > MAX_NAMESPACE_LENGTH ? " (it has " + name.length() + ")" : ""));
    }
    return name;
  }

  /** The namespace this key belongs to, as declared by {@code @Cached}. */
  public String namespace() {
    return namespace;
  }

  /** The memcached key: at most {@value #MAX_KEY_LENGTH} ASCII characters, no spaces. */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CacheKey that && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return key;
  }

  private static String describe(char c) {
    if (c == ' ') {
      return "a space";
    }
    return String.format(
        c < ' ' || c == 0x7f ? "the control character U+%04X" : "the non-ASCII character U+%04X", (int) c);
  }

  /** {@code text} with control characters written as {@code \\uXXXX}, for a message. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < ' ' || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
