package dev.cachet.processor;

import static dev.cachet.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.CacheKey;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of key parameter round-trips through the generated {@code Keys}: equal arguments give
 * equal keys, different arguments different keys.
 */
class KeyParameterTypesTest {
  private static final JavaFileObject POINT =
      source("p.Point", "package p;", "public record Point(int x, int y) {}");
  private static final JavaFileObject COLOR =
      source("p.Color", "package p;", "public enum Color { RED, GREEN }");
  private static final JavaFileObject QUERY =
      source(
          "p.Query",
          "package p;",
          "import java.util.List;",
          "import java.util.Optional;",
          "public record Query(String owner, Color color, List<Point> points,"
              + " Optional<String> tag) {}");
  private static final JavaFileObject PAIR =
      source("p.Pair", "package p;", "public record Pair<A, B>(A first, B second) {}");
  private static final JavaFileObject KEYS =
      source(
          "p.Lookups",
          "package p;",
          "import dev.cachet.Cached;",
          "import java.math.BigDecimal;",
          "import java.math.BigInteger;",
          "import java.time.Duration;",
          "import java.time.Instant;",
          "import java.time.LocalDate;",
          "import java.time.Month;",
          "import java.util.List;",
          "import java.util.Optional;",
          "import java.util.Set;",
          "import java.util.SortedSet;",
          "import java.util.UUID;",
          "public interface Lookups {",
          "  @Cached(namespace = \"string\") String string(String key);",
          "  @Cached(namespace = \"ints\") String ints(int a, long b, short c, byte d);",
          "  @Cached(namespace = \"floats\") String floats(float a, double b);",
          "  @Cached(namespace = \"flags\") String flags(boolean a, char b);",
          "  @Cached(namespace = \"boxes\") String boxes(Integer a, Long b, Boolean c, Character d,"
              + " Double e);",
          "  @Cached(namespace = \"enums\") String enums(Color color, Month month);",
          "  @Cached(namespace = \"uuid\") String uuid(UUID id);",
          "  @Cached(namespace = \"numbers\") String numbers(BigDecimal a, BigInteger b);",
          "  @Cached(namespace = \"times\") String times(Instant a, LocalDate b, Duration c);",
          "  @Cached(namespace = \"point\") String point(Point point);",
          "  @Cached(namespace = \"query\") String query(Query query);",
          "  @Cached(namespace = \"list\") String list(List<String> names);",
          "  @Cached(namespace = \"nested\") String nested(List<List<Point>> rows);",
          "  @Cached(namespace = \"array\") String array(String[] names);",
          "  @Cached(namespace = \"primitive_array\") String primitiveArray(int[] values);",
          "  @Cached(namespace = \"varargs\") String varargs(String owner, String... names);",
          "  @Cached(namespace = \"set\") String set(Set<String> names);",
          "  @Cached(namespace = \"sorted_set\") String sortedSet(SortedSet<Integer> values);",
          "  @Cached(namespace = \"optional\") String optional(Optional<String> name);",
          "  @Cached(namespace = \"optional_list\") String optionalList("
              + "Optional<List<Point>> points);",
          "  @Cached(namespace = \"wildcard\") String wildcard(List<? extends Point> values);",
          "  @Cached(namespace = \"key\") String key(String key, String element);",
          "  @Cached(namespace = \"pair\") String pair(Pair<String, List<Point>> pair);",
          "}");

  private static LoadedCompilation loaded;

  @BeforeAll
  static void compile() {
    loaded = LoadedCompilation.of(POINT, COLOR, QUERY, PAIR, KEYS);
  }

  private static CacheKey key(String method, Object... arguments) throws Throwable {
    return (CacheKey) loaded.callStatic("p.LookupsKeys", method, arguments);
  }

  /** Equal arguments (built twice) give equal keys; {@code other} gives a different key. */
  private static void roundTrips(String method, Object[] arguments, Object[] other)
      throws Throwable {
    CacheKey first = key(method, arguments);
    CacheKey again = key(method, arguments.clone());
    assertEquals(first, again);
    assertEquals(first.key(), again.key());
    assertNotEquals(first, key(method, other), "different arguments, different keys");
    assertTrue(first.key().startsWith(first.namespace() + "/"), first.key());
  }

  private Object point(int x, int y) throws ReflectiveOperationException {
    Constructor<?> constructor = loaded.type("p.Point").getConstructor(int.class, int.class);
    return constructor.newInstance(x, y);
  }

