package dev.cachet.spring.boot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code cachet.*} properties the starter could not hand to {@code Cachet.Builder}, every one
 * at once, each named as the user wrote it, with its value (unless it is a secret) and where it
 * came from. {@link CachetConfigurationFailureAnalyzer} lays them out at startup.
 */
final class CachetConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: the message holds the same text. */
  private final transient List<Problem> problems;

  CachetConfigurationException(List<Problem> problems) {
    super(
        "Cachet properties: "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  List<Problem> problems() {
    return problems;
  }

  /**
   * One property as the user wrote it: its name as in its source ({@code cachet.operationTimeout},
   * {@code CACHET_OPERATIONTIMEOUT}) or, where the source does not say, the documented name; the
   * value as written, {@code null} for a secret or when unknown; where it came from ({@code class
   * path resource [application.properties] - 3:27}), {@code null} when unknown.
   */
  record Written(String name, String value, String origin) {
    @Override
    public String toString() {
      return name + (value != null ? "=" + value : "") + (origin != null ? " (" + origin + ")" : "");
    }
  }

  /** What is wrong, and the properties it is about (none when the reason names them itself). */
  record Problem(List<Written> properties, String reason) {
    @Override
    public String toString() {
      return properties.isEmpty()
          ? reason
          : properties.stream().map(Written::toString).collect(Collectors.joining(", "))
              + ": "
              + reason;
    }
  }
}
