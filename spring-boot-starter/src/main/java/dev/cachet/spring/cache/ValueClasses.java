package dev.cachet.spring.cache;

import dev.cachet.runtime.Cachet;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allows the application classes of the values this process puts, so Fory writes them and reads
 * them back. Walks the value's object graph (fields of application classes, elements of
 * collections, maps, arrays and {@code Optional}s); classes of the JDK are never added, only
 * those already on Cachet's fixed list are read. Each class is allowed once.
 */
final class ValueClasses {
  /** A bound on the objects visited per value, so a huge graph costs no more than this. */
  private static final int MAX_OBJECTS = 100_000;

  private static final String[] PLATFORM = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

  private static final ClassValue<Field[]> FIELDS =
      new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
          List<Field> fields = new ArrayList<>();
          for (Class<?> c = type; c != null && !isPlatform(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
              int modifiers = field.getModifiers();
              if (Modifier.isStatic(modifiers)
                  || Modifier.isTransient(modifiers)
                  || field.getType().isPrimitive()) {
                continue;
              }
              try {
                field.setAccessible(true);
                fields.add(field);
              } catch (RuntimeException inaccessible) {
                // A module that does not open the class: its field's classes must be listed.
              }
            }
          }
          return fields.toArray(new Field[0]);
        }
      };

  private final Cachet cachet;
  private final Set<Class<?>> allowed = ConcurrentHashMap.newKeySet();

  ValueClasses(Cachet cachet) {
    this.cachet = cachet;
  }

  void allowGraph(Object value) {
    if (value == null) {
      return;
    }
    Deque<Object> pending = new ArrayDeque<>();
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    pending.push(value);
    while (!pending.isEmpty() && seen.size() < MAX_OBJECTS) {
      Object object = pending.pop();
      if (seen.put(object, Boolean.TRUE) != null) {
        continue;
      }
      Class<?> type = object.getClass();
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          allow(type.getComponentType());
          for (Object element : (Object[]) object) {
            push(pending, element);
          }
        }
      } else if (object instanceof Collection<?> collection) {
        allow(type);
        collection.forEach(element -> push(pending, element));
      } else if (object instanceof Map<?, ?> map) {
        allow(type);
        map.forEach(
            (k, v) -> {
              push(pending, k);
              push(pending, v);
            });
      } else if (object instanceof Optional<?> optional) {
        optional.ifPresent(element -> push(pending, element));
      } else if (!isPlatform(type)) {
        allow(type);
        for (Field field : FIELDS.get(type)) {
          try {
            push(pending, field.get(object));
          } catch (IllegalAccessException | RuntimeException e) {
            // Unreadable: its class, if new, is refused at the store, counted and logged.
          }
        }
      }
    }
  }

  private static void push(Deque<Object> pending, Object value) {
    if (value != null) {
      pending.push(value);
    }
  }

  /** Allows {@code type} and its application superclasses, unless it belongs to the JDK. */
  private void allow(Class<?> type) {
    for (Class<?> c = type; c != null && !isPlatform(c); c = c.getSuperclass()) {
      if (allowed.add(c)) {
        cachet.allowClasses(c);
      }
    }
  }

  static boolean isPlatform(Class<?> type) {
    String name = type.getName();
    for (String prefix : PLATFORM) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
