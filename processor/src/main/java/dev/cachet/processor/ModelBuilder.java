package dev.cachet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.cachet.processor.InterfaceMethods.InterfaceMethod;
import dev.cachet.processor.InterfaceMethods.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage 2: turns a validated interface into the immutable {@link CachedInterface}. Assumes the
 * {@link Validator} found nothing; names every generated field and resolves every type here, so the
 * generators only write.
 */
final class ModelBuilder {
  private final Elements elements;
  private final Types types;
  private final KeyTypes keyTypes;
  private final ReturnTypes returnTypes;
  private final ShapeFingerprint fingerprint;
  private final AllowedClasses allowedClasses;

  ModelBuilder(Elements elements, Types types, TypeGraph graph) {
    this.elements = elements;
    this.types = types;
    this.keyTypes = new KeyTypes(types);
    this.returnTypes = new ReturnTypes(elements, types);
    this.fingerprint = new ShapeFingerprint(graph);
    this.allowedClasses = new AllowedClasses(elements, graph);
  }

  CachedInterface build(TypeElement iface, List<InterfaceMethod> methods) {
    ClassName interfaceName = ClassName.get(iface);
    String flatName = String.join("_", interfaceName.simpleNames());
    List<TypeVariableName> typeVariables = new ArrayList<>();
    for (TypeParameterElement parameter : iface.getTypeParameters()) {
      typeVariables.add(TypeVariableName.get(parameter));
    }

    Map<String, KeysMethod> keysMethods = new LinkedHashMap<>();
    TreeSet<String> regions = new TreeSet<>();
    List<TypeMirror> cachedTypes = new ArrayList<>();
    for (InterfaceMethod method : methods) {
      AnnotationMirror cached = Annotations.find(method.element(), Annotations.CACHED);
      if (cached == null) {
        continue;
      }
      cachedTypes.add(returnTypes.cachedTypeOf(method.type().getReturnType()));
      regions.add(Annotations.string(elements, cached, "region"));
      String namespace = Annotations.string(elements, cached, "namespace");
      if (!keysMethods.containsKey(namespace)) {
        keysMethods.put(namespace, keysMethod(namespace, method));
      }
    }

    NameAllocator fields = new NameAllocator();
    fields.newName("delegate");
    fields.newName("cachet");
    List<DecoratedMethod> decorated = new ArrayList<>();
    for (InterfaceMethod method : methods) {
      MethodSignature signature = signature(method);
      AnnotationMirror cached = Annotations.find(method.element(), Annotations.CACHED);
      List<AnnotationMirror> invalidates =
          Annotations.invalidates(method.element()).stream()
              .map(Annotations.InvalidatesAnnotation::mirror)
              .toList();
      if (cached != null) {
        decorated.add(caching(method, signature, cached, fields, keysMethods));
      } else if (!invalidates.isEmpty()) {
        decorated.add(invalidating(signature, invalidates, keysMethods));
      } else {
        decorated.add(new DecoratedMethod.Delegating(signature));
      }
    }

    return new CachedInterface(
        iface,
        interfaceName,
        TypeName.get(iface.asType()),
        typeVariables,
        ClassName.get(interfaceName.packageName(), "Caching" + flatName),
        ClassName.get(interfaceName.packageName(), flatName + "Keys"),
        new ArrayList<>(regions),
        new ArrayList<>(keysMethods.values()),
        decorated,
        shadowingNames(iface, methods),
        elements.isDeprecated(iface),
        allowedClasses.of(cachedTypes, interfaceName.packageName()));
  }

