package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;

/**
 * Sets, in code, what the {@code cachet.*} properties cannot: a serializer, allowed classes, a
 * clock, a transport of one's own. Every such bean is applied to the auto-configured {@link
 * Cachet.Builder}, in {@link org.springframework.core.annotation.Order @Order} (or {@link
 * org.springframework.core.Ordered}) order, after the properties and before {@code build()}, so
 * property binding is kept. An option a property already set cannot be set again: the startup
 * fails naming the property and the customizer.
 *
 * <pre>{@code
 * @Bean
 * CachetBuilderCustomizer allowMoney() {
 *   return builder -> builder.allowClasses(Money.class);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface CachetBuilderCustomizer {
  /** Sets options on {@code builder}, which holds the {@code cachet.*} properties already. */
  void customize(Cachet.Builder builder);
}
