package dev.cachet.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps the starter from wrapping a bean in its interface's generated decorator: put it on the
 * bean's class or on its {@code @Bean} method. Use it for a bean that must stay uncached, or one
 * you wrap yourself.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Undecorated {}
