package dev.cachet.spring.cache;

import dev.cachet.runtime.CacheKey;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.cache.interceptor.SimpleKey;

/**
 * Turns the key objects Spring passes into Cachet keys: {@code <cache>/spring:<value>}, where
 *
 * <pre>
 *   value = escaped            a String (CacheKey.escape: [A-Za-z0-9_.-] kept, %XX otherwise)
 *         | "~"                null
 *         | "=" escaped        any other scalar, by its string form (an enum by its name)
 *         | "[" values "]"     a SimpleKey (several parameters), a List or an array, in order
 *         | "{" values "}"     a Set, elements sorted by their encoding
 *         | "&lt;" entries "&gt;" a Map, entries "(" key "," value ")" sorted
 *         | "(" values ")"     a record, components in declaration order
 *         | "!" | "?" value    an empty or a present Optional
 * </pre>
 *
 * Escaped text never holds a structural character, so the encoding is injective except that
 * two non-string keys with equal string forms are one key ({@code 1} as an {@code Integer} and
 * as a {@code Long}), as in Spring Data Redis. Long keys end in a digest ({@link CacheKey#ofEncoding}).
 */
final class SpringKeys {
  static final String FINGERPRINT = "spring";

  private static final Field SIMPLE_KEY_PARAMS = simpleKeyParams();

  private static final ClassValue<Boolean> HAS_OWN_TO_STRING =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
          } catch (NoSuchMethodException e) {
            return false;
          }
        }
      };

  private SpringKeys() {}

  /**
   * The key of {@code key} in the cache (namespace) {@code cache}.
   *
   * @throws IllegalArgumentException when {@code key}, or a part of it, has no stable string form
   */
  static CacheKey of(String cache, Object key) {
    StringBuilder out = new StringBuilder(cache.length() + 32).append(cache).append('/');
    out.append(FINGERPRINT).append(':');
    encode(cache, key, out);
    return CacheKey.ofEncoding(cache, out.toString());
  }

  private static void encode(String cache, Object value, StringBuilder out) {
    if (value == null) {
      out.append('~');
    } else if (value instanceof String text) {
      out.append(CacheKey.escape(text));
    } else if (value instanceof Enum<?> constant) {
      out.append('=').append(CacheKey.escape(constant.name()));
    } else if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        out.append('?');
        encode(cache, optional.get(), out);
      } else {
        out.append('!');
      }
    } else if (value instanceof SimpleKey simpleKey) {
      sequence(cache, simpleKeyParams(cache, simpleKey), out);
    } else if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      List<Object> elements = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        elements.add(Array.get(value, i));
      }
      sequence(cache, elements, out);
    } else if (value instanceof Set<?> set) {
      sorted(cache, set, '{', '}', out);
    } else if (value instanceof Collection<?> collection) {
      sequence(cache, collection, out);
    } else if (value instanceof Map<?, ?> map) {
      List<Object> entries = new ArrayList<>(map.size());
      map.forEach((k, v) -> entries.add(new Object[] {k, v}));
      List<String> encoded = new ArrayList<>(entries.size());
      for (Object entry : entries) {
        Object[] pair = (Object[]) entry;
        StringBuilder one = new StringBuilder().append('(');
        encode(cache, pair[0], one);
        one.append(',');
        encode(cache, pair[1], one);
        encoded.add(one.append(')').toString());
      }
      encoded.sort(null);
      out.append('<').append(String.join(",", encoded)).append('>');
    } else if (value instanceof Record record) {
      out.append('(');
      RecordComponent[] components = record.getClass().getRecordComponents();
      for (int i = 0; i < components.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        encode(cache, component(cache, record, components[i]), out);
      }
      out.append(')');
    } else if (HAS_OWN_TO_STRING.get(value.getClass())) {
      out.append('=').append(CacheKey.escape(value.toString()));
    } else {
      throw new IllegalArgumentException(
          "Cache '"
              + cache
              + "' cannot use a key of class "
              + value.getClass().getName()
              + ": it does not override toString(), so it has no string form that is equal for"
              + " equal keys in every process. Override toString() (or make it a record), or give"
              + " the annotation a key of such parts (@Cacheable(key = \"#order.id\")), or"
              + " register a KeyGenerator that returns one.");
    }
  }

  private static void sequence(String cache, Iterable<?> elements, StringBuilder out) {
    out.append('[');
    boolean first = true;
    for (Object element : elements) {
      if (!first) {
        out.append(',');
      }
      first = false;
      encode(cache, element, out);
    }
    out.append(']');
  }

  private static void sorted(
      String cache, Collection<?> elements, char open, char close, StringBuilder out) {
    List<String> encoded = new ArrayList<>(elements.size());
    for (Object element : elements) {
      StringBuilder one = new StringBuilder();
      encode(cache, element, one);
      encoded.add(one.toString());
    }
    encoded.sort(null);
    out.append(open).append(String.join(",", encoded)).append(close);
  }

  private static Object component(String cache, Record record, RecordComponent component) {
    Method accessor = component.getAccessor();
    try {
      if (!accessor.canAccess(record)) {
        accessor.setAccessible(true);
      }
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Cache '" + cache + "' cannot read " + record.getClass().getName() + "." + component.getName()
              + " to build a key; make the record public or give the annotation an explicit key",
          e);
    }
  }

  private static List<Object> simpleKeyParams(String cache, SimpleKey key) {
    if (SIMPLE_KEY_PARAMS == null) {
      throw new IllegalArgumentException(
          "Cache '" + cache + "' cannot read the parameters of Spring's SimpleKey in this Spring"
              + " version; give the annotation an explicit key (@Cacheable(key = \"#a + ':' + #b\"))");
    }
    try {
      return Arrays.asList((Object[]) SIMPLE_KEY_PARAMS.get(key));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SimpleKey has no accessor for its parameters; its field is read, once made accessible. */
  private static Field simpleKeyParams() {
    try {
      Field field = SimpleKey.class.getDeclaredField("params");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      return null;
    }
  }
}
