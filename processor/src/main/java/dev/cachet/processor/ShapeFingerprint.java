package dev.cachet.processor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * The shape fingerprint of a cached type: the first 8 hex digits of the SHA-256 of a canonical
 * description of its object graph. A deploy that changes a field, its type, a record component or
 * an enum constant anywhere in the graph changes the fingerprint, so the new code never reads bytes
 * written by the old one.
 *
 * <p>The description: platform types ({@code java.*}) by name and type arguments; our types by
 * kind, name, type arguments, superclass, enum constants and stored fields (name and type, in
 * declaration order); a type met again is a back reference by its index, so cycles end.
 */
final class ShapeFingerprint {
  private final Types types;
  private final TypeGraph graph;

  ShapeFingerprint(Types types) {
    this.types = types;
    this.graph = new TypeGraph(types);
  }

  String of(TypeMirror cachedType) {
    String description = describe(cachedType);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(description.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(8);
      for (int i = 0; i < 4; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
            .append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** The canonical description, exposed so tests can see what the digest covers. */
  String describe(TypeMirror cachedType) {
    StringBuilder out = new StringBuilder();
    describe(cachedType, out, new HashMap<>());
    return out.toString();
  }

  private void describe(TypeMirror type, StringBuilder out, Map<String, Integer> seen) {
    switch (type.getKind()) {
      case ARRAY:
        describe(((ArrayType) type).getComponentType(), out, seen);
        out.append("[]");
        return;
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        out.append('?');
        if (wildcard.getExtendsBound() != null) {
          out.append(" extends ");
          describe(wildcard.getExtendsBound(), out, seen);
        } else if (wildcard.getSuperBound() != null) {
          out.append(" super ");
          describe(wildcard.getSuperBound(), out, seen);
        }
        return;
      case TYPEVAR:
        // By name and erased bound: a recursive bound (T extends Comparable<T>) must not recurse.
        TypeVariable variable = (TypeVariable) type;
        out.append(variable.asElement().getSimpleName())
            .append(" extends ")
            .append(types.erasure(variable.getUpperBound()));
        return;
      case DECLARED:
        describeDeclared((DeclaredType) type, out, seen);
        return;
      default:
        out.append(type.getKind().isPrimitive() ? type.toString() : type.getKind().toString());
    }
  }

  private void describeDeclared(DeclaredType type, StringBuilder out, Map<String, Integer> seen) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    out.append(name);
    describeArguments(type.getTypeArguments(), out, seen);
    if (TypeGraph.isPlatform(element)) {
      return;
    }
    // By erasure, so a type whose fields nest its own type arguments (Weird<List<T>> next) ends;
    // the arguments of every use are still described above.
    String identity = name;
    Integer reference = seen.get(identity);
    if (reference != null) {
      out.append("@").append(reference);
      return;
    }
    seen.put(identity, seen.size());
    out.append(' ').append(element.getKind()).append('{');
    TypeMirror superclass = graph.ownSuperclass(type);
    if (superclass != null) {
      out.append("extends ");
      describe(superclass, out, seen);
      out.append(';');
    }
    if (element.getKind() == ElementKind.ENUM) {
      for (Element enclosed : element.getEnclosedElements()) {
        if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
          out.append(enclosed.getSimpleName()).append(',');
        }
      }
      out.append(';');
    }
    for (TypeGraph.Field field : fieldsDeclaredBy(type)) {
      out.append(field.name()).append(':');
      describe(field.type(), out, seen);
      out.append(';');
    }
    out.append('}');
  }

  /** Only this type's own fields: the superclass is described on its own. */
  private List<TypeGraph.Field> fieldsDeclaredBy(DeclaredType type) {
    List<TypeGraph.Field> all = graph.fields(type);
    TypeMirror superclass = graph.ownSuperclass(type);
    int inherited = superclass == null ? 0 : graph.fields((DeclaredType) superclass).size();
    return all.subList(inherited, all.size());
  }

  private void describeArguments(
      List<? extends TypeMirror> arguments, StringBuilder out, Map<String, Integer> seen) {
    if (arguments.isEmpty()) {
      return;
    }
    out.append('<');
    for (int i = 0; i < arguments.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      describe(arguments.get(i), out, seen);
    }
    out.append('>');
  }
}
