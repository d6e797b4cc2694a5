package dev.cachet.cli;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.internal.value.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool the options name, as the application sees it: the runtime's own memcached transport
 * (its consistent hashing puts a key on the server the application does), and a {@link Cachet}
 * over it for invalidations, so they are the library's (change marks, retries). One of the two
 * classes of the tool that use the runtime's internals ({@link InspectCommand} is the other): the
 * transport and the forms of the keys Cachet writes ({@code WireFormat}) have no public API.
 */
final class Pool implements AutoCloseable {
  private final MemcachedTransport transport;
  private Cachet cachet;

  private Pool(MemcachedTransport transport) {
    this.transport = transport;
  }

  static Pool connect(List<String> servers, Duration timeout) {
    return new Pool(
        MemcachedTransport.connect(
            MemcachedSettings.servers(String.join(" ", servers))
                .withOperationTimeout(timeout)
                .withConnectTimeout(timeout)));
  }

  /** A {@link Cachet} over this pool, to invalidate as the application does. */
  Cachet cachet() {
    if (cachet == null) {
      cachet = Cachet.builder().transport(transport).build();
    }
    return cachet;
  }

  MemcachedTransport transport() {
    return transport;
  }

  /** Whether the server {@code key} hashes to holds it now. */
  boolean holds(String key) {
    return transport.getAll(List.of(key)).containsKey(key);
  }

  /** Per server ({@code ip:port}), the text of its copy of the namespace's generation, or {@code (none)}. */
  Map<String, String> generations(String namespace) {
    List<String> copies = transport.everywhere(WireFormat.generationKey(namespace));
    Map<String, byte[]> found = transport.getAll(copies);
    Map<String, String> generations = new LinkedHashMap<>();
    for (String copy : copies) {
      byte[] value = found.get(copy);
      String server = WireFormat.copyServer(copy);
      generations.put(server == null ? copy : server,
          value == null ? "(none)" : new String(value, StandardCharsets.US_ASCII));
    }
    return generations;
  }

  String describe() {
    return transport.describe();
  }

  /** The namespace of a key Cachet wrote, or {@code null} when it has none. */
  static String namespaceOf(String key) {
    return WireFormat.namespaceOf(key);
  }

  /** What {@code key} holds, by its form: entry, chunk, generation, lease, changes or other. */
  static String kind(String key) {
    return switch (WireFormat.kind(key)) {
      case ENTRY -> "entry";
      case CHUNK -> "chunk";
      case GENERATION -> "generation";
      case LOCK -> "lease";
      case CHANGES -> "changes";
      case OTHER -> "other";
    };
  }

  @Override
  public void close() {
    if (cachet != null) {
      cachet.close();
    } else {
      transport.close();
    }
  }
}
