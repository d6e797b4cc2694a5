package dev.cachet.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Check 8: finds a stored field whose type holds an OS resource, a thread or a lock anywhere in the
 * object graph of a cached type, through collection, map and array element types.
 */
final class StorableTypes {
  private static final List<String> RESOURCE_TYPES =
      List.of(
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
  private final List<TypeMirror> resources = new ArrayList<>();

  StorableTypes(Elements elements, Types types) {
    this.types = types;
    this.graph = new TypeGraph(types);
    for (String name : RESOURCE_TYPES) {
      TypeElement element = elements.getTypeElement(name);
      if (element != null) {
        resources.add(types.erasure(element.asType()));
      }
    }
  }

  /**
   * The path to the first unstorable field, e.g. {@code Image.device.in: java.io.InputStream}
   * ({@code []} marks an element of an array, a collection or a map), or null.
   */
  String findUnstorable(TypeMirror cachedType) {
    return walk(cachedType, simpleName(cachedType), new HashSet<>());
  }

  private String walk(TypeMirror type, String path, Set<String> visited) {
    switch (type.getKind()) {
      case ARRAY:
        return walk(((ArrayType) type).getComponentType(), path + "[]", visited);
      case WILDCARD:
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        return bound == null ? null : walk(bound, path, visited);
      case DECLARED:
        break;
      default:
        return null;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeMirror erasure = types.erasure(declared);
    for (TypeMirror resource : resources) {
      if (types.isAssignable(erasure, resource)) {
        return path + ": " + erasure;
      }
    }
    for (TypeMirror argument : declared.getTypeArguments()) {
      String found = walk(argument, path + "[]", visited);
      if (found != null) {
        return found;
      }
    }
    TypeElement element = (TypeElement) declared.asElement();
    if (TypeGraph.isPlatform(element) || !visited.add(element.getQualifiedName().toString())) {
      return null;
    }
    for (TypeGraph.Field field : graph.fields(declared)) {
      String found = walk(field.type(), path + "." + field.name(), visited);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private String simpleName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) type).asElement().getSimpleName().toString();
    }
    return types.erasure(type).toString();
  }
}
