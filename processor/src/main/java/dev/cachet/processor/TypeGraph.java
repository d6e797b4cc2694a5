package dev.cachet.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * The object graph of a stored type as a serializer sees it: the instance fields that are not
 * transient, superclass fields first, each typed as a member of the declared type (so the field
 * {@code T value} of {@code Box<Image>} is an {@code Image}).
 */
final class TypeGraph {
  /** One stored field. */
  record Field(String name, TypeMirror type) {}

  private final Types types;

  TypeGraph(Types types) {
    this.types = types;
  }

  /** Whether the type belongs to the platform: described by name, never walked into. */
  static boolean isPlatform(TypeElement type) {
    String name = type.getQualifiedName().toString();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
  }

  /** The stored fields of {@code type}, inherited ones first. */
  List<Field> fields(DeclaredType type) {
    List<Field> fields = new ArrayList<>();
    TypeElement element = (TypeElement) type.asElement();
    for (TypeMirror supertype : types.directSupertypes(type)) {
      if (isOwnClass(supertype)) {
        fields.addAll(fields((DeclaredType) supertype));
      }
    }
    for (VariableElement field : ElementFilter.fieldsIn(element.getEnclosedElements())) {
      if (field.getModifiers().contains(Modifier.STATIC)
          || field.getModifiers().contains(Modifier.TRANSIENT)) {
        continue;
      }
      fields.add(new Field(field.getSimpleName().toString(), types.asMemberOf(type, field)));
    }
    return fields;
  }

  /** The superclass of {@code type} when it is one of ours (not Object, Record, Enum...). */
  TypeMirror ownSuperclass(DeclaredType type) {
    for (TypeMirror supertype : types.directSupertypes(type)) {
      if (isOwnClass(supertype)) {
        return supertype;
      }
    }
    return null;
  }

  private boolean isOwnClass(TypeMirror supertype) {
    if (supertype.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) types.asElement(supertype);
    return element.getKind() == ElementKind.CLASS && !isPlatform(element);
  }
}
