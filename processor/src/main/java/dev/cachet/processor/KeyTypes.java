package dev.cachet.processor;

import com.palantir.javapoet.TypeName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * Proves that a key parameter type has a stable string form, the same in every JVM, and finds the
 * {@link KeyShape} that writes it; or says what in the type has none.
 */
final class KeyTypes {
  /** Types whose {@code KeyBuilder.add} rendering is equal exactly when the values are equal. */
  private static final Set<String> SCALARS =
      Set.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Character",
          "java.util.UUID",
          "java.math.BigDecimal",
          "java.math.BigInteger",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZonedDateTime",
          "java.time.Duration",
          "java.time.Period",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneOffset",
          "java.time.ZoneId");

  // Not Collection: its iteration order (a HashSet of enums) can differ between processes.
  private static final Set<String> LISTS = Set.of("java.util.List");
  private static final Set<String> SETS =
      Set.of("java.util.Set", "java.util.SortedSet", "java.util.NavigableSet");

  /** A shape, or the reason there is none ({@code ""} when the type itself is the reason). */
  record Result(KeyShape shape, String problem) {
    static Result of(KeyShape shape) {
      return new Result(shape, null);
    }

    static Result unsupported() {
      return new Result(null, "");
    }

    static Result because(String problem) {
      return new Result(null, problem);
    }

    boolean isStable() {
      return shape != null;
    }
  }

  private final Types types;

  KeyTypes(Types types) {
    this.types = types;
  }

  Result analyse(TypeMirror type) {
    return analyse(type, new ArrayDeque<>());
  }

  private Result analyse(TypeMirror type, Deque<String> openRecords) {
    if (type.getKind().isPrimitive()) {
      return Result.of(new KeyShape.Scalar());
    }
    if (type.getKind() == TypeKind.ARRAY) {
      TypeMirror component = ((ArrayType) type).getComponentType();
      return sequence(component, false, openRecords);
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return Result.unsupported();
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (SCALARS.contains(name) || element.getKind() == ElementKind.ENUM) {
      return Result.of(new KeyShape.Scalar());
    }
    if (name.equals("java.util.Optional")) {
      if (declared.getTypeArguments().isEmpty()) {
        return Result.because(": a raw Optional has no element type");
      }
      TypeMirror value = upperBound(declared.getTypeArguments().get(0));
      Result inner = analyse(value, openRecords);
      if (!inner.isStable()) {
        return nested(inner, "its value", value);
      }
      return Result.of(new KeyShape.OptionalValue(inner.shape()));
    }
    if (LISTS.contains(name) || SETS.contains(name)) {
      if (declared.getTypeArguments().isEmpty()) {
        return Result.because(": a raw " + element.getSimpleName() + " has no element type");
      }
      return sequence(
          upperBound(declared.getTypeArguments().get(0)), SETS.contains(name), openRecords);
    }
    if (element.getKind() == ElementKind.RECORD) {
      return record(declared, element, openRecords);
    }
    return Result.unsupported();
  }

  private Result sequence(TypeMirror elementType, boolean set, Deque<String> openRecords) {
    Result inner = analyse(elementType, openRecords);
    if (!inner.isStable()) {
      return nested(inner, "its elements", elementType);
    }
    return Result.of(new KeyShape.Sequence(TypeName.get(elementType), inner.shape(), set));
  }

  private Result record(DeclaredType type, TypeElement element, Deque<String> openRecords) {
    String name = element.getQualifiedName().toString();
    if (openRecords.contains(name)) {
      return Result.because(": record " + name + " refers to itself, so its key could be endless");
    }
    openRecords.push(name);
    try {
      List<KeyShape.Component> components = new ArrayList<>();
      for (RecordComponentElement component : element.getRecordComponents()) {
        ExecutableElement accessor = component.getAccessor();
        TypeMirror componentType =
            ((ExecutableType) types.asMemberOf(type, accessor)).getReturnType();
        Result inner = analyse(componentType, openRecords);
        if (!inner.isStable()) {
          return nested(
              inner, "its component '" + component.getSimpleName() + "'", componentType);
        }
        components.add(
            new KeyShape.Component(accessor.getSimpleName().toString(), inner.shape()));
      }
      return Result.of(new KeyShape.RecordValue(components));
    } finally {
      openRecords.pop();
    }
  }

  /** Keeps the deepest reason; names the part of the type that has no stable form. */
  private static Result nested(Result inner, String part, TypeMirror partType) {
    if (!inner.problem().isEmpty()) {
      return inner;
    }
    String verb = part.equals("its elements") ? "have" : "has";
    return Result.because(": " + part + " (" + partType + ") " + verb + " none");
  }

  private static TypeMirror upperBound(TypeMirror type) {
    if (type instanceof WildcardType wildcard && wildcard.getExtendsBound() != null) {
      return wildcard.getExtendsBound();
    }
    return type;
  }
}
