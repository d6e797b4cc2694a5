package dev.cachet.spring.boot;

import dev.cachet.spring.boot.CachetConfigurationException.Problem;
import dev.cachet.spring.boot.CachetConfigurationException.Written;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Lays out the {@code cachet.*} properties that stopped the startup, every one, as Spring Boot's
 * own analysis of a property it cannot bind does: property, value, origin, reason.
 */
final class CachetConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<CachetConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CachetConfigurationException cause) {
    StringBuilder description = new StringBuilder();
    int count = cause.problems().size();
    description.append("Cachet could not be configured: ").append(count)
        .append(count == 1 ? " problem" : " problems").append(System.lineSeparator());
    for (Problem problem : cause.problems()) {
      description.append(System.lineSeparator());
      for (Written property : problem.properties()) {
        description.append("    Property: ").append(property.name()).append(System.lineSeparator());
        if (property.value() != null) {
          description.append("    Value: \"").append(property.value()).append('"').append(System.lineSeparator());
        }
        if (property.origin() != null) {
          description.append("    Origin: ").append(property.origin()).append(System.lineSeparator());
        }
      }
      description.append("    Reason: ").append(problem.reason()).append(System.lineSeparator());
    }
    String action =
        "Update your application's configuration: each reason says what its property takes"
            + " (the configuration metadata documents every cachet.* property and its default)."
            + " Set an option in one place: a property, or a CachetBuilderCustomizer bean.";
    return new FailureAnalysis(description.toString(), action, cause);
  }
}