  private Object color(String name) {
    for (Object constant : loaded.type("p.Color").getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void strings() throws Throwable {
    roundTrips("string", new Object[] {"alice"}, new Object[] {"bob"});
    assertNotEquals(key("string", "null"), key("string", new Object[] {null}));
    assertNotEquals(key("string", ""), key("string", new Object[] {null}));
  }

  @Test
  void integralPrimitives() throws Throwable {
    roundTrips(
        "ints",
        new Object[] {1, 2L, (short) 3, (byte) 4},
        new Object[] {1, 2L, (short) 3, (byte) 5});
  }

  @Test
  void floatingPrimitives() throws Throwable {
    roundTrips("floats", new Object[] {1.5f, 2.25d}, new Object[] {1.5f, 2.5d});
  }

  @Test
  void booleansAndChars() throws Throwable {
    roundTrips("flags", new Object[] {true, 'x'}, new Object[] {false, 'x'});
    assertNotEquals(key("flags", true, ':'), key("flags", true, ','));
  }

  @Test
  void boxesIncludingNull() throws Throwable {
    roundTrips(
        "boxes",
        new Object[] {1, 2L, true, 'c', 1.0},
        new Object[] {null, 2L, true, 'c', 1.0});
  }

  @Test
  void enumsByName() throws Throwable {
    roundTrips(
        "enums",
        new Object[] {color("RED"), Month.MAY},
        new Object[] {color("GREEN"), Month.MAY});
    assertTrue(key("enums", color("RED"), Month.MAY).key().endsWith(":RED:MAY"));
  }

  @Test
  void uuids() throws Throwable {
    UUID id = UUID.randomUUID();
    roundTrips("uuid", new Object[] {id}, new Object[] {UUID.randomUUID()});
  }

  @Test
  void bigNumbers() throws Throwable {
    roundTrips(
        "numbers",
        new Object[] {new BigDecimal("1.50"), BigInteger.TEN},
        new Object[] {new BigDecimal("1.5"), BigInteger.TEN});
  }

  @Test
  void javaTimeValues() throws Throwable {
    roundTrips(
        "times",
        new Object[] {Instant.ofEpochSecond(5), LocalDate.of(2026, 1, 2), Duration.ofSeconds(3)},
        new Object[] {Instant.ofEpochSecond(6), LocalDate.of(2026, 1, 2), Duration.ofSeconds(3)});
  }

  @Test
  void records() throws Throwable {
    roundTrips("point", new Object[] {point(1, 2)}, new Object[] {point(2, 1)});
    assertNotEquals(key("point", point(1, 2)), key("point", new Object[] {null}));
  }

  @Test
  void recordsOfListsOptionalsAndEnums() throws Throwable {
    Constructor<?> query = loaded.type("p.Query").getConstructors()[0];
    Object first =
        query.newInstance("alice", color("RED"), List.of(point(1, 2)), Optional.of("x"));
    Object same =
        query.newInstance("alice", color("RED"), List.of(point(1, 2)), Optional.of("x"));
    Object other =
        query.newInstance("alice", color("RED"), List.of(point(1, 2)), Optional.empty());
    assertEquals(key("query", first), key("query", same));
    assertNotEquals(key("query", first), key("query", other));
  }

  @Test
  void listsKeepOrderAndBoundaries() throws Throwable {
    roundTrips("list", new Object[] {List.of("a", "b")}, new Object[] {List.of("b", "a")});
    assertNotEquals(key("list", List.of("a,b")), key("list", List.of("a", "b")));
    assertNotEquals(key("list", List.of()), key("list", new Object[] {null}));
  }

  @Test
  void nestedListsOfRecords() throws Throwable {
    roundTrips(
        "nested",
        new Object[] {List.of(List.of(point(1, 2)), List.of())},
        new Object[] {List.of(List.of(), List.of(point(1, 2)))});
  }

  @Test
  void arraysAreListsOfTheirElements() throws Throwable {
    roundTrips(
        "array",
        new Object[] {new String[] {"a", "b"}},
        new Object[] {new String[] {"a", "b", ""}});
    roundTrips(
        "primitiveArray", new Object[] {new int[] {1, 2}}, new Object[] {new int[] {2, 1}});
    String list = key("list", List.of("a", "b")).key();
    String array = key("array", (Object) new String[] {"a", "b"}).key();
    assertEquals(list.substring(list.indexOf(':')), array.substring(array.indexOf(':')));
  }

  @Test
  void varargsAreAnArray() throws Throwable {
    assertTrue(loaded.type("p.LookupsKeys").getMethod("varargs", String.class, String[].class)
        .isVarArgs());
    roundTrips(
        "varargs",
        new Object[] {"alice", new String[] {"a"}},
        new Object[] {"alice", new String[] {"a", "b"}});
  }

  @Test
  void setOrderDoesNotMatter() throws Throwable {
    Set<String> forward = new LinkedHashSet<>(List.of("a", "b", "c"));
    Set<String> backward = new LinkedHashSet<>(List.of("c", "b", "a"));
    assertEquals(key("set", forward), key("set", backward));
    assertNotEquals(key("set", forward), key("set", Set.of("a", "b")));
    assertEquals(
        key("sortedSet", new java.util.TreeSet<>(List.of(3, 1, 2))),
        key("sortedSet", new java.util.TreeSet<>(List.of(1, 2, 3))));
  }

  @Test
  void optionalsDistinguishEmptyAndNull() throws Throwable {
    roundTrips("optional", new Object[] {Optional.of("a")}, new Object[] {Optional.of("b")});
    assertNotEquals(key("optional", Optional.empty()), key("optional", new Object[] {null}));
    assertNotEquals(key("optional", Optional.empty()), key("optional", Optional.of("")));
    roundTrips(
        "optionalList",
        new Object[] {Optional.of(List.of(point(1, 1)))},
        new Object[] {Optional.of(List.of())});
  }

  @Test
  void wildcardElements() throws Throwable {
    roundTrips(
        "wildcard", new Object[] {List.of(point(1, 2))}, new Object[] {List.of(point(1, 3))});
  }

  @Test
  void genericRecordsUseTheirTypeArguments() throws Throwable {
    Constructor<?> pair = loaded.type("p.Pair").getConstructors()[0];
    roundTrips(
        "pair",
        new Object[] {pair.newInstance("a", List.of(point(1, 2)))},
        new Object[] {pair.newInstance("a", List.of(point(2, 1)))});
  }

  @Test
  void parameterNamedLikeALocalDoesNotCollide() throws Throwable {
    roundTrips("key", new Object[] {"a", "b"}, new Object[] {"b", "a"});
  }

  @Test
  void longArgumentsStayValidKeys() throws Throwable {
    Object[] names = new Object[] {"x".repeat(500)};
    CacheKey key = key("string", names);
    assertTrue(key.key().length() <= 250, key.key());
    assertNotEquals(key, key("string", "x".repeat(499) + "y"));
  }
}
