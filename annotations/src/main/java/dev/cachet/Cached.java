package dev.cachet;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Caches the results of an interface method.
 *
 * <p>The processor generates {@code Caching<Interface>}, a decorator that builds a key from every
 * parameter not marked {@link NotKey}, answers hits from the cache and calls the delegate once on a
 * miss, and {@code <Interface>Keys}, whose static methods rebuild the same keys anywhere.
 */
@Target(METHOD)
@Retention(CLASS)
public @interface Cached {
  /** The namespace of the entries: lower case, {@code [a-z][a-z0-9_.-]*}, at most 64 characters. */
  String namespace();

  /** The region whose expiry and settings apply; every region must be defined on {@code Cachet}. */
  String region() default "default";
}
