package dev.cachet.runtime.spi;

import java.util.Map;
import java.util.Set;

/**
 * A {@link Transport#getAll} over several servers that some of them answered: what those hold,
 * and the keys whose servers did not. It is a {@link TransportException}, so a caller that needs
 * the whole answer treats it as the fault it is; one that can use part of it (a lookup of many
 * entries, whose other entries are still hits) catches it and counts a fault for the unanswered
 * keys only.
 */
public class PartialReadException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Transient: a read's bytes are not meant to travel with a serialized exception. */
  private final transient Map<String, byte[]> found;

  private final transient Set<String> unanswered;

  /**
   * @param found the values the answering servers hold, as {@link Transport#getAll} returns them
   * @param unanswered the requested keys whose servers failed; never empty
   * @param cause the first of those servers' faults
   */
  public PartialReadException(String message, Map<String, byte[]> found, Set<String> unanswered, Throwable cause) {
    super(message, cause);
    this.found = Map.copyOf(found);
    this.unanswered = Set.copyOf(unanswered);
    if (this.unanswered.isEmpty()) {
      throw new IllegalArgumentException("a partial read names the keys that went unanswered");
    }
  }

  /** The present values among the answered keys; an answered key absent here is absent from the store. */
  public Map<String, byte[]> found() {
    return found;
  }

  /** The keys whose servers did not answer: neither present nor absent, unknown. */
  public Set<String> unanswered() {
    return unanswered;
  }
}
