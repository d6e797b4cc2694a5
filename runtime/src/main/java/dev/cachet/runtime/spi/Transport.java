package dev.cachet.runtime.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

/**
 * Moves raw bytes to and from a store: memcached through Xmemcached, or the in-memory default. Keys
 * are valid memcached keys (built by {@link dev.cachet.runtime.internal.KeyBuilder}, or derived
 * from one with a short suffix); values are already encoded by the value pipeline.
 *
 * <p>Every method may throw {@link TransportException} for a fault (refused connection, timeout,
 * server error); callers in this library count it and fail open. Implementations are thread-safe.
 */
public interface Transport extends AutoCloseable {
  /**
   * One round trip: the values of the keys that are present; absent keys are absent. An array
   * returned here is never changed afterwards, by the transport or by its callers: the caller may
   * recognise bytes it has already decoded by their identity.
   *
   * <p>A store of several servers that some of them answered may throw a {@link
   * PartialRead}, with what they hold and the keys of the others; a caller that needs
   * the whole answer treats it as any {@link TransportException}.
   */
  Map<String, byte[]> getAll(Collection<String> keys);

  /** Stores unconditionally. {@code expiry} of zero means no expiry. */
  void set(String key, byte[] value, Duration expiry);

  /** Stores only if the key is absent (memcached {@code add}); {@code true} when stored. */
  boolean add(String key, byte[] value, Duration expiry);

  /** {@code true} when an item was deleted. */
  boolean delete(String key);

  /**
   * One round trip: {@code key}'s value with its compare-and-swap id (memcached {@code gets}),
   * or {@code null} when the key is absent. As with {@link #getAll}, the returned array is never
   * changed afterwards.
   */
  Versioned gets(String key);

  /**
   * Stores {@code value} only if {@code key} still holds the item whose id {@link #gets} returned
   * (memcached {@code cas}); {@code false} when it was changed, deleted, expired or evicted since.
   * {@code expiry} of zero means no expiry.
   *
   * <p>A value too large for one item is refused with a {@link TransportException}, as by
   * {@link #set}; whether the held item outlives the refusal is the store's (memcached's text
   * protocol keeps it, its binary protocol removes it as for a {@code set}). A
   * {@code TransportException} for a timeout leaves the outcome unknown: a frozen server may still
   * apply the {@code cas} when it wakes, but only if the item is still the one read then, so a late
   * {@code cas} stores nothing a timely one would not have.
   */
  boolean cas(String key, byte[] value, Duration expiry, long casId);

  /**
   * Applies each of {@code sequences}, lists of writes ({@link Write#set}, {@link Write#delete}),
   * and reports each one's outcome: the way an invalidation writes its store change and then the
   * change mark that announces it, and a large value its chunks.
   *
   * <p>The contract, which the promise of docs/consistency.md rests on:
   *
   * <ul>
   *   <li><b>Order within a sequence.</b> The store applies each write of a sequence after the one
   *       before it, never before, even when it receives both before answering either (one
   *       connection of one server that reads its commands in order). A store that cannot
   *       guarantee that sends a write only once the one before it was acknowledged.
   *   <li><b>Acknowledged means all of it.</b> A sequence is acknowledged ({@code null} in the
   *       result) only when the store acknowledged every one of its writes. Otherwise its entry
   *       is the fault; the outcome is then unknown: any of its writes may have been applied, a
   *       later one even when an earlier one failed, and the caller retries the whole sequence.
   *   <li><b>Sequences are independent.</b> Nothing orders one sequence's writes against
   *       another's; a store may apply them at the same time (a pool: every server at once, one
   *       round trip of elapsed time), waiting at most its operation timeout for all of them.
   *   <li>It never throws {@link TransportException}: a fault is reported in the sequence it
   *       belongs to. A {@code set} not stored is a fault; a {@code delete} of an absent key is
   *       not.
   * </ul>
   *
   * <p>The default applies the sequences one after another, and the writes of each one after
   * another through {@link #set} and {@link #delete}, stopping a sequence at its first fault.
   *
   * @return one entry per sequence, in order: {@code null} when acknowledged, else the fault
   */
  default List<TransportException> writeSequences(List<List<Write>> sequences) {
    List<TransportException> outcomes = new ArrayList<>(sequences.size());
    for (List<Write> sequence : sequences) {
      TransportException fault = null;
      try {
        for (Write write : sequence) {
          if (write.isDelete()) {
            delete(write.key());
          } else {
            set(write.key(), write.value(), write.expiry());
          }
        }
      } catch (TransportException e) {
        fault = e;
      }
      outcomes.add(fault);
    }
    return outcomes;
  }

