package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cachet.processor.Compilations.compile;
import static dev.cachet.processor.Compilations.compileLeniently;
import static dev.cachet.processor.Compilations.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every build-time check of DESIGN section 5: the message with its id, on the exact file and line.
 */
class BuildTimeChecksTest {
  private static final JavaFileObject IMAGE =
      source("p.Image", "package p;", "", "public record Image(String id, String owner) {}");

  /** An interface {@code p.<name>} with the usual imports and {@code body} as its members. */
  private static JavaFileObject service(String name, String... body) {
    String[] lines = new String[body.length + 10];
    lines[0] = "package p;";
    lines[1] = "import dev.cachet.Cached;";
    lines[2] = "import dev.cachet.Invalidates;";
    lines[3] = "import dev.cachet.NotKey;";
    lines[4] = "import java.util.List;";
    lines[5] = "import java.util.Map;";
    lines[6] = "import java.util.Optional;";
    lines[7] = "import java.util.Set;";
    lines[8] = "public interface " + name + " {";
    System.arraycopy(body, 0, lines, 9, body.length);
    lines[lines.length - 1] = "}";
    return source("p." + name.split("[< ]")[0], lines);
  }

  @Test
  void cachedOnAClassMethodIsAnError() {
    JavaFileObject impl =
        source(
            "p.ImageFinder",
            "package p;",
            "import dev.cachet.Cached;",
            "public class ImageFinder {",
            "  @Cached(namespace = \"image\")",
            "  public Image find(String id) { return null; }",
            "}");
    Compilation compilation = compile(IMAGE, impl);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[CachetNotInterface] @Cached is on ImageFinder.find(), a method of a class; only"
                + " interface methods are decorated")
        .inFile(impl)
        .onLineContaining("@Cached(namespace = \"image\")");
  }

  @Test
  void invalidatesOnAClassMethodIsAnError() {
    JavaFileObject impl =
        source(
            "p.ImageWriter",
            "package p;",
            "import dev.cachet.Invalidates;",
            "public class ImageWriter {",
            "  @Invalidates(namespace = \"image\", all = true)",
            "  public void clear() {}",
            "}");
    Compilation compilation = compile(impl);

    assertThat(compilation)
        .hadErrorContaining("[CachetNotInterface] @Invalidates is on ImageWriter.clear()")
        .inFile(impl)
        .onLineContaining("@Invalidates(namespace = \"image\", all = true)");
  }

  @Test
  void cachedOnAnEnumMethodIsAnError() {
    JavaFileObject kind =
        source(
            "p.Kind",
            "package p;",
            "import dev.cachet.Cached;",
            "public enum Kind {",
            "  A;",
            "  @Cached(namespace = \"kind\") public String label(String id) { return id; }",
            "}");
    assertThat(compile(kind))
        .hadErrorContaining("[CachetNotInterface] @Cached is on Kind.label(), a method of an enum")
        .inFile(kind)
        .onLineContaining("public String label");
  }

  @Test
  void cachedOnAStaticInterfaceMethodIsAnError() {
    JavaFileObject service =
        service(
            "ImageService",
            "  @Cached(namespace = \"image\")",
            "  Image find(String id);",
            "  @Cached(namespace = \"other\")",
            "  static Image any(String id) { return null; }");
    Compilation compilation = compile(IMAGE, service);

    assertThat(compilation)
        .hadErrorContaining("[CachetStaticMethod] @Cached is on static method any()")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"other\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void cachedOnAVoidMethodIsAnError() {
    JavaFileObject service =
        service("Touch", "  @Cached(namespace = \"touch\")", "  void touch(String id);");
    Compilation compilation = compile(service);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetVoidMethod] @Cached is on touch(), which returns void, so there is nothing"
                + " to cache")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"touch\")");
  }

  @Test
  void keyParameterWithoutStableFormIsAnErrorOnTheParameter() {
    JavaFileObject service =
        service(
            "Search",
            "  @Cached(namespace = \"search\")",
            "  List<Image> search(String owner,",
            "      Object filter);");
    Compilation compilation = compile(IMAGE, service);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetKeyType] parameter 'filter' (java.lang.Object) has no stable key form; make"
                + " it a record of key-safe fields, or mark it @NotKey")
        .inFile(service)
        .onLineContaining("Object filter");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void recordKeyWithAnUnstableComponentNamesTheComponent() {
    JavaFileObject filter =
        source(
            "p.Filter",
            "package p;",
            "public record Filter(String owner, java.util.Map<String, String> tags) {}");
    JavaFileObject service =
        service("Search", "  @Cached(namespace = \"search\")", "  List<Image> search(Filter filter);");
    Compilation compilation = compile(IMAGE, filter, service);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetKeyType] parameter 'filter' (p.Filter) has no stable key form: its component"
                + " 'tags' (java.util.Map<java.lang.String,java.lang.String>) has none")
        .inFile(service)
        .onLineContaining("Filter filter");
  }

  @Test
  void selfReferentialRecordKeyIsAnError() {
    JavaFileObject node =
        source("p.Node", "package p;", "public record Node(String name, Node parent) {}");
    JavaFileObject service =
        service("Tree", "  @Cached(namespace = \"tree\")", "  List<Image> under(Node node);");
    Compilation compilation = compile(IMAGE, node, service);

    assertThat(compilation)
        .hadErrorContaining("[CachetKeyType] parameter 'node' (p.Node) has no stable key form:"
            + " record p.Node refers to itself")
        .inFile(service)
        .onLineContaining("Node node");
  }

  @Test
  void rawListsMapsAndCollectionsAreNotKeys() {
    JavaFileObject service =
        service(
            "Search",
            "  @Cached(namespace = \"search\")",
            "  List<Image> search(@SuppressWarnings(\"rawtypes\") List raw,",
            "      Map<String, String> tags,",
            "      java.util.Collection<String> names);");
    Compilation compilation = compile(IMAGE, service);

    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[CachetKeyType] parameter 'raw' (java.util.List) has no stable key form: a raw List"
                + " has no element type")
        .inFile(service)
        .onLineContaining("List raw");
    assertThat(compilation)
        .hadErrorContaining("[CachetKeyType] parameter 'tags'")
        .inFile(service)
        .onLineContaining("Map<String, String> tags");
    assertThat(compilation)
        .hadErrorContaining("[CachetKeyType] parameter 'names'")
        .inFile(service)
        .onLineContaining("java.util.Collection<String> names");
  }

  @Test
  void notKeyParameterIsNotChecked() {
    JavaFileObject service =
        service(
            "Search",
            "  @Cached(namespace = \"search\")",
            "  List<Image> search(String owner, @NotKey Object trace);");
    assertThat(compile(IMAGE, service)).succeededWithoutWarnings();
  }

  @Test
  void malformedNamespaceIsAnErrorOnTheValue() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"Image-List\")",
            "  Image find(String id);");
    Compilation compilation = compile(IMAGE, service);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetNamespace] namespace \"Image-List\" is not of the form [a-z][a-z0-9_.-]*")
        .inFile(service)
        .onLineContaining("\"Image-List\"");
  }

  @Test
  void emptyNamespaceIsAnError() {
    JavaFileObject service =
        service("Images", "  @Cached(namespace = \"\")", "  Image find(String id);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining("[CachetNamespace] namespace \"\" is empty")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"\")");
  }

  @Test
  void namespaceLongerThan64CharactersIsAnError() {
    String name = "a".repeat(65);
    JavaFileObject service =
        service("Images", "  @Cached(namespace = \"" + name + "\")", "  Image find(String id);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining("[CachetNamespace] namespace \"" + name + "\" is 65 characters long")
        .inFile(service)
        .onLineContaining(name);
  }

  @Test
  void namespaceWhoseKeyMethodIsAKeywordIsAnError() {
    JavaFileObject service =
        service("Images", "  @Cached(namespace = \"new\")", "  Image find(String id);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining(
            "[CachetNamespace] namespace \"new\" becomes the key method name 'new', which is not"
                + " a Java identifier")
        .inFile(service)
        .onLineContaining("\"new\"");
  }

  @Test
  void oneNamespaceWithTwoKeySignaturesIsAnError() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image\")",
            "  Image find(String id);",
            "  @Cached(namespace = \"image\") Image find(long number);");
    Compilation compilation = compile(IMAGE, service);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetKeySignature] namespace \"image\" has the key (long number) here but"
                + " (java.lang.String id) in find()")
        .inFile(service)
        .onLineContaining("Image find(long number)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void namespacesWithTheSameKeyMethodNameAreAnError() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image_list\")",
            "  List<Image> list(String owner);",
            "  @Cached(namespace = \"image.list\")",
            "  List<Image> others(String owner);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining(
            "[CachetNamespaceCollision] namespaces \"image_list\" and \"image.list\" both become"
                + " the key method imageList()")
        .inFile(service)
        .onLineContaining("\"image.list\"");
  }

  @Test
  void oneNamespaceWithTwoCachedTypesIsAnError() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image\")",
            "  Image find(String id);",
            "  @Cached(namespace = \"image\") String name(String id);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining(
            "[CachetCachedType] namespace \"image\" caches java.lang.String here but p.Image in"
                + " find()")
        .inFile(service)
        .onLineContaining("String name(String id)");
  }

  @Test
  void invalidatesNamingAnUnknownNamespaceSuggestsTheClosest() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image_list\")",
            "  List<Image> list(String owner);",
            "  @Invalidates(namespace = \"imag_list\")",
            "  void register(String owner);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining(
            "[CachetUnknownNamespace] @Invalidates names namespace \"imag_list\", which no"
                + " @Cached method of Images or its supertypes declares; did you mean"
                + " \"image_list\"?")
        .inFile(service)
        .onLineContaining("\"imag_list\"");
  }

  @Test
  void invalidatesNamingAFarNamespaceSuggestsNothing() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image_list\")",
            "  List<Image> list(String owner);",
            "  @Invalidates(namespace = \"billing\", all = true)",
            "  void register(String owner);");
    Compilation compilation = compile(IMAGE, service);
    assertThat(compilation)
        .hadErrorContaining(
            "declares")
        .inFile(service)
        .onLineContaining("\"billing\"");
    assertThat(compilation).hadErrorContainingMatch("declares$");
  }

  @Test
  void invalidatesLackingAKeyParameterNamesItAndSuggestsTheMisspelling() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image_list\")",
            "  List<Image> list(String owner, String region);",
            "  @Invalidates(namespace = \"image_list\")",
            "  void register(String ownr, String region, Image image);");
    Compilation compilation = compile(IMAGE, service);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetInvalidatesParameter] @Invalidates(namespace = \"image_list\") on register()"
                + " lacks parameter 'owner' (java.lang.String) of the namespace's key; did you"
                + " mean 'ownr'?; add it, or use all = true")
        .inFile(service)
        .onLineContaining("@Invalidates(namespace = \"image_list\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void invalidatesWithAParameterOfTheWrongTypeIsAnError() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image\")",
            "  Image find(String id);",
            "  @Invalidates(namespace = \"image\")",
            "  void delete(long id);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining("lacks parameter 'id' (java.lang.String) of the namespace's key")
        .inFile(service)
        .onLineContaining("@Invalidates(namespace = \"image\")");
  }

  @Test
  void repeatedInvalidatesReportsOnTheFaultyOne() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image\")",
            "  Image find(String id);",
            "  @Invalidates(namespace = \"image\")",
            "  @Invalidates(namespace = \"images\")",
            "  void delete(String id);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining("[CachetUnknownNamespace] @Invalidates names namespace \"images\"")
        .inFile(service)
        .onLineContaining("\"images\"");
  }

  @Test
  void returnTypeHoldingAStreamNamesTheFieldPath() {
    JavaFileObject device =
        source(
            "p.Device",
            "package p;",
            "public class Device {",
            "  String name;",
            "  java.io.InputStream in;",
            "}");
    JavaFileObject machine =
        source(
            "p.Machine",
            "package p;",
            "public class Machine {",
            "  String id;",
            "  transient Thread worker;",
            "  Device device;",
            "}");
    JavaFileObject service =
        service(
            "Machines",
            "  @Cached(namespace = \"machine\")",
            "  Machine find(String id);");
    Compilation compilation = compile(device, machine, service);

    assertThat(compilation)
        .hadErrorContaining(
            "[CachetUnstorableType] find() returns a value that cannot be stored:"
                + " Machine.device.in: java.io.InputStream holds an OS resource, a thread or a"
                + " lock")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"machine\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void unstorableFieldIsFoundThroughCollectionsAndMaps() {
    JavaFileObject holder =
        source(
            "p.Pool",
            "package p;",
            "public class Pool {",
            "  java.util.Map<String, java.util.List<java.util.concurrent.locks.ReentrantLock>>"
                + " locks;",
            "}");
    JavaFileObject service =
        service("Pools", "  @Cached(namespace = \"pool\")", "  List<Pool> pools(String id);");
    assertThat(compile(holder, service))
        .hadErrorContaining(
            "List[].locks[][]: java.util.concurrent.locks.ReentrantLock holds an OS resource")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"pool\")");
  }

  @Test
  void unstorableFieldIsFoundThroughATypeVariablesBound() {
    JavaFileObject holder =
        source("p.Holder", "package p;", "public class Holder { java.net.Socket socket; }");
    JavaFileObject service =
        service(
            "Holders",
            "  @Cached(namespace = \"holder\")",
            "  <T extends Holder & Comparable<T>> T holder(String id);");
    assertThat(compile(holder, service))
        .hadErrorContaining("Holder.socket: java.net.Socket holds an OS resource")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"holder\")");
  }

  @Test
  void unstorableFieldIsFoundThroughTheBoundOfAWildcardUse() {
    JavaFileObject holder =
        source("p.Holder", "package p;", "public class Holder { java.net.Socket socket; }");
    JavaFileObject cage =
        source("p.Cage", "package p;", "public class Cage<T extends Holder> { T held; }");
    JavaFileObject service =
        service("Cages", "  @Cached(namespace = \"cage\")", "  Cage<?> cage(String id);");
    assertThat(compile(holder, cage, service))
        .hadErrorContaining("Cage.socket: java.net.Socket holds an OS resource")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"cage\")");
  }

  @Test
  void cachedAndInvalidatesOnOneMethodIsAnError() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"image\")",
            "  @Invalidates(namespace = \"image\", all = true)",
            "  Image find(String id);");
    assertThat(compile(IMAGE, service))
        .hadErrorContaining("[CachetCachedAndInvalidates] find() has both @Cached and @Invalidates")
        .inFile(service)
        .onLineContaining("@Cached(namespace = \"image\")");
  }

  @Test
  void twoMistakesGiveTwoErrors() {
    JavaFileObject service =
        service(
            "Images",
            "  @Cached(namespace = \"Image\")",
            "  Image find(String id);",
            "  @Cached(namespace = \"search\")",
            "  List<Image> search(Object filter);");
    Compilation compilation = compile(IMAGE, service);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[CachetNamespace]")
        .inFile(service)
        .onLineContaining("\"Image\"");
    assertThat(compilation)
        .hadErrorContaining("[CachetKeyType]")
        .inFile(service)
        .onLineContaining("Object filter");
  }

  @Test
  void privateNestedInterfaceIsAnError() {
    JavaFileObject outer =
        source(
            "p.Outer",
            "package p;",
            "import dev.cachet.Cached;",
            "public class Outer {",
            "  private interface Hidden {",
            "    @Cached(namespace = \"hidden\") String value(String id);",
            "  }",
            "}");
    assertThat(compile(outer))
        .hadErrorContaining(
            "[CachetInterfaceAccess] interface p.Outer.Hidden is private; the generated decorator"
                + " cannot implement it")
        .inFile(outer)
        .onLineContaining("private interface Hidden");
  }

  @Test
  void anErrorInASupertypeIsReportedOnceNotOncePerSubtype() {
    JavaFileObject base =
        service("Base", "  @Cached(namespace = \"base\")", "  Image find(Object filter);");
    JavaFileObject first =
        service(
            "First extends Base",
            "  @Cached(namespace = \"first\") Image first(String id);");
    JavaFileObject second =
        service(
            "Second extends Base",
            "  @Cached(namespace = \"second\") Image second(String id);");
    Compilation compilation = compile(IMAGE, base, first, second);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[CachetKeyType] parameter 'filter'")
        .inFile(base)
        .onLineContaining("Object filter");
  }

  @Test
  void anInterfaceWithErrorsGeneratesNothingAndOthersStillGenerate(@TempDir Path dir)
      throws IOException {
    JavaFileObject broken =
        service("Broken", "  @Cached(namespace = \"broken\")", "  void touch(String id);");
    JavaFileObject fine =
        service("Fine", "  @Cached(namespace = \"image\")", "  Image find(String id);");
    assertThat(compileLeniently(IMAGE, broken, fine)).hadErrorCount(1);

    boolean succeeded =
        Compilations.compileTo(dir.resolve("generated"), dir.resolve("classes"), IMAGE, broken, fine);

    assertFalse(succeeded);
    assertTrue(Files.exists(dir.resolve("generated/p/CachingFine.java")));
    assertTrue(Files.exists(dir.resolve("generated/p/FineKeys.java")));
    assertFalse(Files.exists(dir.resolve("generated/p/CachingBroken.java")));
    assertFalse(Files.exists(dir.resolve("generated/p/BrokenKeys.java")));
  }
}
