package dev.cachet.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/** The methods a decorator of an interface implements, found once and shared by all stages. */
final class InterfaceMethods {
  /** A method as seen from the decorated interface: {@code type} is resolved against it. */
  record InterfaceMethod(ExecutableElement element, ExecutableType type) {
    String name() {
      return element.getSimpleName().toString();
    }

    /** The parameters not marked {@code @NotKey}, in declaration order, typed as members. */
    List<Parameter> keyParameters() {
      List<Parameter> keys = new ArrayList<>();
      List<? extends VariableElement> parameters = element.getParameters();
      for (int i = 0; i < parameters.size(); i++) {
        if (!Annotations.has(parameters.get(i), Annotations.NOT_KEY)) {
          keys.add(parameter(i));
        }
      }
      return keys;
    }

    List<Parameter> parameters() {
      List<Parameter> all = new ArrayList<>();
      for (int i = 0; i < element.getParameters().size(); i++) {
        all.add(parameter(i));
      }
      return all;
    }

    private Parameter parameter(int index) {
      VariableElement parameter = element.getParameters().get(index);
      return new Parameter(
          parameter.getSimpleName().toString(),
          type.getParameterTypes().get(index),
          parameter,
          element.isVarArgs() && index == element.getParameters().size() - 1);
    }
  }

  /** A method parameter: its name, its type resolved against the interface, its element. */
  record Parameter(String name, TypeMirror type, VariableElement element, boolean varargs) {}

  private InterfaceMethods() {}

  /**
   * Every abstract or default method of {@code iface}, its own in declaration order first, then
   * those it inherits (nearest supertype first); an inherited method overridden on the way is
   * listed once, as the most specific declaration.
   */
  static List<InterfaceMethod> of(TypeElement iface, Types types) {
    DeclaredType self = (DeclaredType) iface.asType();
    Map<String, InterfaceMethod> bySignature = new LinkedHashMap<>();
    Deque<TypeMirror> pending = new ArrayDeque<>();
    Set<String> visited = new HashSet<>();
    pending.add(self);
    while (!pending.isEmpty()) {
      TypeMirror next = pending.removeFirst();
      if (next.getKind() != TypeKind.DECLARED) {
        continue;
      }
      TypeElement type = (TypeElement) types.asElement(next);
      if (type.getKind() != ElementKind.INTERFACE
          || !visited.add(type.getQualifiedName().toString())) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        Set<Modifier> modifiers = method.getModifiers();
        if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)) {
          continue;
        }
        ExecutableType resolved = (ExecutableType) types.asMemberOf(self, method);
        String signature =
            method.getSimpleName()
                + resolved.getParameterTypes().stream()
                    .map(parameter -> types.erasure(parameter).toString())
                    .collect(Collectors.joining(",", "(", ")"));
        bySignature.putIfAbsent(signature, new InterfaceMethod(method, resolved));
      }
      pending.addAll(types.directSupertypes(next));
    }
    return new ArrayList<>(bySignature.values());
  }
}
