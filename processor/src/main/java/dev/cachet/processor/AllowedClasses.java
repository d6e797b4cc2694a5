package dev.cachet.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The classes a decorator lets the runtime's serializer read: every type of ours reachable from a
 * cached type, by the walk the shape fingerprint makes (stored fields through the graph,
 * superclasses, record components, type arguments such as collection and map element types,
 * array components, type variable bounds). Platform types ({@code java.*}, {@code javax.*},
 * {@code jdk.*}) are left out: the runtime allows the JDK's value types by a fixed list, and its
 * refusal of any other names the class to add.
 */
final class AllowedClasses {
  /**
   * One allowed class: referenced as {@code Name.class} when the generated package can name it
   * without a warning, otherwise by its binary name ({@code p.Outer$Hidden}).
   *
   * @param className {@code null} when the class is referenced by name
   */
  record Allowed(String binaryName, ClassName className) {}

  private final Elements elements;
  private final Types types;
  private final TypeGraph graph;

  AllowedClasses(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.graph = new TypeGraph(types);
  }

  /** The classes reachable from {@code cachedTypes}, sorted by binary name. */
  List<Allowed> of(List<TypeMirror> cachedTypes, String generatedPackage) {
    TreeMap<String, TypeElement> found = new TreeMap<>();
    Set<String> walked = new HashSet<>();
    for (TypeMirror cachedType : cachedTypes) {
      walk(cachedType, found, walked);
    }
    List<Allowed> allowed = new ArrayList<>();
    found.forEach(
        (binaryName, type) ->
            allowed.add(
                new Allowed(
                    binaryName, nameable(type, generatedPackage) ? ClassName.get(type) : null)));
    return allowed;
  }

  private void walk(TypeMirror type, TreeMap<String, TypeElement> found, Set<String> walked) {
    switch (type.getKind()) {
      case ARRAY:
        walk(((ArrayType) type).getComponentType(), found, walked);
        return;
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          walk(wildcard.getExtendsBound(), found, walked);
        }
        if (wildcard.getSuperBound() != null) {
          walk(wildcard.getSuperBound(), found, walked);
        }
        return;
      case TYPEVAR:
        // By element name: a recursive bound (T extends Comparable<T>) must not recurse.
        TypeVariable variable = (TypeVariable) type;
        if (walked.add("typevar " + variable.asElement() + " of " + variable.asElement().getEnclosingElement())) {
          walk(variable.getUpperBound(), found, walked);
        }
        return;
      case INTERSECTION:
        for (TypeMirror bound : ((IntersectionType) type).getBounds()) {
          walk(bound, found, walked);
        }
        return;
      case DECLARED:
        walkDeclared((DeclaredType) type, found, walked);
        return;
      default:
        // Primitives and the rest name no class.
    }
  }

  private void walkDeclared(DeclaredType type, TreeMap<String, TypeElement> found, Set<String> walked) {
    for (TypeMirror argument : type.getTypeArguments()) {
      walk(argument, found, walked);
    }
    TypeElement element = (TypeElement) type.asElement();
    if (TypeGraph.isPlatform(element)) {
      return;
    }
    String binaryName = elements.getBinaryName(element).toString();
    // By erasure, as the fingerprint: the arguments of every use were walked above.
    if (!walked.add(binaryName)) {
      return;
    }
    found.put(binaryName, element);
    TypeMirror superclass = graph.ownSuperclass(type);
    if (superclass != null) {
      walk(superclass, found, walked);
    }
    for (TypeGraph.Field field : graph.fields(type)) {
      walk(field.type(), found, walked);
    }
  }

  /**
   * Whether {@code Name.class} compiles, warning-free, in {@code generatedPackage}: the class and
   * every class enclosing it are public, or not private and in that package; and none is
   * deprecated (a reference would warn).
   */
  private boolean nameable(TypeElement type, String generatedPackage) {
    boolean samePackage =
        elements.getPackageOf(type).getQualifiedName().contentEquals(generatedPackage);
    for (Element enclosing = type;
        enclosing instanceof TypeElement;
        enclosing = enclosing.getEnclosingElement()) {
      Set<Modifier> modifiers = enclosing.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)
          || (!modifiers.contains(Modifier.PUBLIC) && !samePackage)
          || elements.isDeprecated(enclosing)) {
        return false;
      }
    }
    return true;
  }
}
