package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.ClassAllowlist;
import dev.cachet.runtime.internal.value.ForySerializer;
import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.spi.Serializer;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The deserialization allowlist through {@link Cachet}: a value naming a class outside the list is
 * a counted {@code ALLOWLIST} miss before any code of that class runs; a value that could not be
 * read back is not stored; {@code allowClasses} lets polymorphic field types through.
 */
class AllowlistTest {
  private final InMemoryTransport shared = new InMemoryTransport();

  /**
   * Defines its own copy of {@link Gadget} (child first) and delegates everything else to the
   * test's loader, so Fory's generated serializers still see Fory.
   */
  static final class OwnGadget extends URLClassLoader {
    OwnGadget() {
      super(
          new URL[] {Gadget.class.getProtectionDomain().getCodeSource().getLocation()},
          Gadget.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      // Only Gadget itself: its Marks stay shared, so both copies write the same properties.
      if (!name.equals(Gadget.class.getName())) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }
  }

  private Cachet open(Serializer serializer, Class<?>... allowed) {
    Cachet.Builder builder =
        Cachet.builder().transport(new SharedTransport(shared)).region("long_term", Duration.ofHours(1));
    if (serializer != null) {
      builder.serializer(serializer);
    }
    return builder.allowClasses(allowed).build();
  }

  @Test
  void aGadgetClassIsRefusedBeforeAnyOfItsCodeRuns() throws Exception {
    // The writer holds its own copy of Gadget, defined by an isolated class loader, so the
    // test's class loader never runs Gadget's code unless the reader does.
    ClassLoader appLoader = Gadget.class.getClassLoader();
    try (URLClassLoader isolated = new OwnGadget()) {
      Class<?> isolatedGadget = isolated.loadClass(Gadget.class.getName());
      assertNotSame(Gadget.class, isolatedGadget);
      Object gadget = isolatedGadget.getConstructor().newInstance();
      assertEquals("true", System.getProperty(Gadget.Marks.of(isolated, "initialised")));
      assertEquals("true", System.getProperty(Gadget.Marks.of(isolated, "constructed")));

      CacheKey key = Decorated.key("gadget", "g1");
      try (Cachet writer = open(new ForySerializer(ClassAllowlist.of(isolatedGadget)));
          Cachet reader = open(null)) {
        Decorated.of(writer, "gadget", "long_term", Object.class).get(key, () -> gadget);
        assertEquals(1, writer.statistics().namespace("gadget").stores(), "the crafted entry is stored");

        Decorated<Object> read = Decorated.of(reader, "gadget", "long_term", Object.class);
        assertEquals("delegate", read.get(key, () -> "delegate"));
        assertEquals(
            Map.of("ALLOWLIST", 1L), reader.statistics().namespace("gadget").decodeFailures());
        assertEquals(1, read.delegateCalls.get());
      }
      assertNull(System.getProperty(Gadget.Marks.of(appLoader, "initialised")), "static initializer ran");
      assertNull(System.getProperty(Gadget.Marks.of(appLoader, "constructed")), "constructor ran");
    }
  }

  @Test
  void theRefusalSaysExactlyWhichClassToAllow() throws Exception {
    try (URLClassLoader isolated = new OwnGadget()) {
      Class<?> isolatedGadget = isolated.loadClass(Gadget.class.getName());
      Object gadget = isolatedGadget.getConstructor().newInstance();
      ValueStore writer =
          new ValueStore(shared, new ForySerializer(ClassAllowlist.of(isolatedGadget)), ValueSettings.defaults());
      ValueStore reader = new ValueStore(shared, new ForySerializer(), ValueSettings.defaults());
      writer.write("gadget/0f:g2", List.of(gadget), 1, Duration.ZERO);
      byte[] entry = shared.getAll(List.of("gadget/0f:g2")).get("gadget/0f:g2");
      ValueException refused = assertThrows(ValueException.class, () -> reader.read("gadget/0f:g2", entry));
      assertEquals(ValueException.Reason.ALLOWLIST, refused.reason());
      assertTrue(
          refused
              .getMessage()
              .endsWith(
                  "class dev.cachet.runtime.Gadget is not allowed to be read from the cache; if it is"
                      + " yours, add Cachet.builder().allowClasses(dev.cachet.runtime.Gadget.class)"),
          refused.getMessage());
    }
    assertNull(
        System.getProperty(Gadget.Marks.of(Gadget.class.getClassLoader(), "initialised")),
        "static initializer ran");
  }

  interface Shape {}

  record Circle(double radius) implements Shape {}

  record Drawing(String name, Shape shape) {}

