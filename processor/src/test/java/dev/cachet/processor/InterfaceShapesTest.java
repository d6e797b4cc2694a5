package dev.cachet.processor;

import static dev.cachet.processor.Compilations.source;
import static dev.cachet.processor.LoadedCompilation.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.processor.LoadedCompilation.Delegate;
import dev.cachet.runtime.Cachet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One behaviour test per interface shape real service interfaces use (issue 3). */
class InterfaceShapesTest {
  private Cachet cachet;

  /** Stands for a {@code null} answer, which an {@code ArrayDeque} cannot hold. */
  private static final Object NULL = new Object();

  /** The delegate's next answers, in order; a Throwable is thrown. */
  private final Deque<Object> answers = new ArrayDeque<>();

  @AfterEach
  void close() {
    if (cachet != null) {
      cachet.close();
    }
  }

  private static JavaFileObject service(String name, String... members) {
    String[] lines = new String[members.length + 12];
    lines[0] = "package p;";
    lines[1] = "import dev.cachet.Cached;";
    lines[2] = "import dev.cachet.DoNotCacheNull;";
    lines[3] = "import dev.cachet.Invalidates;";
    lines[4] = "import dev.cachet.NotKey;";
    lines[5] = "import java.util.List;";
    lines[6] = "import java.util.Optional;";
    lines[7] = "import java.util.concurrent.CompletableFuture;";
    lines[8] = "import java.util.concurrent.CompletionStage;";
    lines[9] = "public interface " + name + " {";
    System.arraycopy(members, 0, lines, 10, members.length);
    lines[lines.length - 2] = "";
    lines[lines.length - 1] = "}";
    return source("p." + name.split("[< ]")[0], lines);
  }

  private Object decorate(LoadedCompilation loaded, String iface, String decorator, Delegate d)
      throws Throwable {
    cachet = Cachet.builder().inMemory().region("default", Duration.ofMinutes(5)).build();
    return loaded.decorate(decorator, d, cachet);
  }

  private Delegate delegate(LoadedCompilation loaded, String iface) {
    return loaded.delegate(
        iface,
        (method, arguments) -> {
          Object next = answers.isEmpty() ? NULL : answers.removeFirst();
          if (next instanceof Throwable failure) {
            throw failure;
          }
          return next == NULL ? null : next;
        });
  }

