package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.value.ValueException.Reason;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class that changed between the process that wrote a value and the one that reads it, where
 * the shape fingerprint in the key cannot see it (an implementation behind an interface-typed
 * field, a library upgraded without recompiling the interface): the read is a counted miss, never
 * an object with the changed fields left empty. Each version of {@code changed.Shape} is compiled
 * here and loaded by a class loader of its own, as by two deploys.
 */
class ChangedClassTest {
  private static final String WRITTEN =
      "package changed; public class Shape { public String name = \"square\"; public String colour = \"red\"; }";
  private static final String RENAMED_FIELD =
      "package changed; public class Shape { public String name; public String hue; }";

  @TempDir Path directory;
  private final MapTransport transport = new MapTransport(1 << 20);

  @Test
  void aReaderWhoseClassHasOtherFieldsMissesInsteadOfFillingWhatMatches() throws Exception {
    write(load(WRITTEN, "writer"));

    ValueException failure = assertThrows(ValueException.class, () -> read(load(RENAMED_FIELD, "reader")));

    assertEquals(Reason.DESERIALIZATION, failure.reason());
    assertTrue(failure.getMessage().contains("changed.Shape"), failure.getMessage());
  }

  @Test
  void aReaderWithTheSameClassInAnotherLoaderReadsIt() throws Exception {
    write(load(WRITTEN, "writer"));

    Object shape = read(load(WRITTEN, "reader"));

    assertEquals("square", shape.getClass().getField("name").get(shape));
    assertEquals("red", shape.getClass().getField("colour").get(shape));
  }

  private void write(ClassLoader loader) throws Exception {
    Object shape = loader.loadClass("changed.Shape").getConstructor().newInstance();
    with(loader, () -> store().write("shape/0:1", shape, 7L, Duration.ofMinutes(5)));
  }

  private Object read(ClassLoader loader) throws Exception {
    Object shape = with(loader, () -> store().read("shape/0:1", transport.items.get("shape/0:1")).value());
    assertEquals(loader, shape.getClass().getClassLoader(), "read as the reader's class");
    return shape;
  }

  /** A store of its own, as in another process: Fory resolves classes by the context loader. */
  private ValueStore store() {
    ClassAllowlist allowlist = new ClassAllowlist();
    allowlist.allow("changed.Shape");
    return new ValueStore(transport, new ForySerializer(allowlist), ValueSettings.defaults());
  }

  private static <T> T with(ClassLoader loader, Callable<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private ClassLoader load(String source, String name) throws IOException {
    Path root = directory.resolve(name);
    Path file = root.resolve("changed/Shape.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", root.toString(), file.toString());
    assertEquals(0, status, "javac " + file);
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
  }
}
