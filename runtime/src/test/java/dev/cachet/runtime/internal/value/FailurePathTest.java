package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value Fory cannot serialize fails with the path to the culprit, and nothing is stored. */
class FailurePathTest {
  private final MapTransport transport = new MapTransport(1 << 20);
  private final ValueStore store = new ValueStore(transport, new ForySerializer(), ValueSettings.defaults());

  static final class Holder {
    String name = "holder";
    Object payload;

    Holder(Object payload) {
      this.payload = payload;
    }
  }

  record Wrapper(String label, Holder holder) {}

  private String failureOf(Object value) {
    ValueException failure =
        assertThrows(ValueException.class, () -> store.write("fail/f", value, 0, Duration.ZERO));
    assertEquals(ValueException.Reason.SERIALIZATION, failure.reason());
    assertEquals(0, transport.items.size(), "nothing may be stored");
    return failure.getMessage();
  }

  @Test
  void aThreadIsNamedByItsField() {
    Thread thread = new Thread(() -> {});
    assertEquals(
        "SERIALIZATION: payload: java.lang.Thread is not serializable (holds a thread)",
        failureOf(new Holder(thread)));
  }

  @Test
  void anOpenStreamIsNamedByListIndexAndField(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    try (InputStream in = new FileInputStream(file.toFile())) {
      assertEquals(
          "SERIALIZATION: [1].payload: java.io.FileInputStream is not serializable (holds an OS resource)",
          failureOf(List.of(new Holder("a"), new Holder(in))));
    }
  }

  @Test
  void anExecutorIsNamedThroughMapKeysAndRecordComponents() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("ok", "fine");
      map.put("pool", new Wrapper("w", new Holder(executor)));
      String message = failureOf(map);
      assertTrue(message.startsWith("SERIALIZATION: [pool].holder.payload: java.util.concurrent.Executors$"), message);
      assertTrue(message.endsWith(" is not serializable (holds threads)"), message);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aSocketAtTheRootOrInAListIsNamed() throws Exception {
    try (java.net.Socket socket = new java.net.Socket()) {
      assertEquals(
          "SERIALIZATION: value: java.net.Socket is not serializable (holds an OS resource)", failureOf(socket));
      assertEquals(
          "SERIALIZATION: [1]: java.net.Socket is not serializable (holds an OS resource)",
          failureOf(new ArrayList<>(List.of("a", socket))));
    }
  }
}
