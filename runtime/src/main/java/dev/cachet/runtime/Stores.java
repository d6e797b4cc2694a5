package dev.cachet.runtime;

import dev.cachet.runtime.spi.TransportProvider;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stores other artifacts bring (Redis, through {@link TransportProvider}), found for the
 * builder, and their addresses as messages may show them: without passwords.
 */
final class Stores {
  /** The artifact that brings the Redis store, named when it is missing. */
  static final String REDIS_ARTIFACT = "dev.cachet:cachet-redis";

  /** The user information of a URI: an optional user and a colon, then the password. */
  private static final Pattern USER_INFO = Pattern.compile("://(?:([^/@:\\s]*):)?[^/@\\s]*@");

  private Stores() {}

  /**
   * The provider of {@code kind} on the class path or module path, looked up through the context
   * class loader (which an application server or Spring Boot's launcher sets) and then through the
   * runtime's own.
   *
   * @param method the builder method asking, for the message when none is found
   * @throws IllegalStateException naming the artifact to add when none is found
   */
  static TransportProvider provider(String kind, String method) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (ClassLoader loader : new ClassLoader[] {context, Cachet.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      for (TransportProvider candidate : ServiceLoader.load(TransportProvider.class, loader)) {
        if (candidate.opens(kind)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        method + "(...) needs the Redis store: add the artifact " + REDIS_ARTIFACT
            + " (the same version as cachet-runtime) to the application's dependencies");
  }

  /**
   * {@code target} with the password of every {@code user:password@} (or {@code password@}, which
   * Redis URIs allow) replaced by {@code ***}, for messages and logs.
   */
  static String withoutPassword(String target) {
    Matcher userInfo = USER_INFO.matcher(target);
    StringBuilder masked = new StringBuilder();
    while (userInfo.find()) {
      String user = userInfo.group(1) == null ? "" : userInfo.group(1) + ":";
      userInfo.appendReplacement(masked, Matcher.quoteReplacement("://" + user + "***@"));
    }
    userInfo.appendTail(masked);
    return masked.toString();
  }
}
