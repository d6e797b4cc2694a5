package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cachet.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint of a cached type covers every class the allowlist admits for it: changing the
 * shape of any admitted class changes the fingerprint of every interface that admits it, and of no
 * other. The fixtures reach their classes through type variables, bounds and intersections,
 * wildcards, arrays, nested generics, inheritance (a platform superclass too) and cycles.
 */
class FingerprintCoversAllowlistTest {
  /** The text between the markers is commented out; uncommenting it changes the class's shape. */
  private static final Pattern SHAPE_CHANGE = Pattern.compile("/\\*\\+(.*?)\\+\\*/");

  private static final Pattern FINGERPRINT =
      Pattern.compile("KeyBuilder\\.(?:of|key)\\(\"([^\"]+)\", \"(?:\\1/)?([0-9a-f]{8})");

  /** Classes of the object graphs, by simple name, in package {@code p}. */
  private static final Map<String, String> CLASSES = new LinkedHashMap<>();

  /** One {@code @Cached} method per interface, so its allowlist is that cached type's. */
  private static final Map<String, String> SERVICES = new LinkedHashMap<>();

  static {
    CLASSES.put("Item", "public class Item { String label; /*+ int probe; +*/ }");
    CLASSES.put("Box", "public class Box<T> { T value; /*+ int probe; +*/ }");
    CLASSES.put("Tone", "public enum Tone { WARM, COOL /*+ , PROBE +*/ }");
    CLASSES.put("Part", "public class Part { Tone tone; /*+ int probe; +*/ }");
    CLASSES.put("Labelled", "public interface Labelled { String label(); }");
    CLASSES.put(
        "Rank",
        "public record Rank(int value /*+ , long probe +*/) implements Comparable<Rank> {"
            + " public int compareTo(Rank other) { return Integer.compare(value, other.value); } }");
    CLASSES.put("Shape", "public abstract class Shape { double area; /*+ int probe; +*/ }");
    CLASSES.put("Circle", "public class Circle extends Shape { double radius; /*+ int probe; +*/ }");
    CLASSES.put("Cell", "public class Cell { Pixel[] pixels; /*+ int probe; +*/ }");
    CLASSES.put("Pixel", "public record Pixel(int rgb /*+ , int alpha +*/) {}");
    CLASSES.put("Pair", "public record Pair<L, R>(L left, R right /*+ , int probe +*/) {}");
    CLASSES.put("Left", "public class Left { long id; /*+ String probe; +*/ }");
    CLASSES.put("Right", "public record Right(/*+ long probe +*/) {}");
    CLASSES.put("Meta", "public record Meta(String author /*+ , int probe +*/) {}");
    CLASSES.put("Root", "public class Root { Meta meta; /*+ int probe; +*/ }");
    CLASSES.put("Mid", "public class Mid<P> extends Root { P payload; /*+ int probe; +*/ }");
    CLASSES.put("Payload", "public class Payload { byte[] data; /*+ int probe; +*/ }");
    CLASSES.put("Sub", "public class Sub extends Mid<Payload> { int depth; /*+ int probe; +*/ }");
    CLASSES.put("Token", "public record Token(String text /*+ , int probe +*/) {}");
    CLASSES.put(
        "Bag",
        "public class Bag extends java.util.ArrayList<Token> {"
            + " private static final long serialVersionUID = 1L; /*+ int probe; +*/ }");
    CLASSES.put("Weight", "public record Weight(/*+ int probe +*/) {}");
    CLASSES.put(
        "Node", "public class Node { Node next; java.util.List<Edge> edges; /*+ int probe; +*/ }");
    CLASSES.put("Edge", "public class Edge { Node to; Weight weight; /*+ int probe; +*/ }");
    CLASSES.put("Score", "public record Score(/*+ double probe +*/) {}");
    CLASSES.put(
        "Ranked",
        "public abstract class Ranked<T extends Ranked<T>> { T rival; Score score; /*+ int probe;"
            + " +*/ }");
    CLASSES.put("Player", "public class Player extends Ranked<Player> { String name; /*+ int probe; +*/ }");
    CLASSES.put("Level", "public enum Level { LOW /*+ , HIGH +*/ }");
    CLASSES.put("Cage", "public class Cage<T extends Level> { T level; /*+ int probe; +*/ }");

    SERVICES.put("Boxes", "Box<Item> box(String id);");
    SERVICES.put("Shelves<T extends Item>", "T top(String id);");
    SERVICES.put("Mixed", "<T extends Part & Labelled & Comparable<Rank>> T part(String id);");
    SERVICES.put("Shapes", "java.util.List<? extends Shape> shapes(String id);");
    SERVICES.put("Sinks", "java.util.List<? super Circle> sink(String id);");
    SERVICES.put("Grids", "Cell[][] grid(String id);");
    SERVICES.put(
        "Pairs",
        "java.util.Map<String, java.util.List<Pair<Left, java.util.Optional<Right>>>>"
            + " pairs(String id);");
    SERVICES.put("Subs", "Sub sub(String id);");
    SERVICES.put("Bags", "Bag bag(String id);");
    SERVICES.put("Graphs", "java.util.Optional<Node> node(String id);");
    SERVICES.put("Ladders", "<T extends Ranked<T>> T best(String id);");
    SERVICES.put("Players", "Player[] players(String id);");
    SERVICES.put("Cages", "Cage<?> cage(String id);");
  }

