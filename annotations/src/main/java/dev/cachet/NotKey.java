package dev.cachet;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The parameter is passed to the delegate but takes no part in the cache key. */
@Target(PARAMETER)
@Retention(CLASS)
public @interface NotKey {}
