package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * What the fuzz targets decode against: the items a real writer stored for a few known values
 * (a small one stored whole, a large compressible one and a large incompressible one stored in
 * chunks, {@code null}, and a record with an {@code Object} field, where a changed byte can name
 * any class Fory knows), unsigned or signed. Each fuzz input reads from a fresh copy.
 */
final class FuzzFixture {
  /** A value shaped like a cached one: a record of lists, maps and nested records. */
  record Part(String name, long size, List<String> tags) {}

  record Payload(String id, List<Part> parts, Map<String, Integer> counts) {}

  /** A field any class fits in: a changed byte can name any class Fory knows, built-in or not. */
  record Note(String id, Object body) {}

  static final int ITEM_LIMIT = 2048;
  static final byte[] SIGNING_KEY = "fuzz fixture signing key, 32 b.".getBytes(StandardCharsets.US_ASCII);

  final boolean signed;
  final ForySerializer serializer = new ForySerializer(ClassAllowlist.of(Payload.class, Part.class, Note.class));
  final ValueSettings settings;
  /** Every item the writer stored, chunks included, by key. */
  final Map<String, byte[]> items = new LinkedHashMap<>();
  /** The entry keys, and the value written under each. */
  final List<String> entryKeys = new ArrayList<>();
  final Map<String, Object> written = new LinkedHashMap<>();

  private FuzzFixture(boolean signed) {
    this.signed = signed;
    this.settings = signed ? ValueSettings.defaults().withSigningKey(SIGNING_KEY) : ValueSettings.defaults();
    MapTransport transport = new MapTransport(ITEM_LIMIT);
    ValueStore writer = new ValueStore(transport, serializer, settings);
    Random random = new Random(6);
    write(writer, "v/0f:small", payload("small", 2, random, false));
    write(writer, "v/0f:compressible", payload("compressible", 80, random, false));
    write(writer, "v/0f:incompressible", payload("incompressible", 60, random, true));
    write(writer, "v/0f:null", null);
    write(writer, "v/0f:text", "plain string");
    write(writer, "v/0f:note", new Note("note", new ArrayList<>(List.of("x", 7L, new Part("p", 1, List.of())))));
    items.putAll(transport.items);
  }

  static final FuzzFixture UNSIGNED = new FuzzFixture(false);
  static final FuzzFixture SIGNED = new FuzzFixture(true);

  private void write(ValueStore writer, String key, Object value) {
    try {
      writer.write(key, value, 7L, Duration.ZERO);
    } catch (ValueException e) {
      throw new IllegalStateException(e);
    }
    entryKeys.add(key);
    written.put(key, value);
  }

  private static Payload payload(String id, int parts, Random random, boolean noisy) {
    List<Part> list = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < parts; i++) {
      String name = noisy ? Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) : "part-" + i;
      list.add(new Part(name, random.nextInt(1 << 20), List.of("t" + (i % 3), name)));
      counts.put(name, i);
    }
    return new Payload(id, list, counts);
  }

  /** A reader over a copy of the stored items with {@code replaced} put over them. */
  ValueStore reader(Map<String, byte[]> replaced) {
    MapTransport transport = new MapTransport(Integer.MAX_VALUE);
    transport.items.putAll(items);
    transport.items.putAll(replaced);
    return new ValueStore(transport, serializer, settings);
  }

  /**
   * The property every fuzz target checks: reading {@code entry} under {@code key} either fails
   * with a {@link ValueException} (a counted miss) or yields a value the writer wrote -- exactly
   * the one written under {@code key} when the input is that real encoding, untouched. Any other
   * throwable escapes to the fuzzer as a finding.
   */
  void check(String key, byte[] entry, Map<String, byte[]> replaced, boolean untouched) {
    StoredValue read;
    try {
      read = reader(replaced).read(key, entry);
    } catch (ValueException expected) {
      assertTrue(!untouched, () -> "a real encoding must decode: " + expected);
      return;
    }
    Object value = read.value();
    if (untouched) {
      assertEquals(written.get(key), value, "a real encoding decodes to the value written");
    } else if (signed) {
      // Only the writer holds the key: whatever decodes was written by it.
      assertTrue(written.containsValue(value), () -> "signed read produced an unwritten value: " + value);
    } else {
      // Anyone may write unsigned items; the allowlist still bounds what they can decode to.
      assertAllowed(value, Collections.newSetFromMap(new IdentityHashMap<>()));
    }
  }

  /** Fails when {@code value} or anything it holds is of a class outside the allowlist. */
  private void assertAllowed(Object value, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    Class<?> type = value.getClass();
    assertTrue(serializer.allowlist().allows(type.getName()), () -> "decoded an unexpected class: " + type);
    if (value instanceof Collection<?> collection) {
      for (Object element : collection) {
        assertAllowed(element, seen);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        assertAllowed(entry.getKey(), seen);
        assertAllowed(entry.getValue(), seen);
      }
    } else if (value instanceof Optional<?> optional) {
      assertAllowed(optional.orElse(null), seen);
    } else if (type.isArray() && !type.getComponentType().isPrimitive()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        assertAllowed(Array.get(value, i), seen);
      }
    } else if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        try {
          assertAllowed(component.getAccessor().invoke(value), seen);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
  }
}