  @Test
  void aPolymorphicFieldIsRefusedUntilItsClassIsAllowed() {
    CacheKey key = Decorated.key("drawing", "d1");
    try (Cachet cachet = open(null)) {
      CachedOperation.allow(cachet, AllowlistTest.class, Drawing.class, Shape.class); // as a decorator would
      Decorated<Drawing> drawings = Decorated.of(cachet, "drawing", "long_term", Drawing.class);
      Drawing drawing = new Drawing("d", new Circle(2));
      assertEquals(drawing, drawings.get(key, () -> drawing), "the delegate's value is returned");
      assertEquals(drawing, drawings.get(key, () -> drawing));
      CacheStatistics.Counts counts = cachet.statistics().namespace("drawing");
      assertEquals(0, counts.stores(), "an unreadable value is never stored");
      assertEquals(2, counts.storeFailures());
      assertEquals(Map.of(), counts.decodeFailures(), "a refused write is a store failure, not a decode failure");
      assertEquals(2, drawings.delegateCalls.get());
      assertEquals(Map.of(), shared.getAll(List.of(key.key())), "nothing under the entry key");
    }
    try (Cachet cachet = open(null, Circle.class)) {
      CachedOperation.allow(cachet, AllowlistTest.class, Drawing.class, Shape.class);
      Decorated<Drawing> drawings = Decorated.of(cachet, "drawing", "long_term", Drawing.class);
      Drawing drawing = new Drawing("d", new Circle(2));
      drawings.get(key, () -> drawing);
      assertEquals(drawing, drawings.get(key, () -> new Drawing("other", new Circle(1))));
      assertEquals(1, drawings.delegateCalls.get());
      assertEquals(1, cachet.statistics().namespace("drawing").hits());
    }
    try (Cachet withoutCircle = open(null)) {
      CachedOperation.allow(withoutCircle, AllowlistTest.class, Drawing.class, Shape.class);
      Decorated<Drawing> drawings = Decorated.of(withoutCircle, "drawing", "long_term", Drawing.class);
      Drawing other = new Drawing("other", null);
      assertEquals(other, drawings.get(key, () -> other), "a stored Circle is a miss here");
      assertEquals(
          Map.of("ALLOWLIST", 1L), withoutCircle.statistics().namespace("drawing").decodeFailures());
    }
  }

  enum Size {
    SMALL,
    LARGE
  }

  record Everything(
      String text,
      Integer boxed,
      long primitive,
      BigDecimal price,
      UUID id,
      Instant at,
      LocalDate day,
      Duration duration,
      Optional<String> maybe,
      List<String> listOf,
      Map<String, Integer> mapOf,
      Set<Size> setOf,
      ArrayList<Size> arrayList,
      HashMap<String, String> hashMap,
      LinkedHashMap<String, String> linked,
      TreeMap<String, String> tree,
      List<String> unmodifiable,
      List<String> asList,
      int[] numbers,
      Size[] sizes,
      Size size) {}

  @Test
  void theJdkValueTypesNeedNoAllowing() {
    Everything value =
        new Everything(
            "t",
            7,
            8L,
            new BigDecimal("1.25"),
            UUID.randomUUID(),
            Instant.parse("2026-01-01T00:00:00Z"),
            LocalDate.of(2026, 1, 2),
            Duration.ofSeconds(3),
            Optional.of("x"),
            List.of("a", "b", "c"),
            Map.of("one", 1, "two", 2),
            Set.of(Size.SMALL),
            new ArrayList<>(List.of(Size.LARGE)),
            new HashMap<>(Map.of("k", "v")),
            new LinkedHashMap<>(Map.of("k", "v")),
            new TreeMap<>(Map.of("k", "v")),
            Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
            java.util.Arrays.asList("p", "q"),
            new int[] {1, 2},
            new Size[] {Size.SMALL},
            Size.LARGE);
    try (Cachet cachet = open(null)) {
      CachedOperation.allow(cachet, AllowlistTest.class, Everything.class, Size.class);
      Decorated<Everything> all = Decorated.of(cachet, "all", "long_term", Everything.class);
      CacheKey key = Decorated.key("all", "e");
      all.get(key, () -> value);
      Everything read = all.get(key, () -> null);
      assertEquals(1, cachet.statistics().namespace("all").hits(), cachet.statistics().format());
      assertEquals(value.listOf(), read.listOf());
      assertEquals(value.mapOf(), read.mapOf());
      assertEquals(value.price(), read.price());
      assertEquals(value.id(), read.id());
      assertEquals(value.unmodifiable(), read.unmodifiable());
      assertEquals(Size.SMALL, read.sizes()[0]);
      assertEquals(2, read.numbers()[1]);
    }
  }

  @Test
  void theOrderOfAllowingDoesNotMatterBetweenProcesses() {
    CacheKey key = Decorated.key("drawing", "order");
    Drawing drawing = new Drawing("ordered", new Circle(3));
    try (Cachet first = open(null);
        Cachet second = open(null)) {
      // As two processes constructing their decorators in opposite orders, with extra classes.
      CachedOperation.allow(first, AllowlistTest.class, Everything.class, Size.class);
      CachedOperation.allow(first, AllowlistTest.class, Drawing.class, Shape.class, Circle.class);
      CachedOperation.allow(second, AllowlistTest.class, Circle.class, Shape.class, Drawing.class);
      CachedOperation.allow(second, AllowlistTest.class, Size.class);
      Decorated.<Drawing>of(first, "drawing", "long_term", Drawing.class).get(key, () -> drawing);
      Decorated<Drawing> read = Decorated.of(second, "drawing", "long_term", Drawing.class);
      assertEquals(drawing, read.get(key, () -> null));
      assertEquals(0, read.delegateCalls.get());
      assertEquals(Map.of(), second.statistics().namespace("drawing").decodeFailures());
    }
  }

  @Test
  void allowByNameResolvesWithTheDecoratorsLoaderAndRefusesUnknownNames() {
    try (Cachet cachet = open(null)) {
      CachedOperation.allowByName(cachet, AllowlistTest.class, "dev.cachet.runtime.AllowlistTest$Circle");
      IllegalArgumentException unknown =
          assertThrows(
              IllegalArgumentException.class,
              () -> CachedOperation.allowByName(cachet, AllowlistTest.class, "com.acme.Missing"));
      assertTrue(unknown.getMessage().contains("com.acme.Missing"), unknown.getMessage());
      Decorated<Circle> circles = Decorated.of(cachet, "circle", "long_term", Circle.class);
      CacheKey key = Decorated.key("circle", "c");
      circles.get(key, () -> new Circle(1));
      assertEquals(new Circle(1), circles.get(key, () -> new Circle(2)));
    }
  }
}
