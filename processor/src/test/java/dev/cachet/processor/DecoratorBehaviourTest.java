package dev.cachet.processor;

import static dev.cachet.processor.Compilations.source;
import static dev.cachet.processor.LoadedCompilation.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.processor.LoadedCompilation.Delegate;
import dev.cachet.runtime.Cachet;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The semantics of DESIGN section 3, observed by calling a generated decorator; every test runs
 * without and with the near cache, which must not change any of them.
 */
@ParameterizedClass(name = "near cache: {0}")
@ValueSource(booleans = {false, true})
class DecoratorBehaviourTest {
  private static final JavaFileObject IMAGES =
      source(
          "p.Images",
          "package p;",
          "import dev.cachet.Cached;",
          "import dev.cachet.DoNotCacheNull;",
          "import dev.cachet.Invalidates;",
          "import dev.cachet.NotKey;",
          "import java.util.List;",
          "public interface Images {",
          "  @Cached(namespace = \"image_list\", region = \"long_term\")",
          "  List<String> list(String owner, String region);",
          "",
          "  @Cached(namespace = \"image\", region = \"short_term\")",
          "  String find(String id, @NotKey String trace);",
          "",
          "  @Cached(namespace = \"lookup\", region = \"short_term\")",
          "  @DoNotCacheNull",
          "  String lookup(String id);",
          "",
          "  @Cached(namespace = \"file\", region = \"short_term\")",
          "  String read(String path) throws java.io.IOException;",
          "",
          "  @Cached(namespace = \"wide\", region = \"short_term\")",
          "  String wide(String a, int b, long c, java.util.UUID d);",
          "",
          "  @Cached(namespace = \"tagged\", region = \"short_term\")",
          "  String tagged(List<String> tags);",
          "",
          "  @Invalidates(namespace = \"image_list\")",
          "  void register(String owner, String region, String image);",
          "",
          "  @Invalidates(namespace = \"image_list\")",
          "  @Invalidates(namespace = \"image\", all = true)",
          "  int reset(String region, String owner);",
          "",
          "  @Invalidates(namespace = \"image_list\", all = true)",
          "  void forgetAll();",
          "",
          "  int count(String owner);",
          "",
          "  default String describe(String owner) {",
          "    return owner + \" has \" + count(owner);",
          "  }",
          "}");

  private static LoadedCompilation loaded;
  private Cachet cachet;

  @Parameter boolean nearCache;

  /** What the delegate answers next, per call; tests set it before calling. */
  private final AtomicReference<Object> answer = new AtomicReference<>();

  @BeforeAll
  static void compile() {
    loaded = LoadedCompilation.of(IMAGES);
  }

  @AfterEach
  void close() {
    if (cachet != null) {
      cachet.close();
    }
  }

  private Cachet cachet() {
    Cachet.Builder builder =
        Cachet.builder()
            .inMemory()
            .region("long_term", Duration.ofHours(1))
            .region("short_term", Duration.ofMinutes(1));
    if (nearCache) {
      builder.nearCache(64);
    }
    cachet = builder.build();
    return cachet;
  }

  private Delegate delegate() {
    return loaded.delegate(
        "p.Images",
        (method, arguments) -> {
          Object next = answer.get();
          if (next instanceof Throwable failure) {
            throw failure;
          }
          if (method.equals("list")) {
            return List.of(arguments[0] + "/" + arguments[1] + "#" + next);
          }
          return next;
        });
  }

  private Object decorator(Delegate delegate) throws Throwable {
    return loaded.decorate("p.CachingImages", delegate, cachet());
  }

  @Test
  void hitsReturnTheStoredInstanceExactlyWhenTheNearCacheIsOn() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(1);

    Object first = call(images, "list", "alice", "eu");
    Object second = call(images, "list", "alice", "eu");
    // Equal arguments that are other instances find the same entry.
    Object third = call(images, "list", new String("alice"), new String("eu"));

