package dev.cachet.consistency;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} and {@code --flag}. Every option must be
 * read: {@link #requireAllUsed()} refuses the ones nobody asked for, so a misspelled option fails
 * the run instead of silently running the default.
 */
final class Arguments {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> used = new HashSet<>();

  private Arguments() {}

  /**
   * Parses {@code args}; {@code flags} names the options that take no value.
   *
   * @throws IllegalArgumentException for a word that is not an option, or an option without its value
   */
  static Arguments parse(String[] args, Set<String> flags) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < args.length; i++) {
      String word = args[i];
      if (word.isBlank()) {
        continue;
      }
      if (!word.startsWith("--")) {
        throw new IllegalArgumentException("expected an option (--name), got: " + word);
      }
      String name = word.substring(2);
      if (flags.contains(name)) {
        parsed.values.put(name, "true");
      } else if (i + 1 < args.length) {
        parsed.values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
    return parsed;
  }

  String text(String name, String fallback) {
    used.add(name);
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    used.add(name);
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing option --" + name);
    }
    return value;
  }

  long number(String name, long fallback) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " takes a whole number: " + value);
    }
  }

  int count(String name, int fallback, int min, int max) {
    long value = number(name, fallback);
    if (value < min || value > max) {
      throw new IllegalArgumentException("--" + name + " must be " + min + " to " + max + ": " + value);
    }
    return (int) value;
  }

  boolean flag(String name) {
    used.add(name);
    return values.containsKey(name);
  }

  void requireAllUsed() {
    Set<String> unknown = new HashSet<>(values.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", unknown));
    }
  }
}
