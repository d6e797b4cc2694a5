package dev.cachet.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The classes a decorator lets the runtime's serializer read: every class of ours in the {@link
 * TypeGraph} of a cached type, the graph the shape fingerprint describes. Platform types ({@code
 * java.*}, {@code javax.*}, {@code jdk.*}) are left out: the runtime allows the JDK's value types
 * by a fixed list, and its refusal of any other names the class to add.
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
  private final TypeGraph graph;

  AllowedClasses(Elements elements, TypeGraph graph) {
    this.elements = elements;
    this.graph = graph;
  }

  /** The classes reachable from {@code cachedTypes}, sorted by binary name. */
  List<Allowed> of(List<TypeMirror> cachedTypes, String generatedPackage) {
    TreeMap<String, TypeElement> found = new TreeMap<>();
    for (TypeMirror cachedType : cachedTypes) {
      for (TypeGraph.ClassNode reached : graph.walk(cachedType).classes()) {
        found.put(reached.binaryName, reached.element);
      }
    }
    List<Allowed> allowed = new ArrayList<>();
    found.forEach(
        (binaryName, type) ->
            allowed.add(
                new Allowed(
                    binaryName, nameable(type, generatedPackage) ? ClassName.get(type) : null)));
    return allowed;
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