  /** Simple names that inside the decorator mean something else than an import would. */
  private List<String> shadowingNames(TypeElement iface, List<InterfaceMethod> methods) {
    TreeSet<String> names = new TreeSet<>();
    for (TypeParameterElement parameter : iface.getTypeParameters()) {
      names.add(parameter.getSimpleName().toString());
    }
    for (InterfaceMethod method : methods) {
      for (TypeVariable variable : method.type().getTypeVariables()) {
        names.add(variable.asElement().getSimpleName().toString());
      }
    }
    Deque<TypeElement> pending = new ArrayDeque<>(List.of(iface));
    Set<TypeElement> visited = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeElement type = pending.removeFirst();
      if (!visited.add(type)) {
        continue;
      }
      for (TypeElement member : ElementFilter.typesIn(type.getEnclosedElements())) {
        names.add(member.getSimpleName().toString());
      }
      for (TypeMirror supertype : type.getInterfaces()) {
        if (supertype.getKind() == TypeKind.DECLARED) {
          pending.add((TypeElement) types.asElement(supertype));
        }
      }
    }
    return new ArrayList<>(names);
  }

  private KeysMethod keysMethod(String namespace, InterfaceMethod method) {
    List<KeyParameter> parameters = new ArrayList<>();
    boolean varargs = false;
    boolean genericVarargs = false;
    for (Parameter parameter : method.keyParameters()) {
      KeyShape shape = keyTypes.analyse(parameter.type()).shape();
      parameters.add(new KeyParameter(parameter.name(), TypeName.get(parameter.type()), shape));
      varargs = parameter.varargs();
      genericVarargs = varargs && !isReifiable(parameter.type());
    }
    TypeMirror cachedType = returnTypes.cachedTypeOf(method.type().getReturnType());
    return new KeysMethod(
        namespace,
        Names.lowerCamel(namespace),
        fingerprint.of(cachedType),
        parameters,
        varargs,
        genericVarargs);
  }

  private DecoratedMethod caching(
      InterfaceMethod method,
      MethodSignature signature,
      AnnotationMirror cached,
      NameAllocator fields,
      Map<String, KeysMethod> keysMethods) {
    TypeMirror returnType = method.type().getReturnType();
    TypeMirror cachedType = returnTypes.cachedTypeOf(returnType);
    String namespace = Annotations.string(elements, cached, "namespace");
    // One namespace has one key signature (checked by the validator): its keys method speaks for all.
    KeysMethod keys = keysMethods.get(namespace);
    return new DecoratedMethod.Caching(
        signature,
        namespace,
        Annotations.string(elements, cached, "region"),
        Names.lowerCamel(namespace),
        returnTypes.kindOf(returnType),
        TypeName.get(cachedType),
        TypeName.get(types.erasure(cachedType)),
        mentionsMethodTypeVariable(cachedType),
        !Annotations.has(method.element(), Annotations.DO_NOT_CACHE_NULL),
        fields.newName(method.name()),
        method.keyParameters().stream().map(Parameter::name).toList(),
        !keys.parameters().isEmpty() && keys.scalarsOnly());
  }

  private DecoratedMethod invalidating(
      MethodSignature signature,
      List<AnnotationMirror> invalidates,
      Map<String, KeysMethod> keysMethods) {
    List<DecoratedMethod.Invalidation> invalidations = new ArrayList<>();
    for (AnnotationMirror annotation : invalidates) {
      String namespace = Annotations.string(elements, annotation, "namespace");
      boolean all = Annotations.bool(elements, annotation, "all");
      KeysMethod keys = keysMethods.get(namespace);
      invalidations.add(
          new DecoratedMethod.Invalidation(
              namespace,
              all,
              keys.methodName(),
              all
                  ? List.of()
                  : keys.parameters().stream().map(KeyParameter::name).toList()));
    }
    return new DecoratedMethod.Invalidating(signature, invalidations);
  }

  private MethodSignature signature(InterfaceMethod method) {
    List<TypeVariableName> typeVariables = new ArrayList<>();
    for (TypeVariable variable : method.type().getTypeVariables()) {
      typeVariables.add(TypeVariableName.get(variable));
    }
    List<MethodSignature.Parameter> parameters = new ArrayList<>();
    boolean genericVarargs = false;
    for (Parameter parameter : method.parameters()) {
      parameters.add(
          new MethodSignature.Parameter(parameter.name(), TypeName.get(parameter.type())));
      genericVarargs = parameter.varargs() && !isReifiable(parameter.type());
    }
    List<TypeName> exceptions = new ArrayList<>();
    for (TypeMirror thrown : method.type().getThrownTypes()) {
      exceptions.add(TypeName.get(thrown));
    }
    return new MethodSignature(
        method.name(),
        typeVariables,
        TypeName.get(method.type().getReturnType()),
        parameters,
        method.element().isVarArgs(),
        exceptions,
        elements.isDeprecated(method.element()),
        genericVarargs);
  }

  /** JLS 4.7: whether the type is fully available at run time. */
  private static boolean isReifiable(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return isReifiable(((ArrayType) type).getComponentType());
      case TYPEVAR:
        return false;
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        for (TypeMirror argument : declared.getTypeArguments()) {
          if (!(argument instanceof WildcardType wildcard)
              || wildcard.getExtendsBound() != null
              || wildcard.getSuperBound() != null) {
            return false;
          }
        }
        TypeMirror enclosing = declared.getEnclosingType();
        return enclosing.getKind() != TypeKind.DECLARED || isReifiable(enclosing);
      default:
        return true;
    }
  }

  /** Whether {@code type} mentions a type variable declared by a method (not the interface). */
  private static boolean mentionsMethodTypeVariable(TypeMirror type) {
    switch (type.getKind()) {
      case TYPEVAR:
        TypeParameterElement parameter =
            (TypeParameterElement) ((TypeVariable) type).asElement();
        return parameter.getGenericElement().getKind() == ElementKind.METHOD;
      case ARRAY:
        return mentionsMethodTypeVariable(((ArrayType) type).getComponentType());
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return (wildcard.getExtendsBound() != null
                && mentionsMethodTypeVariable(wildcard.getExtendsBound()))
            || (wildcard.getSuperBound() != null
                && mentionsMethodTypeVariable(wildcard.getSuperBound()));
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (mentionsMethodTypeVariable(argument)) {
            return true;
          }
        }
        return false;
      default:
        return false;
    }
  }
}
