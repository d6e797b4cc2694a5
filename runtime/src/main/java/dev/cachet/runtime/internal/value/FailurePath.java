package dev.cachet.runtime.internal.value;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds, after a serializer failed, the path to the object that made it fail:
 * {@code images[3].blockDevices[0].connection: java.net.Socket is not serializable}.
 *
 * <p>Runs only on the failure path, so it may walk the graph reflectively: depth first in field
 * declaration order, each object once, bounded in the number of objects it visits. It stops at
 * the first object that holds an OS resource, a thread, a lock, a class loader, or is a JDK type
 * that is not {@link java.io.Serializable}.
 */
public final class FailurePath {
  private static final int MAX_VISITED = 1_000_000;

  private static final List<Class<?>> RESOURCE_TYPES =
      List.of(
          java.io.InputStream.class,
          java.io.OutputStream.class,
          java.io.Reader.class,
          java.io.Writer.class,
          java.io.RandomAccessFile.class,
          java.io.FileDescriptor.class,
          java.net.Socket.class,
          java.net.ServerSocket.class,
          java.net.DatagramSocket.class,
          java.nio.channels.Channel.class,
          java.nio.channels.Selector.class,
          Thread.class,
          ThreadGroup.class,
          java.util.concurrent.Executor.class,
          java.util.concurrent.locks.Lock.class,
          java.util.concurrent.locks.ReadWriteLock.class,
          java.util.concurrent.locks.Condition.class,
          ClassLoader.class,
          Process.class,
          ProcessHandle.class);

  private static final List<String> RESOURCE_TYPE_NAMES =
      List.of("java.sql.Connection", "java.sql.Statement", "java.sql.ResultSet", "javax.sql.DataSource");

  private FailurePath() {}

  /** A message naming the failing path, or the failure itself when no culprit is found. */
  public static String describe(Object root, Throwable failure) {
    String culprit = null;
    try {
      culprit = find(root);
    } catch (RuntimeException | StackOverflowError walkFailure) {
      // The walk is best effort; the serializer's own message is still worth reporting.
    }
    if (culprit != null) {
      return culprit;
    }
    return (root == null ? "null" : root.getClass().getName())
        + " could not be serialized: "
        + failure;
  }

  /** {@code path: type is not serializable} for the first culprit, or {@code null}. */
  static String find(Object root) {
    Map<Object, Boolean> visited = new IdentityHashMap<>();
    Deque<Node> pending = new ArrayDeque<>();
    pending.push(new Node(root, ""));
    while (!pending.isEmpty() && visited.size() < MAX_VISITED) {
      Node node = pending.pop();
      Object object = node.object;
      if (object == null || visited.put(object, Boolean.TRUE) != null) {
        continue;
      }
      Class<?> type = object.getClass();
      String reason = culpritReason(type);
      if (reason != null) {
        String where = node.path.isEmpty() ? "value" : node.path;
        return where + ": " + type.getName() + " " + reason;
      }
      List<Node> children = children(object, node.path);
      for (int i = children.size() - 1; i >= 0; i--) {
        pending.push(children.get(i));
      }
    }
    return null;
  }

  private static String culpritReason(Class<?> type) {
    for (Class<?> resource : RESOURCE_TYPES) {
      if (resource.isAssignableFrom(type)) {
        return "is not serializable (holds " + describeKind(resource) + ")";
      }
    }
    for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
      for (Class<?> implemented : allInterfaces(candidate)) {
        if (RESOURCE_TYPE_NAMES.contains(implemented.getName())) {
          return "is not serializable (holds a database resource)";
        }
      }
    }
    if (isJdkType(type)
        && !type.isArray()
        && !type.isPrimitive()
        && !java.io.Serializable.class.isAssignableFrom(type)
        && !Collection.class.isAssignableFrom(type)
        && !Map.class.isAssignableFrom(type)
        && type != Object.class
        && type != Optional.class) {
      return "is not serializable";
    }
    return null;
  }

  private static String describeKind(Class<?> resource) {
    if (resource == Thread.class || resource == ThreadGroup.class) {
      return "a thread";
    }
    if (resource == java.util.concurrent.Executor.class) {
      return "threads";
    }
    if (resource.getPackageName().equals("java.util.concurrent.locks")) {
      return "a lock";
    }
    if (resource == ClassLoader.class) {
      return "a class loader";
    }
    return "an OS resource";
  }

  private static List<Class<?>> allInterfaces(Class<?> type) {
    List<Class<?>> found = new ArrayList<>();
    Deque<Class<?>> pending = new ArrayDeque<>(List.of(type.getInterfaces()));
    while (!pending.isEmpty()) {
      Class<?> next = pending.pop();
      found.add(next);
      pending.addAll(List.of(next.getInterfaces()));
    }
    return found;
  }

  private static boolean isJdkType(Class<?> type) {
    Module module = type.getModule();
    if (module.isNamed()) {
      String name = module.getName();
      return name.startsWith("java.") || name.startsWith("jdk.");
    }
    return false;
  }

  private static List<Node> children(Object object, String path) {
    List<Node> children = new ArrayList<>();
    Class<?> type = object.getClass();
    if (type.isArray()) {
      if (!type.getComponentType().isPrimitive()) {
        int length = Array.getLength(object);
        for (int i = 0; i < length; i++) {
          children.add(new Node(Array.get(object, i), path + "[" + i + "]"));
        }
      }
      return children;
    }
    if (object instanceof Collection<?> collection) {
      int i = 0;
      for (Object element : collection) {
        children.add(new Node(element, path + "[" + i++ + "]"));
      }
      return children;
    }
    if (object instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String label = path + "[" + shortText(entry.getKey()) + "]";
        children.add(new Node(entry.getKey(), label + ".key"));
        children.add(new Node(entry.getValue(), label));
      }
      return children;
    }
    if (object instanceof Optional<?> optional) {
      optional.ifPresent(present -> children.add(new Node(present, path + ".get()")));
      return children;
    }
    if (isJdkType(type)) {
      // JDK value types (String, boxes, java.time) are leaves; their internals are not the user's.
      return children;
    }
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> candidate = type; candidate != null && candidate != Object.class; candidate = candidate.getSuperclass()) {
      hierarchy.add(0, candidate);
    }
    for (Class<?> declaring : hierarchy) {
      for (Field field : declaring.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.getType().isPrimitive()) {
          continue;
        }
        Object value;
        try {
          field.setAccessible(true);
          value = field.get(object);
        } catch (RuntimeException | IllegalAccessException inaccessible) {
          continue;
        }
        String name = field.getName();
        children.add(new Node(value, path.isEmpty() ? name : path + "." + name));
      }
    }
    return children;
  }

  private static String shortText(Object key) {
    String text;
    try {
      text = String.valueOf(key);
    } catch (RuntimeException failure) {
      text = key.getClass().getSimpleName();
    }
    return text.length() > 40 ? text.substring(0, 37) + "..." : text;
  }

  private static final class Node {
    final Object object;
    final String path;

    Node(Object object, String path) {
      this.object = object;
      this.path = path;
    }
  }
}
