package dev.cachet.processor;

import dev.cachet.processor.InterfaceMethods.InterfaceMethod;
import dev.cachet.processor.InterfaceMethods.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage 1: checks one interface against every build-time rule and reports every problem on its exact
 * element. Says nothing about classes; the processor reports annotated class methods itself.
 */
final class Validator {
  /** The first {@code @Cached} method that declares a namespace: its key and cached type. */
  private record Declaration(
      InterfaceMethod method, List<Parameter> key, TypeMirror cachedType) {}

  private final Elements elements;
  private final Types types;
  private final KeyTypes keyTypes;
  private final StorableTypes storableTypes;
  private final ReturnTypes returnTypes;

  Validator(Elements elements, Types types, TypeGraph graph) {
    this.elements = elements;
    this.types = types;
    this.keyTypes = new KeyTypes(types);
    this.storableTypes = new StorableTypes(types, graph);
    this.returnTypes = new ReturnTypes(elements, types);
  }

  ValidationReport validate(TypeElement iface, List<InterfaceMethod> methods) {
    ValidationReport report = new ValidationReport();
    if (iface.getModifiers().contains(Modifier.PRIVATE)) {
      report.error(iface, Message.INTERFACE_NOT_ACCESSIBLE.format(iface.getQualifiedName()));
    }
    checkInstanceMethods(iface, report);
    Map<String, Declaration> namespaces = new LinkedHashMap<>();
    Map<String, String> namespaceByKeysMethod = new HashMap<>();
    for (InterfaceMethod method : methods) {
      AnnotationMirror cached = Annotations.find(method.element(), Annotations.CACHED);
      if (cached == null) {
        continue;
      }
      if (!Annotations.invalidates(method.element()).isEmpty()) {
        report.error(
            method.element(), cached, Message.CACHED_AND_INVALIDATES.format(method.name()));
      }
      checkCached(method, cached, namespaces, namespaceByKeysMethod, report);
    }
    for (InterfaceMethod method : methods) {
      for (Annotations.InvalidatesAnnotation invalidates :
          Annotations.invalidates(method.element())) {
        checkInvalidates(iface, method, invalidates, namespaces, report);
      }
    }
    return report;
  }

