package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueStoreBasicsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T21:00:00Z");
  private final MapTransport transport = new MapTransport(1 << 20);
  private final ValueStore store =
      new ValueStore(
          transport,
          new ForySerializer(
              ClassAllowlist.of(Point.class, Node.class, Device.class, Image.class, Catalog.class)),
          ValueSettings.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

  record Point(int x, String label) {}

  static final class Node {
    String name;
    Node next;
  }

  static final class Device {
    String name = "sda";
    Socket connection = new Socket();
  }

  static final class Image {
    List<Device> blockDevices = new ArrayList<>();
  }

  static final class Catalog {
    List<Image> images = new ArrayList<>();
  }

  private StoredValue roundTrip(String key, Object value) throws ValueException {
    store.write(key, value, 42L, Duration.ofMinutes(5));
    return store.read(key, transport.items.get(key));
  }

  @Test
  void aRecordComesBackEqualWithItsGenerationAndCreationTime() throws ValueException {
    StoredValue stored = roundTrip("point/f:1", new Point(3, "three"));
    assertEquals(new Point(3, "three"), stored.value());
    assertEquals(42L, stored.generation());
    assertEquals(NOW, stored.createdAt());
    assertEquals(0, stored.chunks());
    assertEquals(transport.items.get("point/f:1").length, stored.storedBytes());
  }

  @Test
  void nullIsStoredAsANegativeEntry() throws ValueException {
    WriteResult written = store.write("point/f:2", null, 7L, Duration.ofMinutes(5));
    assertEquals(0, written.serializedBytes());
    StoredValue stored = store.read("point/f:2", transport.items.get("point/f:2"));
    assertNull(stored.value());
    assertEquals(7L, stored.generation());
  }

  @Test
  void cyclesSurvive() throws ValueException {
    Node a = new Node();
    Node b = new Node();
    a.name = "a";
    b.name = "b";
    a.next = b;
    b.next = a;
    Node read = (Node) roundTrip("node/f:a", a).value();
    assertEquals("a", read.name);
    assertEquals("b", read.next.name);
    assertSame(read, read.next.next);
  }

  @Test
  void largePayloadsAreCompressed() throws ValueException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      names.add("image-" + (i % 50));
    }
    WriteResult written = store.write("names/f", names, 1, Duration.ZERO);
    assertTrue(written.compressed());
    assertTrue(written.storedBytes() < written.serializedBytes() / 2, written.toString());
    assertEquals(names, store.read("names/f", transport.items.get("names/f")).value());
  }

  @Test
  void aSocketDeepInTheGraphIsNamedByItsPath() throws Exception {
    Catalog catalog = new Catalog();
    for (int i = 0; i < 4; i++) {
      Image image = new Image();
      image.blockDevices.add(new Device());
      catalog.images.add(image);
    }
    ValueException failure =
        assertThrows(ValueException.class, () -> store.write("catalog/f", catalog, 1, Duration.ZERO));
    assertEquals(ValueException.Reason.SERIALIZATION, failure.reason());
    assertTrue(
        failure.getMessage().contains("images[0].blockDevices[0].connection: java.net.Socket"),
        failure.getMessage());
    assertFalse(transport.items.containsKey("catalog/f"));
    for (Image image : catalog.images) {
      image.blockDevices.get(0).connection.close();
    }
  }

  @Test
  void bytesRoundTripExactly() throws ValueException {
    byte[] bytes = new byte[5000];
    new java.util.Random(1).nextBytes(bytes);
    assertArrayEquals(bytes, (byte[]) roundTrip("bytes/f", bytes).value());
  }

  @Test
  void oneStoreServesManyThreads() throws Exception {
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    String key = "point/f:" + thread + ":" + i;
                    Point point = new Point(i, "thread " + thread);
                    store.write(key, point, thread, Duration.ofMinutes(1));
                    StoredValue read = store.read(key, transport.items.get(key));
                    if (!point.equals(read.value()) || read.generation() != thread) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (java.util.concurrent.Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
