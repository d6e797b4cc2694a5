package dev.cachet.runtime.fst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.value.MapTransport;
import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.spi.Serializer;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The optional FST serializer through the whole pipeline. Runs in its own surefire execution with
 * FST's eight {@code --add-opens} flags (runtime/pom.xml); every other test runs without them.
 */
class FstSerializerTest {
  private final MapTransport transport = new MapTransport(1 << 20);
  private final FstSerializer fst = new FstSerializer();
  private final ValueStore store = new ValueStore(transport, fst, ValueSettings.defaults());

  record Tag(String key, String value) implements Serializable {}

  record Snapshot(String id, int sizeGiB, Instant createdAt, BigDecimal cost, List<Tag> tags)
      implements Serializable {}

  static final class Image implements Serializable {
    private static final long serialVersionUID = 1L;
    String id;
    LinkedHashMap<String, String> labels = new LinkedHashMap<>();
    ArrayList<Device> devices = new ArrayList<>();
    Snapshot snapshot;
  }

  static final class Device implements Serializable {
    private static final long serialVersionUID = 1L;
    Image image;
    String name;

    @SuppressWarnings("serial") // the point: serialization must fail naming this field's path
    Socket connection;
  }

  private Object roundTrip(String key, Object value) throws ValueException {
    store.write(key, value, 1, Duration.ofMinutes(1));
    return store.read(key, transport.getAll(List.of(key)).get(key)).value();
  }

  @Test
  void fstHasItsOwnSerializerId() {
    assertEquals(Serializer.FST_ID, fst.id());
  }

  @Test
  void recordsThatAreNotSerializableRoundTrip() throws ValueException {
    Snapshot snapshot =
        new Snapshot(
            "snap-1",
            8,
            Instant.parse("2026-11-23T10:00:00Z"),
            new BigDecimal("0.125"),
            List.of(new Tag("team", "ml"), new Tag("release", "stable")));
    assertEquals(snapshot, roundTrip("fst/record", snapshot));
  }

  @Test
  void aRecordSharedTwiceStaysOneObject() throws ValueException {
    Tag shared = new Tag("team", "edge");
    List<Tag> both = new ArrayList<>(List.of(shared, shared));
    @SuppressWarnings("unchecked")
    List<Tag> read = (List<Tag>) roundTrip("fst/shared", both);
    assertEquals(both, read);
    assertSame(read.get(0), read.get(1));
  }

  @Test
  void cyclesBetweenSerializableObjectsSurvive() throws ValueException {
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Image image = new Image();
      image.id = "ami-" + i;
      image.labels.put("team", "platform");
      image.snapshot = new Snapshot("snap-" + i, 8, Instant.EPOCH, BigDecimal.ONE, List.of());
      for (int d = 0; d < 3; d++) {
        Device device = new Device();
        device.image = image;
        device.name = "/dev/xvd" + (char) ('a' + d);
        image.devices.add(device);
      }
      images.add(image);
    }
    @SuppressWarnings("unchecked")
    List<Image> read = (List<Image>) roundTrip("fst/images", images);
    assertEquals(50, read.size());
    Image image = read.get(17);
    assertEquals("ami-17", image.id);
    assertSame(image, image.devices.get(2).image);
    assertEquals("/dev/xvdc", image.devices.get(2).name);
    assertEquals(images.get(17).snapshot, image.snapshot);
  }

  @Test
  void jdkTypesThatNeedTheOpenedPackagesRoundTrip() throws ValueException {
    Map<String, Object> values = new HashMap<>();
    values.put("decimal", new BigDecimal("12345.6789"));
    values.put("instant", Instant.parse("2026-01-01T00:00:00Z"));
    values.put("uuid", UUID.fromString("3f0e3b48-7d6a-4d2a-9b7e-0c1f2a3b4c5d"));
    values.put("concurrent", new ConcurrentHashMap<>(Map.of("a", 1)));
    values.put("duration", Duration.ofSeconds(90));
    values.put("uri", java.net.URI.create("memcached://127.0.0.1:11211"));
    values.put("date", java.sql.Date.valueOf("2026-11-23"));
    assertEquals(values, roundTrip("fst/jdk", values));
  }

  @Test
  void aSocketIsNamedByItsPath() throws Exception {
    Image image = new Image();
    image.id = "ami-1";
    Device device = new Device();
    device.image = image;
    device.connection = new Socket();
    image.devices.add(device);
    try {
      ValueException failure =
          assertThrows(ValueException.class, () -> store.write("fst/socket", List.of(image), 1, Duration.ZERO));
      assertEquals(ValueException.Reason.SERIALIZATION, failure.reason());
      assertTrue(failure.getMessage().contains("[0].devices[0].connection: java.net.Socket"), failure.getMessage());
    } finally {
      device.connection.close();
    }
  }

  @Test
  void oneSerializerServesManyThreads() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    Snapshot snapshot =
                        new Snapshot("s-" + thread + "-" + i, i, Instant.EPOCH, BigDecimal.TEN, List.of(new Tag("t", "" + i)));
                    if (!snapshot.equals(fst.deserialize(fst.serialize(snapshot)))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
