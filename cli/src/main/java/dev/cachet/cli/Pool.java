package dev.cachet.cli;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.StoreInspector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pool the options name, as the application sees it: a {@link Cachet} over it, whose
 * consistent hashing puts a key on the server the application does, for invalidations that are
 * the library's (change marks, retries), and a {@link StoreInspector} over that cache for reading
 * what the servers hold.
 */
final class Pool implements AutoCloseable {
  private final Cachet cachet;
  private final StoreInspector inspector;

  private Pool(Cachet cachet) {
    this.cachet = cachet;
    this.inspector = StoreInspector.of(cachet);
  }

  static Pool connect(List<String> servers, Duration timeout) {
    return new Pool(Cachet.builder().memcached(String.join(" ", servers)).operationTimeout(timeout).build());
  }

  /** A {@link Cachet} over this pool, to invalidate as the application does. */
  Cachet cachet() {
    return cachet;
  }

  StoreInspector inspector() {
    return inspector;
  }

  /** Whether the server {@code key} hashes to holds it now. */
  boolean holds(String key) {
    return inspector.holds(key);
  }

  /** Per server ({@code ip:port}), the text of its copy of the namespace's generation, or {@code (none)}. */
  Map<String, String> generations(String namespace) {
    Map<String, String> generations = new LinkedHashMap<>();
    inspector.generations(namespace)
        .forEach((server, text) -> generations.put(server, Objects.requireNonNullElse(text, "(none)")));
    return generations;
  }

  String describe() {
    return inspector.describe();
  }

  /** What {@code key} holds, by its form: entry, chunk, generation, lease, changes or other. */
  static String kind(String key) {
    return switch (StoreInspector.kindOf(key)) {
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
    cachet.close();
  }
}
