package dev.cachet.processor;

import dev.cachet.processor.InterfaceMethods.InterfaceMethod;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Finds a type that is not resolved yet ({@link TypeKind#ERROR}), typically one another processor
 * generates in a later round: in the interface's supertypes, its method signatures, or the {@link
 * TypeGraph}s of their parameter and return types (keys and fingerprints look inside those).
 */
final class UnresolvedTypes {
  private final TypeGraph graph;

  UnresolvedTypes(TypeGraph graph) {
    this.graph = graph;
  }

  /** The first unresolved type, or null when every type is known. */
  String find(TypeElement iface, List<InterfaceMethod> methods) {
    for (TypeMirror supertype : iface.getInterfaces()) {
      String found = find(supertype);
      if (found != null) {
        return found;
      }
    }
    for (InterfaceMethod method : methods) {
      String found = find(method.type().getReturnType());
      for (TypeMirror parameter : method.type().getParameterTypes()) {
        found = found != null ? found : find(parameter);
      }
      for (TypeMirror thrown : method.type().getThrownTypes()) {
        found = found != null ? found : find(thrown);
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private String find(TypeMirror type) {
    List<TypeMirror> unresolved = graph.walk(type).unresolved();
    return unresolved.isEmpty() ? null : unresolved.get(0).toString();
  }
}
