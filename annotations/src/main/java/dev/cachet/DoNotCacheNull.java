package dev.cachet;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * On a {@link Cached} method: a {@code null} result, an empty {@code Optional}, or a future
 * completed with {@code null} is returned to the caller but not stored, so the next call asks the
 * delegate again. Without it, such results are cached like any other (negative caching).
 */
@Target(METHOD)
@Retention(CLASS)
public @interface DoNotCacheNull {}
