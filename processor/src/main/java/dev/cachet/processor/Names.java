package dev.cachet.processor;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/** Namespace rules, the lowerCamelCase key method names, and "did you mean" suggestions. */
final class Names {
  static final int MAX_NAMESPACE_LENGTH = 64;
  private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_.-]*");

  private Names() {}

  /** Why {@code namespace} is not acceptable, or {@code null} when it is. */
  static String namespaceProblem(String namespace) {
    if (namespace.isEmpty()) {
      return "is empty";
    }
    if (namespace.length() > MAX_NAMESPACE_LENGTH) {
      return "is " + namespace.length() + " characters long";
    }
    if (!NAMESPACE.matcher(namespace).matches()) {
      return "is not of the form [a-z][a-z0-9_.-]*";
    }
    String method = lowerCamel(namespace);
    if (!SourceVersion.isName(method)) {
      return "becomes the key method name '" + method + "', which is not a Java identifier";
    }
    return null;
  }

  /** {@code image_list} and {@code image.list} become {@code imageList}; {@code image} stays. */
  static String lowerCamel(String namespace) {
    StringBuilder out = new StringBuilder(namespace.length());
    boolean upperNext = false;
    for (int i = 0; i < namespace.length(); i++) {
      char c = namespace.charAt(i);
      if (c == '_' || c == '.' || c == '-') {
        upperNext = out.length() > 0;
      } else {
        out.append(upperNext ? Character.toUpperCase(c) : c);
        upperNext = false;
      }
    }
    return out.toString();
  }

  /** The candidate closest to {@code wanted} when it is close enough to be a typo, else null. */
  static String closest(String wanted, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance =
          distance(wanted.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(2, wanted.length() / 3);
    return bestDistance <= tolerance ? best : null;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
