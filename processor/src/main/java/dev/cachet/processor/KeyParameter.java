package dev.cachet.processor;

import com.palantir.javapoet.TypeName;

/** A parameter that takes part in a key: its name, declared type and how it is written. */
record KeyParameter(String name, TypeName type, KeyShape shape) {}
