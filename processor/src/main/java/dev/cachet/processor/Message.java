package dev.cachet.processor;

import java.util.Locale;

/**
 * Every message the processor prints, in one place so they can be read as a list. Each starts
 * with a stable id in brackets that tests, docs and users can search for; each says what is wrong
 * and how to fix it.
 */
enum Message {
  NOT_ON_INTERFACE(
      "CachetNotInterface",
      "@%s is on %s.%s(), a method of %s; only interface methods are decorated: put the"
          + " annotation on the method of the interface it implements"),
  NOT_INSTANCE_METHOD(
      "CachetStaticMethod",
      "@%s is on %s method %s(); only abstract or default interface methods are decorated:"
          + " remove the annotation or make the method an instance method"),
  INTERFACE_NOT_ACCESSIBLE(
      "CachetInterfaceAccess",
      "interface %s is private; the generated decorator cannot implement it: make it package-private"
          + " or public"),
  VOID_CACHED(
      "CachetVoidMethod",
      "@Cached is on %s(), which returns void, so there is nothing to cache: remove @Cached, or"
          + " use @Invalidates if the method changes cached data"),
  CACHED_AND_INVALIDATES(
      "CachetCachedAndInvalidates",
      "%s() has both @Cached and @Invalidates; a method either reads through the cache or drops"
          + " entries: split it into two methods"),
  KEY_TYPE(
      "CachetKeyType",
      "parameter '%s' (%s) has no stable key form%s; make it a record of key-safe fields, or mark"
          + " it @NotKey"),
  NAMESPACE_FORMAT(
      "CachetNamespace",
      "namespace \"%s\" %s; use lower case letters, digits, '_', '.' and '-', starting with a"
          + " letter, at most 64 characters (e.g. \"image_list\")"),
  NAMESPACE_COLLISION(
      "CachetNamespaceCollision",
      "namespaces \"%s\" and \"%s\" both become the key method %s(); rename one of them"),
  KEY_SIGNATURE(
      "CachetKeySignature",
      "namespace \"%s\" has the key (%s) here but (%s) in %s(); one namespace has one key: use the"
          + " same key parameters (names and types) or another namespace"),
  CACHED_TYPE(
      "CachetCachedType",
      "namespace \"%s\" caches %s here but %s in %s(); one namespace holds one type: use another"
          + " namespace"),
  UNKNOWN_NAMESPACE(
      "CachetUnknownNamespace",
      "@Invalidates names namespace \"%s\", which no @Cached method of %s or its supertypes"
          + " declares%s"),
  INVALIDATES_PARAMETER(
      "CachetInvalidatesParameter",
      "@Invalidates(namespace = \"%s\") on %s() lacks parameter '%s' (%s) of the namespace's key%s;"
          + " add it, or use all = true"),
  UNSTORABLE_TYPE(
      "CachetUnstorableType",
      "%s() returns a value that cannot be stored: %s holds an OS resource, a thread or a lock;"
          + " make the field transient or cache a type without it"),
  UNRESOLVED_TYPE(
      "CachetUnresolvedType",
      "no decorator generated for %s: type %s is still unresolved after the last round; fix the"
          + " reference, or the processor that should generate it"),
  WRITE_FAILED("CachetWriteFailed", "could not write %s for %s: %s"),
  PROCESSOR_BUG(
      "CachetInternalError",
      "the Cachet processor failed on %s; this is a bug in Cachet, please report it with this"
          + " stack trace:%n%s");

  private final String id;
  private final String template;

  Message(String id, String template) {
    this.id = id;
    this.template = template;
  }

  /** The stable id, e.g. {@code CachetKeyType}. */
  String id() {
    return id;
  }

  /** {@code [Id] text}, the template filled with {@code arguments}. */
  String format(Object... arguments) {
    return "[" + id + "] " + String.format(Locale.ROOT, template, arguments);
  }

  /** The suffix {@code ; did you mean "x"?}, or nothing when there is no close candidate. */
  static String didYouMean(String suggestion) {
    return suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?";
  }

  /** The suffix {@code ; did you mean 'x'?} for a parameter name. */
  static String didYouMeanParameter(String suggestion) {
    return suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
  }
}
