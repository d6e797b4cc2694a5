package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * A {@code cachet.*} value Spring cannot convert to its type ({@code compression=brotli},
 * {@code expire=soon}) fails the startup with a message in the words of the builder's own
 * refusals: {@code Cachet properties: <property>="<value>" (from <origin>): <why>}, the codecs
 * listed for a compression. Other properties fail as Spring has them fail.
 */
final class CachetBindFailures implements ConfigurationPropertiesBindHandlerAdvisor {
  private static final ConfigurationPropertyName CACHET = ConfigurationPropertyName.of("cachet");

  @Override
  public BindHandler apply(BindHandler bindHandler) {
    return new AbstractBindHandler(bindHandler) {
      @Override
      public Object onFailure(
          ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error)
          throws Exception {
        ConfigurationProperty property = context.getConfigurationProperty();
        if (property == null || !CACHET.isAncestorOf(name)) {
          return super.onFailure(name, target, context, error);
        }
        StringBuilder message = new StringBuilder("Cachet properties: ").append(name);
        if (!name.toString().equals("cachet.password") && !name.toString().equals("cachet.signing-key")) {
          message.append("=\"").append(property.getValue()).append('"');
        }
        if (property.getOrigin() != null) {
          message.append(" (from ").append(property.getOrigin()).append(')');
        }
        message.append(": ").append(reason(target, property, error));
        // No cause, so that the root cause of the startup failure is this message; Spring's own
        // is kept as suppressed.
        IllegalArgumentException failure = new IllegalArgumentException(message.toString());
        failure.addSuppressed(error);
        throw failure;
      }
    };
  }

  private static String reason(Bindable<?> target, ConfigurationProperty property, Exception error) {
    if (target.getType().resolve() == Cachet.Codec.class) {
      try {
        Cachet.Codec.named(String.valueOf(property.getValue()));
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return "not a " + target.getType().resolve(Object.class).getSimpleName() + " (" + cause.getMessage() + ")";
  }
}
