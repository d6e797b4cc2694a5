package dev.cachet.benchmarks;

import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.time.Duration;
import java.util.List;

/**
 * The baseline of the hit path: what a careful engineer writes by hand over the same store. The
 * key is built with a {@link StringBuilder}; the entry is read from the same {@link Transport}
 * and decoded by the same {@link ValueStore} (header, checksum, Fory) as Cachet's, and a fault is
 * answered by the delegate.
 *
 * <p>What it leaves out, and Cachet pays for on every hit: the namespace generation read in the
 * same round trip (so {@code invalidateAll} is O(1)), the fresh/stale check against the clock,
 * escaping of the arguments (a {@code ':'} inside {@code owner} makes two keys collide here),
 * and the statistics counters. On a miss it also has no stampede lock.
 */
final class HandWrittenCatalog implements Catalog {
  private static final Duration EXPIRY = Duration.ofHours(1);

  private final Catalog delegate;
  private final Transport transport;
  private final ValueStore values;

  HandWrittenCatalog(Catalog delegate, Transport transport, ValueStore values) {
    this.delegate = delegate;
    this.transport = transport;
    this.values = values;
  }

  @Override
  public String label(String owner, String region) {
    String key = new StringBuilder(64).append("hw-label:").append(owner).append(':').append(region).toString();
    Object found = read(key);
    if (found instanceof String label) {
      return label;
    }
    String label = delegate.label(owner, region);
    write(key, label);
    return label;
  }

  @Override
  public Image image(String owner, String region) {
    String key = new StringBuilder(64).append("hw-image:").append(owner).append(':').append(region).toString();
    Object found = read(key);
    if (found instanceof Image image) {
      return image;
    }
    Image image = delegate.image(owner, region);
    write(key, image);
    return image;
  }

  private Object read(String key) {
    try {
      byte[] bytes = transport.getAll(List.of(key)).get(key);
      return bytes == null ? null : values.read(key, bytes).value();
    } catch (ValueException | TransportException fault) {
      return null;
    }
  }

  private void write(String key, Object value) {
    try {
      values.write(key, value, 0, EXPIRY);
    } catch (ValueException | TransportException fault) {
      // Not cached this time; the caller has its value.
    }
  }
}
