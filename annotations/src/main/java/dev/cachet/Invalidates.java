package dev.cachet;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Drops cached entries after the annotated method returns normally.
 *
 * <p>Without {@link #all()}, the entry dropped is the one whose key is built from this method's
 * parameters, matched by name and type to the key parameters of the {@link Cached} method that
 * declares the namespace. With {@code all = true}, every entry of the namespace is dropped.
 */
@Target(METHOD)
@Retention(CLASS)
@Repeatable(Invalidates.List.class)
public @interface Invalidates {
  /** The namespace, as declared by a {@link Cached} method of the same interface or a supertype. */
  String namespace();

  /** {@code true}: every entry of the namespace, in every process. */
  boolean all() default false;

  /** Holds repeated {@link Invalidates} annotations. */
  @Target(METHOD)
  @Retention(CLASS)
  @interface List {
    Invalidates[] value();
  }
}