  /** What one compilation emitted, per interface (simple name, no type parameters). */
  private record Emitted(Map<String, String> fingerprints, Map<String, Set<String>> allowed) {}

  @Test
  void theAllowlistsAdmitTheClassesEveryWayOfReachingThem() {
    Map<String, Set<String>> allowed = compile(null).allowed();
    Map<String, Set<String>> expected = new TreeMap<>();
    expected.put("Boxes", Set.of("Box", "Item"));
    expected.put("Shelves", Set.of("Item"));
    expected.put("Mixed", Set.of("Labelled", "Part", "Rank", "Tone"));
    expected.put("Shapes", Set.of("Shape"));
    expected.put("Sinks", Set.of("Circle", "Shape"));
    expected.put("Grids", Set.of("Cell", "Pixel"));
    expected.put("Pairs", Set.of("Left", "Pair", "Right"));
    expected.put("Subs", Set.of("Meta", "Mid", "Payload", "Root", "Sub"));
    expected.put("Bags", Set.of("Bag", "Token"));
    expected.put("Graphs", Set.of("Edge", "Node", "Weight"));
    expected.put("Ladders", Set.of("Ranked", "Score"));
    expected.put("Players", Set.of("Player", "Ranked", "Score"));
    expected.put("Cages", Set.of("Cage", "Level"));
    assertEquals(expected, new TreeMap<>(allowed));
  }

  @Test
  void changingTheShapeOfAnyAdmittedClassChangesTheFingerprintsThatAdmitIt() {
    Emitted original = compile(null);
    Set<String> admitted = new TreeSet<>();
    original.allowed().values().forEach(admitted::addAll);
    assertEquals(CLASSES.keySet(), admitted, "every fixture class is admitted somewhere");

    List<String> checked = new ArrayList<>();
    for (String changed : admitted) {
      if (CLASSES.get(changed).startsWith("public interface")) {
        // An interface stores no field: there is no shape of its own to change.
        continue;
      }
      Emitted after = compile(changed);
      for (String service : original.fingerprints().keySet()) {
        String before = original.fingerprints().get(service);
        if (original.allowed().get(service).contains(changed)) {
          assertNotEquals(
              before,
              after.fingerprints().get(service),
              service + " admits " + changed + ", so its fingerprint must cover " + changed);
          checked.add(service + "/" + changed);
        } else {
          assertEquals(
              before,
              after.fingerprints().get(service),
              service + " does not reach " + changed + ", so its fingerprint stays");
        }
      }
    }
    assertEquals(31, checked.size(), checked.toString());
  }

  /** Compiles the fixtures, with the shape of {@code changed} changed (none when null). */
  private static Emitted compile(String changed) {
    List<JavaFileObject> sources = new ArrayList<>();
    CLASSES.forEach(
        (name, text) -> {
          Matcher marker = SHAPE_CHANGE.matcher(text);
          boolean marked = marker.find();
          assertTrue(marked || text.startsWith("public interface"), name + " has no shape change");
          String body = name.equals(changed) ? marker.replaceAll("$1") : text;
          sources.add(source("p." + name, "package p;", body));
        });
    SERVICES.forEach(
        (declaration, method) ->
            sources.add(
                source(
                    "p." + simpleName(declaration),
                    "package p;",
                    "import dev.cachet.Cached;",
                    "public interface " + declaration + " {",
                    "  @Cached(namespace = \"" + simpleName(declaration).toLowerCase() + "\")",
                    "  " + method,
                    "}")));
    Compilation compilation = Compilations.compile(sources.toArray(JavaFileObject[]::new));
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, String> fingerprints = new TreeMap<>();
    Map<String, Set<String>> allowed = new TreeMap<>();
    for (String declaration : SERVICES.keySet()) {
      String service = simpleName(declaration);
      fingerprints.put(service, fingerprint(text(compilation, "p." + service + "Keys")));
      allowed.put(service, allowed(text(compilation, "p.Caching" + service), service));
    }
    return new Emitted(fingerprints, allowed);
  }

  private static String simpleName(String declaration) {
    int generic = declaration.indexOf('<');
    return generic < 0 ? declaration : declaration.substring(0, generic);
  }

  private static String text(Compilation compilation, String name) {
    try {
      return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fingerprint(String keys) {
    Matcher matcher = FINGERPRINT.matcher(keys);
    assertTrue(matcher.find(), keys);
    String fingerprint = matcher.group(2);
    assertFalse(matcher.find(), "one namespace per interface: " + keys);
    return fingerprint;
  }

  /** The simple names in {@code CachedOperation.allow(...)} and {@code allowByName(...)}. */
  private static Set<String> allowed(String decorator, String service) {
    Set<String> names = new TreeSet<>();
    Matcher call = Pattern.compile("CachedOperation\\.allow(?:ByName)?\\(cachet, ([^;]*)\\);").matcher(decorator);
    while (call.find()) {
      Matcher name = Pattern.compile("(\\w+)\\.class|\"p\\.(\\w+)\"").matcher(call.group(1));
      while (name.find()) {
        names.add(name.group(1) != null ? name.group(1) : name.group(2));
      }
    }
    names.remove("Caching" + service);
    return names;
  }
}