  @Test
  void genericInterface() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Repo<T>",
                "  @Cached(namespace = \"entity\") T find(String id);",
                "  @Cached(namespace = \"entities\") List<T> all(String owner);",
                "  @Invalidates(namespace = \"entity\") void save(String id, T entity);"));
    Delegate delegate = delegate(loaded, "p.Repo");
    Object repo = decorate(loaded, "p.Repo", "p.CachingRepo", delegate);
    assertEquals(1, loaded.type("p.CachingRepo").getTypeParameters().length);

    answers.add("alice");
    answers.add("changed");
    assertEquals("alice", call(repo, "find", "1"));
    assertEquals("alice", call(repo, "find", "1"));
    call(repo, "save", "1", "bob");
    answers.add("bob");
    assertEquals("bob", call(repo, "find", "1"));
    assertEquals(2, delegate.count("find"));
  }

  @Test
  void genericMethod() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Settings",
                "  @Cached(namespace = \"setting\")",
                "  <T> T setting(String name, @NotKey Class<T> type);",
                "  @Cached(namespace = \"settings\")",
                "  <T extends Comparable<T>> List<T> sorted(String name);"));
    Delegate delegate = delegate(loaded, "p.Settings");
    Object settings = decorate(loaded, "p.Settings", "p.CachingSettings", delegate);

    answers.add(42);
    assertEquals(42, call(settings, "setting", "answer", Integer.class));
    assertEquals(42, call(settings, "setting", "answer", Integer.class));
    answers.add(List.of("a", "b"));
    assertEquals(List.of("a", "b"), call(settings, "sorted", "letters"));
    assertEquals(List.of("a", "b"), call(settings, "sorted", "letters"));
    assertEquals(2, delegate.calls.size());
  }

  @Test
  void overloadsWithDifferentNamespaces() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Users",
                "  @Cached(namespace = \"user_by_name\") String find(String name);",
                "  @Cached(namespace = \"user_by_number\") String find(long number);",
                "  @Invalidates(namespace = \"user_by_number\") void forget(long number);"));
    Delegate delegate = delegate(loaded, "p.Users");
    Object users = decorate(loaded, "p.Users", "p.CachingUsers", delegate);
    Class<?>[] byName = {String.class};
    Class<?>[] byNumber = {long.class};

    answers.add("by name");
    answers.add("by number");
    assertEquals("by name", call(users, "find", byName, "7"));
    assertEquals("by number", call(users, "find", byNumber, 7L));
    assertEquals("by name", call(users, "find", byName, "7"));
    assertEquals("by number", call(users, "find", byNumber, 7L));
    assertEquals(2, delegate.count("find"));

    call(users, "forget", 7L);
    answers.add("by number again");
    assertEquals("by number again", call(users, "find", byNumber, 7L));
    assertEquals("by name", call(users, "find", byName, "7"));
  }

  @Test
  void inheritedMethodsIncludingInvalidatesOfASupertypeNamespace() throws Throwable {
    JavaFileObject base =
        service(
            "Base<T>",
            "  @Cached(namespace = \"item\") T find(String id);",
            "  int size();");
    JavaFileObject names =
        service(
            "Names extends Base<String>",
            "  @Invalidates(namespace = \"item\") void rename(String id, String name);",
            "  @Cached(namespace = \"prefix\") List<String> startingWith(String prefix);");
    LoadedCompilation loaded = LoadedCompilation.of(base, names);
    loaded.type("p.CachingBase");
    Delegate delegate = delegate(loaded, "p.Names");
    Object decorator = decorate(loaded, "p.Names", "p.CachingNames", delegate);

    answers.add("first");
    assertEquals("first", call(decorator, "find", "1"));
    assertEquals("first", call(decorator, "find", "1"));
    answers.add(NULL);
    call(decorator, "rename", "1", "second");
    answers.add("second");
    assertEquals("second", call(decorator, "find", "1"));
    answers.add(3);
    assertEquals(3, call(decorator, "size"));
    assertEquals(List.of("find", "rename", "find", "size"), delegate.calls);
    assertTrue(loaded.type("p.NamesKeys").getMethod("item", String.class) != null);
  }

  @Test
  void defaultMethodsDelegateAndCachedDefaultMethodsCache() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Greeter",
                "  String name(String id);",
                "  default String greet(String id) { return \"hello \" + name(id); }",
                "  @Cached(namespace = \"greeting\")",
                "  default String cachedGreet(String id) { return \"hi \" + name(id); }"));
    Delegate delegate = delegate(loaded, "p.Greeter");
    Object greeter = decorate(loaded, "p.Greeter", "p.CachingGreeter", delegate);

    answers.add("delegate's greeting");
    assertEquals("delegate's greeting", call(greeter, "greet", "1"));
    answers.add("delegate's cached greeting");
    assertEquals("delegate's cached greeting", call(greeter, "cachedGreet", "1"));
    assertEquals("delegate's cached greeting", call(greeter, "cachedGreet", "1"));
    assertEquals(List.of("greet", "cachedGreet"), delegate.calls);
  }

  @Test
  void checkedExceptionsAreDeclaredAndPropagate() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Files",
                "  @Cached(namespace = \"file\")",
                "  String read(String path) throws java.io.IOException, InterruptedException;"));
    assertEquals(
        List.of(IOException.class, InterruptedException.class),
        List.of(loaded.type("p.CachingFiles").getMethod("read", String.class).getExceptionTypes()));
    Delegate delegate = delegate(loaded, "p.Files");
    Object files = decorate(loaded, "p.Files", "p.CachingFiles", delegate);

    InterruptedException interrupted = new InterruptedException();
    answers.add(interrupted);
    assertSame(
        interrupted, assertThrows(InterruptedException.class, () -> call(files, "read", "/a")));
    answers.add("text");
    assertEquals("text", call(files, "read", "/a"));
    assertEquals("text", call(files, "read", "/a"));
    assertEquals(2, delegate.count("read"));
  }

  @Test
  void primitiveReturns() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Counters",
                "  @Cached(namespace = \"count\") int count(String owner);",
                "  @Cached(namespace = \"total\") long total(String owner);",
                "  @Cached(namespace = \"ratio\") double ratio(String owner);",
                "  @Cached(namespace = \"exists\") boolean exists(String owner);",
                "  @Cached(namespace = \"initial\") char initial(String owner);"));
    Delegate delegate = delegate(loaded, "p.Counters");
    Object counters = decorate(loaded, "p.Counters", "p.CachingCounters", delegate);

    answers.addAll(List.of(5, 6L, 0.5, true, 'a'));
    for (int round = 0; round < 2; round++) {
      assertEquals(5, call(counters, "count", "x"));
      assertEquals(6L, call(counters, "total", "x"));
      assertEquals(0.5, call(counters, "ratio", "x"));
      assertEquals(true, call(counters, "exists", "x"));
      assertEquals('a', call(counters, "initial", "x"));
    }
    assertEquals(5, delegate.calls.size());
  }

  @Test
  void varargs() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Tags",
                "  @Cached(namespace = \"tagged\") List<String> tagged(String owner, String... tags);",
                "  @Invalidates(namespace = \"tagged\") void retag(String owner, String... tags);"));
    assertTrue(
        loaded.type("p.CachingTags").getMethod("tagged", String.class, String[].class).isVarArgs());
    Delegate delegate = delegate(loaded, "p.Tags");
    Object tags = decorate(loaded, "p.Tags", "p.CachingTags", delegate);

    answers.add(List.of("one"));
    answers.add(List.of("two"));
    assertEquals(List.of("one"), call(tags, "tagged", "a", new String[] {"x", "y"}));
    assertEquals(List.of("one"), call(tags, "tagged", "a", new String[] {"x", "y"}));
    assertEquals(List.of("two"), call(tags, "tagged", "a", new String[] {"y", "x"}));
    call(tags, "retag", "a", new String[] {"x", "y"});
    answers.add(List.of("three"));
    assertEquals(List.of("three"), call(tags, "tagged", "a", new String[] {"x", "y"}));
    assertEquals(3, delegate.count("tagged"));
  }

  @Test
  void completableFutureCachesCompletedValuesNotFailures() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Async",
                "  @Cached(namespace = \"async\") CompletableFuture<String> load(String id);"));
    Delegate delegate = delegate(loaded, "p.Async");
    Object async = decorate(loaded, "p.Async", "p.CachingAsync", delegate);

    answers.add(CompletableFuture.failedFuture(new IllegalStateException("no")));
    CompletableFuture<?> failed = (CompletableFuture<?>) call(async, "load", "1");
    assertThrows(CompletionException.class, failed::join);

    CompletableFuture<String> pending = new CompletableFuture<>();
    answers.add(pending);
    CompletableFuture<?> second = (CompletableFuture<?>) call(async, "load", "1");
    pending.complete("value");
    assertEquals("value", second.join());

    CompletableFuture<?> hit = (CompletableFuture<?>) call(async, "load", "1");
    assertTrue(hit.isDone());
    assertEquals("value", hit.join());
    assertEquals(2, delegate.count("load"));
  }

  @Test
  void completionStageCachesCompletedValuesNotFailures() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Stages",
                "  @Cached(namespace = \"stage\") CompletionStage<Integer> size(String id);"));
    Delegate delegate = delegate(loaded, "p.Stages");
    Object stages = decorate(loaded, "p.Stages", "p.CachingStages", delegate);

    answers.add(CompletableFuture.failedFuture(new IllegalStateException("no")));
    CompletionStage<?> failed = (CompletionStage<?>) call(stages, "size", "1");
    assertThrows(CompletionException.class, () -> failed.toCompletableFuture().join());
    answers.add(CompletableFuture.completedFuture(12));
    assertEquals(12, ((CompletionStage<?>) call(stages, "size", "1")).toCompletableFuture().join());
    assertEquals(12, ((CompletionStage<?>) call(stages, "size", "1")).toCompletableFuture().join());
    assertEquals(2, delegate.count("size"));
  }

  @Test
  void optionalCachesValuesAndEmptiness() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Lookup",
                "  @Cached(namespace = \"lookup\") Optional<String> find(String id);",
                "  @Cached(namespace = \"strict\") @DoNotCacheNull Optional<String> strict(String id);"));
    Delegate delegate = delegate(loaded, "p.Lookup");
    Object lookup = decorate(loaded, "p.Lookup", "p.CachingLookup", delegate);

    answers.add(Optional.of("a"));
    assertEquals(Optional.of("a"), call(lookup, "find", "1"));
    assertEquals(Optional.of("a"), call(lookup, "find", "1"));
    answers.add(Optional.empty());
    assertEquals(Optional.empty(), call(lookup, "find", "2"));
    assertEquals(Optional.empty(), call(lookup, "find", "2"));
    assertEquals(2, delegate.count("find"));

    answers.add(Optional.empty());
    answers.add(Optional.of("b"));
    assertEquals(Optional.empty(), call(lookup, "strict", "1"));
    assertEquals(Optional.of("b"), call(lookup, "strict", "1"));
    assertEquals(Optional.of("b"), call(lookup, "strict", "1"));
    assertEquals(2, delegate.count("strict"));
  }

  @Test
  void nullOptionalFromTheDelegateIsReturnedAndNotStored() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service("Lookup", "  @Cached(namespace = \"lookup\") Optional<String> find(String id);"));
    Delegate delegate = delegate(loaded, "p.Lookup");
    Object lookup = decorate(loaded, "p.Lookup", "p.CachingLookup", delegate);

    answers.add(NULL);
    assertNull(call(lookup, "find", "1"));
    answers.add(Optional.of("now"));
    assertEquals(Optional.of("now"), call(lookup, "find", "1"));
    assertEquals(2, delegate.count("find"));
  }

  @Test
  void nestedInterface() throws Throwable {
    JavaFileObject outer =
        source(
            "p.Outer",
            "package p;",
            "import dev.cachet.Cached;",
            "public class Outer {",
            "  public interface Inner {",
            "    @Cached(namespace = \"inner\") String value(String id);",
            "  }",
            "}");
    LoadedCompilation loaded = LoadedCompilation.of(outer);
    assertTrue(loaded.type("p.Outer_InnerKeys").getMethod("inner", String.class) != null);
    Delegate delegate = delegate(loaded, "p.Outer$Inner");
    Object inner = decorate(loaded, "p.Outer$Inner", "p.CachingOuter_Inner", delegate);

    answers.add("v");
    assertEquals("v", call(inner, "value", "1"));
    assertEquals("v", call(inner, "value", "1"));
    assertEquals(1, delegate.count("value"));
  }

  @Test
  void parameterNamesThatShadowFieldsAndLocals() throws Throwable {
    LoadedCompilation loaded =
        LoadedCompilation.of(
            service(
                "Shadows",
                "  @Cached(namespace = \"shadow\")",
                "  String delegate(String cachet, String key, String found, String load,"
                    + " String value, String failure);",
                "  @Invalidates(namespace = \"shadow\")",
                "  String cachet(String cachet, String key, String found, String load,"
                    + " String value, String failure, String result);"));
    Delegate delegate = delegate(loaded, "p.Shadows");
    Object shadows = decorate(loaded, "p.Shadows", "p.CachingShadows", delegate);

    answers.add("one");
    assertEquals("one", call(shadows, "delegate", "a", "b", "c", "d", "e", "f"));
    assertEquals("one", call(shadows, "delegate", "a", "b", "c", "d", "e", "f"));
    answers.add("returned");
    assertEquals("returned", call(shadows, "cachet", "a", "b", "c", "d", "e", "f", "g"));
    answers.add("two");
    assertEquals("two", call(shadows, "delegate", "a", "b", "c", "d", "e", "f"));
    assertFalse(delegate.calls.isEmpty());
    assertEquals(2, delegate.count("delegate"));
  }
}
