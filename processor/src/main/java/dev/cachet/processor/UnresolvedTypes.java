package dev.cachet.processor;

import dev.cachet.processor.InterfaceMethods.InterfaceMethod;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * Finds a type that is not resolved yet ({@link TypeKind#ERROR}), typically one another processor
 * generates in a later round: in the interface's supertypes, its method signatures, or the object
 * graphs of their parameter and return types (keys and fingerprints look inside those).
 */
final class UnresolvedTypes {
  private final Types types;
  private final TypeGraph graph;

  UnresolvedTypes(Types types) {
    this.types = types;
    this.graph = new TypeGraph(types);
  }

  /** The first unresolved type, or null when every type is known. */
  String find(TypeElement iface, List<InterfaceMethod> methods) {
    Set<String> visited = new HashSet<>();
    for (TypeMirror supertype : iface.getInterfaces()) {
      String found = find(supertype, visited);
      if (found != null) {
        return found;
      }
    }
    for (InterfaceMethod method : methods) {
      String found = find(method.type().getReturnType(), visited);
      for (TypeMirror parameter : method.type().getParameterTypes()) {
        found = found != null ? found : find(parameter, visited);
      }
      for (TypeMirror thrown : method.type().getThrownTypes()) {
        found = found != null ? found : find(thrown, visited);
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private String find(TypeMirror type, Set<String> visited) {
    switch (type.getKind()) {
      case ERROR:
        return type.toString();
      case ARRAY:
        return find(((ArrayType) type).getComponentType(), visited);
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        TypeMirror bound =
            wildcard.getExtendsBound() != null
                ? wildcard.getExtendsBound()
                : wildcard.getSuperBound();
        return bound == null ? null : find(bound, visited);
      case DECLARED:
        break;
      default:
        return null;
    }
    DeclaredType declared = (DeclaredType) type;
    for (TypeMirror argument : declared.getTypeArguments()) {
      String found = find(argument, visited);
      if (found != null) {
        return found;
      }
    }
    TypeElement element = (TypeElement) declared.asElement();
    if (TypeGraph.isPlatform(element) || !visited.add(types.erasure(declared).toString())) {
      return null;
    }
    TypeMirror superclass = element.getSuperclass();
    if (superclass.getKind() == TypeKind.ERROR) {
      return superclass.toString();
    }
    for (TypeGraph.Field field : graph.fields(declared)) {
      String found = find(field.type(), visited);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