  /** Static and private methods of an interface are not decorated: their annotations are errors. */
  private void checkInstanceMethods(TypeElement iface, ValidationReport report) {
    for (ExecutableElement method : ElementFilter.methodsIn(iface.getEnclosedElements())) {
      boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
      if (!isStatic && !method.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      List<AnnotationMirror> annotations = new ArrayList<>();
      AnnotationMirror cached = Annotations.find(method, Annotations.CACHED);
      if (cached != null) {
        annotations.add(cached);
      }
      Annotations.invalidates(method).forEach(found -> annotations.add(found.mirror()));
      if (!annotations.isEmpty()) {
        AnnotationMirror first = annotations.get(0);
        report.error(
            method,
            first,
            Message.NOT_INSTANCE_METHOD.format(
                first.getAnnotationType().asElement().getSimpleName(),
                isStatic ? "static" : "private",
                method.getSimpleName()));
      }
    }
  }

  private void checkCached(
      InterfaceMethod method,
      AnnotationMirror cached,
      Map<String, Declaration> namespaces,
      Map<String, String> namespaceByKeysMethod,
      ValidationReport report) {
    String namespace = Annotations.string(elements, cached, "namespace");
    AnnotationValue namespaceValue = Annotations.explicitValue(cached, "namespace");
    String namespaceProblem = Names.namespaceProblem(namespace);
    if (namespaceProblem != null) {
      report.error(
          method.element(),
          cached,
          namespaceValue,
          Message.NAMESPACE_FORMAT.format(namespace, namespaceProblem));
    }

    TypeMirror returnType = method.type().getReturnType();
    TypeMirror cachedType = null;
    if (returnType.getKind() == TypeKind.VOID) {
      report.error(method.element(), cached, Message.VOID_CACHED.format(method.name()));
    } else {
      cachedType = returnTypes.cachedTypeOf(returnType);
      String unstorable = storableTypes.findUnstorable(cachedType);
      if (unstorable != null) {
        report.error(
            method.element(), cached, Message.UNSTORABLE_TYPE.format(method.name(), unstorable));
      }
    }

    List<Parameter> key = method.keyParameters();
    for (Parameter parameter : key) {
      KeyTypes.Result result = keyTypes.analyse(parameter.type());
      if (!result.isStable()) {
        report.error(
            parameter.element(),
            Message.KEY_TYPE.format(parameter.name(), parameter.type(), result.problem()));
      }
    }

    if (namespaceProblem != null) {
      return;
    }
    String keysMethod = Names.lowerCamel(namespace);
    String other = namespaceByKeysMethod.putIfAbsent(keysMethod, namespace);
    if (other != null && !other.equals(namespace)) {
      report.error(
          method.element(),
          cached,
          namespaceValue,
          Message.NAMESPACE_COLLISION.format(other, namespace, keysMethod));
      return;
    }
    Declaration first = namespaces.get(namespace);
    if (first == null) {
      namespaces.put(namespace, new Declaration(method, key, cachedType));
      return;
    }
    if (!sameKey(first.key(), key)) {
      report.error(
          method.element(),
          cached,
          namespaceValue,
          Message.KEY_SIGNATURE.format(
              namespace, describe(key), describe(first.key()), first.method().name()));
    }
    if (cachedType != null
        && first.cachedType() != null
        && !types.isSameType(cachedType, first.cachedType())) {
      report.error(
          method.element(),
          cached,
          namespaceValue,
          Message.CACHED_TYPE.format(
              namespace, cachedType, first.cachedType(), first.method().name()));
    }
  }

  private void checkInvalidates(
      TypeElement iface,
      InterfaceMethod method,
      Annotations.InvalidatesAnnotation annotation,
      Map<String, Declaration> namespaces,
      ValidationReport report) {
    AnnotationMirror invalidates = annotation.mirror();
    String namespace = Annotations.string(elements, invalidates, "namespace");
    Declaration declaration = namespaces.get(namespace);
    if (declaration == null) {
      reportOn(
          report,
          method,
          annotation,
          "namespace",
          Message.UNKNOWN_NAMESPACE.format(
              namespace,
              iface.getSimpleName(),
              Message.didYouMean(Names.closest(namespace, namespaces.keySet()))));
      return;
    }
    if (Annotations.bool(elements, invalidates, "all")) {
      return;
    }
    List<Parameter> parameters = method.parameters();
    for (Parameter wanted : declaration.key()) {
      boolean present =
          parameters.stream()
              .anyMatch(
                  parameter ->
                      parameter.name().equals(wanted.name())
                          && types.isSameType(parameter.type(), wanted.type()));
      if (present) {
        continue;
      }
      List<String> sameType =
          parameters.stream()
              .filter(parameter -> types.isSameType(parameter.type(), wanted.type()))
              .map(Parameter::name)
              .toList();
      String suggestion = Names.closest(wanted.name(), sameType);
      if (suggestion == null) {
        suggestion =
            Names.closest(wanted.name(), parameters.stream().map(Parameter::name).toList());
      }
      reportOn(
          report,
          method,
          annotation,
          null,
          Message.INVALIDATES_PARAMETER.format(
              namespace,
              method.name(),
              wanted.name(),
              wanted.type(),
              Message.didYouMeanParameter(suggestion)));
    }
  }

  /** Reports on an {@code @Invalidates} (or its value), written once or repeated. */
  private static void reportOn(
      ValidationReport report,
      InterfaceMethod method,
      Annotations.InvalidatesAnnotation annotation,
      String attribute,
      String message) {
    if (annotation.container() == null) {
      AnnotationValue value =
          attribute == null ? null : Annotations.explicitValue(annotation.mirror(), attribute);
      report.error(method.element(), annotation.mirror(), value, message);
    } else {
      report.errorOnRepeated(
          method.element(), annotation.container(), annotation.index(), attribute, message);
    }
  }

  private boolean sameKey(List<Parameter> a, List<Parameter> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).name().equals(b.get(i).name())
          || !types.isSameType(a.get(i).type(), b.get(i).type())) {
        return false;
      }
    }
    return true;
  }

  private static String describe(List<Parameter> key) {
    return key.stream()
        .map(parameter -> parameter.type() + " " + parameter.name())
        .collect(Collectors.joining(", "));
  }
}
