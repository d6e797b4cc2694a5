package dev.cachet.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * How one key value is written to a {@code KeyBuilder}: the proof, found by {@link KeyTypes}, that
 * a parameter type has a stable string form.
 */
sealed interface KeyShape {
  /**
   * A value {@code KeyBuilder.add} renders directly: primitives, boxes, strings, enums, ... A key
   * of scalars only is one string concatenation of their {@code KeyBuilder.text} (no builder).
   */
  record Scalar() implements KeyShape {}

  /** A list, an array or varargs ({@code set == false}), or a set, walked element by element. */
  record Sequence(TypeName elementType, KeyShape element, boolean set) implements KeyShape {}

  /** An {@code Optional} holding {@code element}. */
  record OptionalValue(KeyShape element) implements KeyShape {}

  /** A record, written component by component through its accessors, in declaration order. */
  record RecordValue(List<Component> components) implements KeyShape {
    public RecordValue {
      components = List.copyOf(components);
    }
  }

  /** One record component: its accessor name and shape. */
  record Component(String accessor, KeyShape shape) {}
}