  /**
   * Deletes {@code key} once its server answers again, if it still holds exactly
   * {@code ifHolding}: the clean-up of an operation that failed mid-way, such as a lease whose
   * release timed out. Best effort, in the background, never throws. The default does nothing,
   * for stores whose operations cannot time out.
   */
  default void deleteWhenReachable(String key, byte[] ifHolding) {}

  /**
   * The name of {@code key}'s copy kept on the same server as {@code neighbour}: a pool keeps a
   * namespace's generation on every server, beside the entries it governs, so a lookup reads both
   * in one round trip from one server, and losing a server loses only its own entries. The
   * default, for a store that is one server, is {@code key} itself.
   */
  default String beside(String key, String neighbour) {
    return key;
  }

  /**
   * The names of {@code key}'s copies on every server of the store, those down at the moment
   * included: a write that must reach every copy ({@code invalidateAll}) writes each. The default,
   * for a store that is one server, is {@code key} alone.
   */
  default List<String> everywhere(String key) {
    return List.of(key);
  }

  /**
   * {@code true} when no other process can read or write this store (the in-memory transport): only
   * then may values be kept outside it, in {@link dev.cachet.runtime.Cachet.Builder#nearCache}.
   * Default {@code false}.
   */
  default boolean processLocal() {
    return false;
  }

  /** The largest value, in bytes, that one item can hold. */
  int maxItemBytes();

  /** For logs and statistics: {@code memcached 127.0.0.1:11211 127.0.0.1:11212}, {@code in-memory}. */
  String describe();

  /**
   * The store's own statistics per server, keyed by {@code host:port} in the configured order:
   * for memcached the reply to {@code stats} ({@code curr_items}, {@code bytes},
   * {@code get_hits}, ...). A server that does not answer maps to {@code error -> <why>}. The
   * default, for transports without such statistics, is an empty map. Never throws for a fault.
   */
  default Map<String, Map<String, String>> serverStatistics() {
    return Map.of();
  }

  @Override
  void close();

  /**
   * Gives a present item a new expiry, keeping its bytes and its compare-and-swap id (memcached
   * {@code touch}): a miss that computes longer than its lease renews the placeholder so. {@code
   * false} when the key is absent.
   */
  boolean touch(String key, Duration expiry);

  /**
   * A {@link #getAll} over several servers that some of them answered: what those hold,
   * and the keys whose servers did not. It is a {@link TransportException}, so a caller that needs
   * the whole answer treats it as the fault it is; one that can use part of it (a lookup of many
   * entries, whose other entries are still hits) catches it and counts a fault for the unanswered
   * keys only.
   */
  final class PartialRead extends TransportException {
    private static final long serialVersionUID = 1L;

    /** Transient: a read's bytes are not meant to travel with a serialized exception. */
    private final transient Map<String, byte[]> found;

    private final transient Set<String> unanswered;

    /**
     * @param found the values the answering servers hold, as {@link #getAll} returns them
     * @param unanswered the requested keys whose servers failed; never empty
     * @param cause the first of those servers' faults
     */
    public PartialRead(String message, Map<String, byte[]> found, Set<String> unanswered, Throwable cause) {
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

  /** A value read by {@link #gets}: its bytes and the id a {@link #cas} must present. */
  record Versioned(byte[] value, long casId) {}

  /**
   * One write of {@link #writeSequences}: a {@code set} of {@code value} with {@code expiry}
   * (zero: no expiry), or a {@code delete} when {@code value} is {@code null}.
   */
  record Write(String key, byte[] value, Duration expiry) {
    public Write {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(expiry, "expiry");
    }

    /** An unconditional store, as {@link Transport#set}. */
    public static Write set(String key, byte[] value, Duration expiry) {
      return new Write(key, Objects.requireNonNull(value, "value"), expiry);
    }

    /** A delete, as {@link Transport#delete}; an absent key is no fault. */
    public static Write delete(String key) {
      return new Write(key, null, Duration.ZERO);
    }

    /** {@code true} for a delete. */
    public boolean isDelete() {
      return value == null;
    }
  }
}
