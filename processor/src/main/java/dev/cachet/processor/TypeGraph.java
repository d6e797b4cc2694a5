package dev.cachet.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The one walk over the object graph of a type as a serializer sees it, and the model it yields.
 * The fingerprint ({@link ShapeFingerprint}), the allowlist ({@link AllowedClasses}), the search
 * for fields holding OS resources ({@link StorableTypes}) and the deferral of unresolved types ({@link UnresolvedTypes}) all read
 * this model, so they agree on what a type reaches.
 *
 * <p>The rules, in one place:
 *
 * <ul>
 *   <li>A declared type: its type arguments (collection and map element types among them), then,
 *       for a class of ours, its expansion ({@link ClassNode}), once per class by erasure, so
 *       cycles and types nesting their own arguments ({@code Weird<List<T>> deeper}) end; the
 *       arguments of every use are still walked.
 *   <li>An expansion: the type parameters bounded by more than {@code Object} (a use such as
 *       {@code Cage<?>} does not show the bound); the superclass unless it is {@code Object},
 *       {@code Record} or {@code Enum} (a platform superclass is named with its arguments, never
 *       expanded); enum constants; the stored fields, i.e. neither static nor transient,
 *       inherited ones first, each typed as a member of the type met (the field {@code T value}
 *       of {@code Box<Image>} is an {@code Image}).
 *   <li>Platform types ({@code java.*}, {@code javax.*}, {@code jdk.*}): named, never expanded.
 *   <li>An array: its component. A wildcard: both bounds. An intersection: every bound.
 *   <li>A type variable: its upper bound, except inside that same bound ({@code T extends
 *       Comparable<T>}), where it is only named.
 *   <li>A type still unresolved ({@link TypeKind#ERROR}), as a field, an argument, a bound or a
 *       superclass: recorded, never expanded.
 * </ul>
 */
final class TypeGraph {
  /** One use of a type in the graph. */
  sealed interface Node
      permits Leaf, ArrayOf, Wildcard, Intersection, Variable, Declared, Unresolved {}

  /** A primitive, {@code void} or another type that names no class. */
  record Leaf(String description) implements Node {}

  record ArrayOf(Node component) implements Node {}

  /** @param extendsBound {@code null} when absent; likewise {@code superBound} */
  record Wildcard(Node extendsBound, Node superBound) implements Node {}

  record Intersection(List<Node> bounds) implements Node {}

  /** @param bound {@code null} when met inside its own bound */
  record Variable(String name, Node bound) implements Node {}

  /**
   * @param expansion the class's stored shape; {@code null} for a platform type
   */
  record Declared(
      DeclaredType type, TypeElement element, List<Node> arguments, ClassNode expansion)
      implements Node {
    String name() {
      return element.getQualifiedName().toString();
    }
  }

  record Unresolved(TypeMirror type) implements Node {}

  /** A stored field: name and type, as a member of the type that was met. */
  record Field(String name, Node type) {}

  /**
   * A class of ours, expanded once per walk. Filled in while the walk goes on, so a cycle can point
   * back at it; read only after the walk.
   */
  static final class ClassNode {
    final TypeElement element;
    final String binaryName;
    /** {@code null} when the class has none worth describing. */
    Node superclass;

    /** Its type parameters bounded by more than {@code Object}, as {@link Variable}s. */
    final List<Node> boundedParameters = new ArrayList<>();

    final List<String> enumConstants = new ArrayList<>();
    /** Every stored field, the inherited ones first. */
    final List<Field> fields = new ArrayList<>();
    /** How many of {@link #fields} the superclass declares. */
    int inherited;

    ClassNode(TypeElement element, String binaryName) {
      this.element = element;
      this.binaryName = binaryName;
    }

    /** The fields this class declares itself. */
    List<Field> ownFields() {
      return fields.subList(inherited, fields.size());
    }
  }

  /**
   * The walk from one root.
   *
   * @param classes every class of ours reached, in the order first met
   * @param unresolved every unresolved type reached, in the order met
   */
  record Walk(Node root, List<ClassNode> classes, List<TypeMirror> unresolved) {}

  private final Elements elements;
  private final Types types;

  /** Walks by root, for the interface being processed: its checks and its model share them. */
  private final Map<TypeMirror, Walk> walks = new IdentityHashMap<>();

  TypeGraph(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Whether the type belongs to the platform: described by name, never walked into. */
  static boolean isPlatform(TypeElement type) {
    String name = type.getQualifiedName().toString();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
  }

  /** Drops the walks kept so far; the processor calls it before each interface. */
  void forget() {
    walks.clear();
  }

  /** The graph reachable from {@code root}. */
  Walk walk(TypeMirror root) {
    Walk walk = walks.get(root);
    if (walk == null) {
      Walker walker = new Walker();
      Node node = walker.node(root);
      walk = new Walk(node, List.copyOf(walker.classes), List.copyOf(walker.unresolved));
      walks.put(root, walk);
    }
    return walk;
  }

  /** The state of one walk: what it has expanded, and the type variables it is inside of. */
  private final class Walker {
    final Map<String, ClassNode> expanded = new HashMap<>();
    final List<ClassNode> classes = new ArrayList<>();
    final List<TypeMirror> unresolved = new ArrayList<>();
    final Set<Element> openVariables = new HashSet<>();

    Node node(TypeMirror type) {
      switch (type.getKind()) {
        case ARRAY:
          return new ArrayOf(node(((ArrayType) type).getComponentType()));
        case WILDCARD:
          WildcardType wildcard = (WildcardType) type;
          return new Wildcard(
              wildcard.getExtendsBound() == null ? null : node(wildcard.getExtendsBound()),
              wildcard.getSuperBound() == null ? null : node(wildcard.getSuperBound()));
        case INTERSECTION:
          List<Node> bounds = new ArrayList<>();
          for (TypeMirror bound : ((IntersectionType) type).getBounds()) {
            bounds.add(node(bound));
          }
          return new Intersection(bounds);
        case TYPEVAR:
          TypeVariable variable = (TypeVariable) type;
          Element element = variable.asElement();
          String name = element.getSimpleName().toString();
          if (!openVariables.add(element)) {
            return new Variable(name, null);
          }
          Node bound = node(variable.getUpperBound());
          openVariables.remove(element);
          return new Variable(name, bound);
        case DECLARED:
          return declared((DeclaredType) type);
        case ERROR:
          unresolved.add(type);
          return new Unresolved(type);
        default:
          return new Leaf(
              type.getKind().isPrimitive() ? type.toString() : type.getKind().toString());
      }
    }

    private Declared declared(DeclaredType type) {
      List<Node> arguments = new ArrayList<>();
      for (TypeMirror argument : type.getTypeArguments()) {
        arguments.add(node(argument));
      }
      TypeElement element = (TypeElement) type.asElement();
      if (isPlatform(element)) {
        return new Declared(type, element, arguments, null);
      }
      String binaryName = elements.getBinaryName(element).toString();
      ClassNode known = expanded.get(binaryName);
      if (known != null) {
        return new Declared(type, element, arguments, known);
      }
      ClassNode expansion = new ClassNode(element, binaryName);
      expanded.put(binaryName, expansion);
      classes.add(expansion);
      expand(type, expansion);
      return new Declared(type, element, arguments, expansion);
    }

    private void expand(DeclaredType type, ClassNode expansion) {
      TypeElement element = expansion.element;
      // A use such as Cage<?> hides the bound its fields get their type from.
      for (TypeParameterElement parameter : element.getTypeParameters()) {
        TypeVariable variable = (TypeVariable) parameter.asType();
        if (!isObject(variable.getUpperBound())) {
          expansion.boundedParameters.add(node(variable));
        }
      }
      TypeMirror superclass = superclass(type, element);
      if (superclass != null) {
        expansion.superclass = node(superclass);
      }
      if (element.getKind() == ElementKind.ENUM) {
        for (Element enclosed : element.getEnclosedElements()) {
          if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
            expansion.enumConstants.add(enclosed.getSimpleName().toString());
          }
        }
      }
      if (expansion.superclass instanceof Declared declared && declared.expansion() != null) {
        // Inherited fields again, as members of this type: a superclass met before with other
        // arguments was expanded with those.
        for (VariableElement field : storedFields(declared.expansion().element)) {
          expansion.fields.add(field(type, field));
        }
        expansion.inherited = expansion.fields.size();
      }
      for (VariableElement field : ElementFilter.fieldsIn(element.getEnclosedElements())) {
        if (isStored(field)) {
          expansion.fields.add(field(type, field));
        }
      }
    }

    private Field field(DeclaredType owner, VariableElement field) {
      return new Field(field.getSimpleName().toString(), node(types.asMemberOf(owner, field)));
    }
  }

  /** The superclass worth walking, as a supertype of {@code type}, or null. */
  private TypeMirror superclass(DeclaredType type, TypeElement element) {
    TypeMirror declared = element.getSuperclass();
    if (declared.getKind() == TypeKind.ERROR) {
      return declared;
    }
    if (declared.getKind() != TypeKind.DECLARED) {
      return null;
    }
    String name = ((TypeElement) types.asElement(declared)).getQualifiedName().toString();
    if (isObject(declared)
        || name.equals("java.lang.Record")
        || name.equals("java.lang.Enum")) {
      return null;
    }
    // The first direct supertype of a class is its superclass, with this use's arguments.
    return types.directSupertypes(type).get(0);
  }

  /** Every stored field of a class of ours, its superclasses' first. */
  private List<VariableElement> storedFields(TypeElement element) {
    List<VariableElement> fields = new ArrayList<>();
    TypeMirror superclass = element.getSuperclass();
    if (superclass.getKind() == TypeKind.DECLARED) {
      TypeElement superElement = (TypeElement) types.asElement(superclass);
      if (!isPlatform(superElement)) {
        fields.addAll(storedFields(superElement));
      }
    }
    for (VariableElement field : ElementFilter.fieldsIn(element.getEnclosedElements())) {
      if (isStored(field)) {
        fields.add(field);
      }
    }
    return fields;
  }

  private static boolean isObject(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals("java.lang.Object");
  }

  private static boolean isStored(VariableElement field) {
    return !field.getModifiers().contains(Modifier.STATIC)
        && !field.getModifiers().contains(Modifier.TRANSIENT);
  }
}