    assertEquals(second, third);
    assertEquals(1, delegate.calls.size());
    long nearHits = cachet.statistics().totals().nearHits();
    if (nearCache) {
      assertSame(first, second, "the store kept the delegate's value in the near cache");
      assertSame(second, third);
      assertEquals(2, nearHits, "both hits are answered by the near cache");
      assertEquals(2, cachet.statistics().totals().hits());
    } else {
      assertNotSame(second, third, "every hit decodes a copy of the stored bytes");
      assertEquals(0, nearHits);
    }
  }

  @Test
  void fourScalarKeysAndAListKeyHitAndKeepTheirKeysApart() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    java.util.UUID id = java.util.UUID.randomUUID();

    answer.set("w1");
    assertEquals("w1", call(images, "wide", "a", 1, 2L, id));
    answer.set("w2");
    assertEquals("w1", call(images, "wide", "a", 1, 2L, id));
    assertEquals("w1", call(images, "wide", "a", 1, 2L, java.util.UUID.fromString(id.toString())));
    assertEquals("w2", call(images, "wide", "a", 1, 3L, id));
    answer.set("t1");
    assertEquals("t1", call(images, "tagged", List.of("x", "y")));
    answer.set("t2");
    assertEquals("t1", call(images, "tagged", List.of("x", "y")));
    assertEquals("t1", call(images, "tagged", new java.util.ArrayList<>(List.of("x", "y"))));
    assertEquals("t2", call(images, "tagged", List.of("y", "x")));

    assertEquals(4, delegate.calls.size());
    assertEquals(nearCache ? 4 : 0, cachet.statistics().totals().nearHits());
  }

  @Test
  void missCallsTheDelegateOnceAndHitsSkipIt() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(1);

    Object first = call(images, "list", "alice", "eu");
    answer.set(2);
    Object second = call(images, "list", "alice", "eu");

    assertEquals(List.of("alice/eu#1"), first);
    assertEquals(first, second);
    assertEquals(1, delegate.count("list"));
  }

  @Test
  void differentKeysAreDifferentEntries() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(1);

    assertEquals(List.of("alice/eu#1"), call(images, "list", "alice", "eu"));
    assertEquals(List.of("alice/us#1"), call(images, "list", "alice", "us"));
    assertEquals(List.of("bob/eu#1"), call(images, "list", "bob", "eu"));
    assertEquals(3, delegate.count("list"));
  }

  @Test
  void notKeyParametersDoNotSplitEntries() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set("one");

    assertEquals("one", call(images, "find", "id", "trace-1"));
    answer.set("two");
    assertEquals("one", call(images, "find", "id", "trace-2"));
    assertEquals(1, delegate.count("find"));
  }

  @Test
  void nullResultsAreCached() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(null);

    assertNull(call(images, "find", "missing", "t"));
    answer.set("late");
    assertNull(call(images, "find", "missing", "t"));
    assertEquals(1, delegate.count("find"));
  }

  @Test
  void doNotCacheNullAsksAgainAfterANullButCachesValues() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(null);

    assertNull(call(images, "lookup", "x"));
    answer.set("found");
    assertEquals("found", call(images, "lookup", "x"));
    answer.set("changed");
    assertEquals("found", call(images, "lookup", "x"));
    assertEquals(2, delegate.count("lookup"));
  }

  @Test
  void runtimeExceptionsPropagateUnchangedAndAreNotCached() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    IllegalStateException failure = new IllegalStateException("down");
    answer.set(failure);

    assertSame(failure, assertThrows(IllegalStateException.class, () -> call(images, "find", "a", "t")));
    answer.set("up");
    assertEquals("up", call(images, "find", "a", "t"));
    assertEquals(2, delegate.count("find"));
  }

  @Test
  void checkedExceptionsPropagateUnchangedAndAreNotCached() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    IOException failure = new IOException("disk");
    answer.set(failure);

    assertSame(failure, assertThrows(IOException.class, () -> call(images, "read", "/x")));
    answer.set("content");
    assertEquals("content", call(images, "read", "/x"));
    assertEquals("content", call(images, "read", "/x"));
    assertEquals(2, delegate.count("read"));
  }

  @Test
  void invalidatesDropsTheMatchingEntryAfterANormalReturn() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(1);
    call(images, "list", "alice", "eu");
    call(images, "list", "bob", "eu");

    answer.set(null);
    call(images, "register", "alice", "eu", "img-9");
    answer.set(2);

    assertEquals(List.of("alice/eu#2"), call(images, "list", "alice", "eu"));
    assertEquals(List.of("bob/eu#1"), call(images, "list", "bob", "eu"), "other keys stay");
    assertEquals(3, delegate.count("list"));
    assertEquals(1, delegate.count("register"));
  }

  @Test
  void invalidatesKeepsTheEntryWhenTheDelegateThrows() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(1);
    call(images, "list", "alice", "eu");

    answer.set(new IllegalStateException("refused"));
    assertThrows(
        IllegalStateException.class, () -> call(images, "register", "alice", "eu", "img"));
    answer.set(2);

    assertEquals(List.of("alice/eu#1"), call(images, "list", "alice", "eu"));
    assertEquals(1, delegate.count("list"));
  }

  @Test
  void repeatedInvalidatesMatchParametersByNameAndReturnTheResult() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(1);
    call(images, "list", "alice", "eu");
    answer.set("cached");
    call(images, "find", "id", "t");

    answer.set(7);
    assertEquals(7, call(images, "reset", "eu", "alice"));

    answer.set(2);
    assertEquals(List.of("alice/eu#2"), call(images, "list", "alice", "eu"));
    answer.set("fresh");
    assertEquals("fresh", call(images, "find", "id", "t"));
  }

  @Test
  void invalidatesAllDropsTheWholeNamespace() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(1);
    call(images, "list", "alice", "eu");
    call(images, "list", "bob", "us");
    answer.set("kept");
    call(images, "find", "id", "t");

    call(images, "forgetAll");
    answer.set(2);

    assertEquals(List.of("alice/eu#2"), call(images, "list", "alice", "eu"));
    assertEquals(List.of("bob/us#2"), call(images, "list", "bob", "us"));
    assertEquals("kept", call(images, "find", "id", "t"), "other namespaces stay");
    assertEquals(4, delegate.count("list"));
  }

  @Test
  void unannotatedAndDefaultMethodsDelegateEveryTime() throws Throwable {
    Delegate delegate = delegate();
    Object images = decorator(delegate);
    answer.set(3);
    assertEquals(3, call(images, "count", "alice"));
    assertEquals(3, call(images, "count", "alice"));
    answer.set("from the delegate");
    assertEquals("from the delegate", call(images, "describe", "alice"));

    assertEquals(List.of("count", "count", "describe"), delegate.calls);
  }

  @Test
  void constructorNamesEveryMissingRegion() {
    Delegate delegate = delegate();
    cachet = Cachet.builder().inMemory().region("other", Duration.ofMinutes(1)).build();

    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> loaded.decorate("p.CachingImages", delegate, cachet));

    assertTrue(failure.getMessage().contains("long_term"), failure.getMessage());
    assertTrue(failure.getMessage().contains("short_term"), failure.getMessage());
    assertTrue(failure.getMessage().contains("CachingImages"), failure.getMessage());
  }

  @Test
  void constructorRejectsANullDelegate() {
    Cachet configured = cachet();
    NullPointerException failure =
        assertThrows(
            NullPointerException.class,
            () -> loaded.construct("p.CachingImages", null, configured));
    assertEquals("delegate", failure.getMessage());
  }
}
