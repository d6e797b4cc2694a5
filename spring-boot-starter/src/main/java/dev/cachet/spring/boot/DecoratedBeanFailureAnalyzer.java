package dev.cachet.spring.boot;

import dev.cachet.runtime.CachetManifest;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because something injects a decorated bean by its class: the
 * bean is now its generated decorator, which implements the interface alone.
 */
final class DecoratedBeanFailureAnalyzer extends AbstractFailureAnalyzer<BeanNotOfRequiredTypeException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BeanNotOfRequiredTypeException cause) {
    Class<?> actual = cause.getActualType();
    CachetManifest manifest = manifestOfDecorator(actual);
    if (manifest == null) {
      return null;
    }
    String description =
        "The bean '" + cause.getBeanName() + "' is injected as "
            + cause.getRequiredType().getName() + ", but Cachet wrapped it in its generated decorator "
            + actual.getName() + ", which implements " + manifest.interfaceName() + " only.";
    String action =
        "Inject the bean as " + manifest.interfaceName()
            + " (the decorator caches its calls), or annotate the bean's class or @Bean method"
            + " with @dev.cachet.spring.boot.Undecorated to keep it unwrapped and uncached.";
    return new FailureAnalysis(description, action, cause);
  }

  private static CachetManifest manifestOfDecorator(Class<?> type) {
    for (CachetManifest manifest : CachetManifest.load(type.getClassLoader())) {
      if (manifest.decoratorName().equals(type.getName())) {
        return manifest;
      }
    }
    return null;
  }
}
