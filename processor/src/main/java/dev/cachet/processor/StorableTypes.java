package dev.cachet.processor;

import dev.cachet.processor.TypeGraph.ArrayOf;
import dev.cachet.processor.TypeGraph.ClassNode;
import dev.cachet.processor.TypeGraph.Declared;
import dev.cachet.processor.TypeGraph.Intersection;
import dev.cachet.processor.TypeGraph.Node;
import dev.cachet.processor.TypeGraph.Variable;
import dev.cachet.processor.TypeGraph.Wildcard;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Finds a stored field whose type holds an OS resource, a thread or a lock anywhere in the
 * {@link TypeGraph} of a cached type, through collection, map and array element types and type
 * variable bounds.
 */
final class StorableTypes {
  private static final Set<String> RESOURCE_TYPES =
      Set.of(
          "java.io.InputStream",
          "java.io.OutputStream",
          "java.io.Reader",
          "java.io.Writer",
          "java.io.RandomAccessFile",
          "java.util.stream.BaseStream",
          "java.net.Socket",
          "java.net.ServerSocket",
          "java.net.DatagramSocket",
          "java.nio.channels.Channel",
          "java.lang.Thread",
          "java.util.concurrent.Executor",
          "java.util.concurrent.locks.Lock",
          "java.util.concurrent.locks.ReadWriteLock",
          "java.sql.Connection",
          "java.sql.Statement",
          "java.sql.ResultSet",
          "java.lang.ClassLoader");

  private final Types types;
  private final TypeGraph graph;
  /** Whether a class holds a resource, by class: the answer does not depend on where it is met. */
  private final Map<TypeElement, String> resourceOf = new HashMap<>();

  StorableTypes(Types types, TypeGraph graph) {
    this.types = types;
    this.graph = graph;
  }

  /**
   * The path to the first unstorable field, e.g. {@code Image.device.in: java.io.InputStream}
   * ({@code []} marks an element of an array, a collection or a map), or null.
   */
  String findUnstorable(TypeMirror cachedType) {
    TypeGraph.Walk walk = graph.walk(cachedType);
    return find(walk.root(), simpleName(cachedType), new HashSet<>());
  }

  /** Depth first, in the walk's order, each class's fields once. */
  private String find(Node node, String path, Set<ClassNode> visited) {
    if (node instanceof ArrayOf array) {
      return find(array.component(), path + "[]", visited);
    }
    if (node instanceof Wildcard wildcard) {
      String found =
          wildcard.extendsBound() == null ? null : find(wildcard.extendsBound(), path, visited);
      return found != null || wildcard.superBound() == null
          ? found
          : find(wildcard.superBound(), path, visited);
    }
    if (node instanceof Intersection intersection) {
      for (Node bound : intersection.bounds()) {
        String found = find(bound, path, visited);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (node instanceof Variable variable) {
      return variable.bound() == null ? null : find(variable.bound(), path, visited);
    }
    if (!(node instanceof Declared declared)) {
      return null;
    }
    String resource = resourceOf.computeIfAbsent(declared.element(), this::resource);
    if (!resource.isEmpty()) {
      return path + ": " + resource;
    }
    for (Node argument : declared.arguments()) {
      String found = find(argument, path + "[]", visited);
      if (found != null) {
        return found;
      }
    }
    ClassNode expansion = declared.expansion();
    if (expansion == null || !visited.add(expansion)) {
      return null;
    }
    // The element types of a platform superclass (a subclass of ArrayList<T>) are stored too.
    for (Node up = expansion.superclass; up instanceof Declared superclass; ) {
      if (superclass.expansion() != null) {
        up = superclass.expansion().superclass;
        continue;
      }
      for (Node argument : superclass.arguments()) {
        String found = find(argument, path + "[]", visited);
        if (found != null) {
          return found;
        }
      }
      break;
    }
    // Every stored field, the inherited ones too, under this class's name: that is where a
    // serializer meets them.
    for (TypeGraph.Field field : expansion.fields) {
      String found = find(field.type(), path + "." + field.name(), visited);
      if (found != null) {
        return found;
      }
    }
    // A use such as Cage<?> leaves a field typed T with nothing but its parameter's bound.
    for (Node parameter : expansion.boundedParameters) {
      String found = find(parameter, path, visited);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * The class's erasure when it is or extends a resource type, otherwise "". By the names of its
   * supertypes: looking the resource types up by name would search every module of the compile.
   */
  private String resource(TypeElement element) {
    Deque<TypeMirror> pending = new ArrayDeque<>(List.of(element.asType()));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeMirror next = pending.removeFirst();
      if (next.getKind() != TypeKind.DECLARED) {
        continue;
      }
      String name = ((TypeElement) types.asElement(next)).getQualifiedName().toString();
      if (!seen.add(name)) {
        continue;
      }
      if (RESOURCE_TYPES.contains(name)) {
        return types.erasure(element.asType()).toString();
      }
      pending.addAll(types.directSupertypes(next));
    }
    return "";
  }

  private String simpleName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) type).asElement().getSimpleName().toString();
    }
    return types.erasure(type).toString();
  }
}
