package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;

/**
 * Sets on the auto-configured {@link Cachet.Builder} what properties cannot say: a serializer,
 * allowed classes, a clock, a transport of your own. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order @Order} / {@link org.springframework.core.Ordered
 * Ordered} order, after the {@code cachet.*} properties and before {@link Cachet.Builder#build()},
 * so the application keeps its property binding:
 *
 * <pre>{@code
 * @Bean
 * CachetBuilderCustomizer thumbnails() {
 *   return builder -> builder.allowClasses(Thumbnail.class);
 * }
 * }</pre>
 *
 * <p>The builder refuses to set an option twice: a customizer that sets what a property already
 * set (an operation timeout, a transport while {@code cachet.servers} is set) fails the startup
 * with a message naming the property and saying that a customizer set it too. A {@code Cachet}
 * bean of the application's own replaces the auto-configured one, and no customizer is applied.
 */
@FunctionalInterface
public interface CachetBuilderCustomizer {
  /** Adds to {@code builder}, which already holds the {@code cachet.*} properties. */
  void customize(Cachet.Builder builder);
}
