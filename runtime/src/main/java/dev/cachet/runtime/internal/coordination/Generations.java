package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.DecodeFailure;
import dev.cachet.runtime.internal.value.Signer;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Namespace generations: a number under the namespace's generation key (one copy per server, read
 * beside each entry; {@link WireFormat} lays out the keys and the text), recorded in every entry
 * and placeholder written under it. An {@code invalidateAll} replaces it, which makes every entry
 * and lease of the namespace old at once. A new generation
 * never equals an old one, so a lost or evicted copy can only be replaced by a number no entry
 * holds: it causes misses, never brings an invalidated value back.
 *
 * <p>Without a signing key a generation is a random number in decimal. With one, anyone who can
 * write to the store could still put back an older generation, and with it every entry written
 * under it that has not expired: so a generation is then the time it was made (in its high bits)
 * and random bits, followed by its signature bound to the copy's key ({@code <decimal>:<hex>}),
 * and it never goes backwards in a process: a copy older than the newest this process has seen
 * under that key is refused like a forged one. Either is replaced by a fresh generation at the
 * next miss, which is an invalidation of that server's share of the namespace: an attack costs
 * misses, never an invalidated value. A process that never saw the newer generation cannot tell
 * (docs/security.md).
 */
public final class Generations {
  /** Random low bits of a signed generation: two made in one millisecond still differ. */
  private static final int RANDOM_BITS = 20;

  private final Transport transport;
  private final FaultLog faults;
  private final SecureRandom random;
  /** Signs and checks generations; {@code null} without a signing key. */
  private final Signer signer;
  /**
   * With a signing key: the newest generation verified under each copy's key, with its bytes, so
   * that a copy seen again costs a comparison instead of a signature.
   */
  private final ConcurrentHashMap<String, Verified> newest = new ConcurrentHashMap<>();

  /** @param signingKey signs generations; {@code null} for random unsigned ones */
  Generations(Transport transport, FaultLog faults, SecureRandom random, byte[] signingKey) {
    this.transport = transport;
    this.faults = faults;
    this.random = random;
    this.signer = signingKey == null ? null : new Signer(signingKey);
  }

  /**
   * The generation in {@code bytes}, read under the copy {@code copyKey}, or
   * {@link Lookup#NO_GENERATION} when absent, unreadable, forged or rolled back (counted).
   */
  long parse(String copyKey, byte[] bytes, NamespaceEvents namespace) {
    if (bytes == null) {
      return Lookup.NO_GENERATION;
    }
    return signer == null ? parseUnsigned(bytes, namespace) : parseSigned(copyKey, bytes, namespace);
  }

  private long parseUnsigned(byte[] bytes, NamespaceEvents namespace) {
    // A signed generation reads as its number: a cache without the key shares the namespace.
    try {
      return WireFormat.generationNumber(bytes);
    } catch (NumberFormatException e) {
      namespace.decodeFailure(DecodeFailure.GENERATION);
      faults.warn("value:GENERATION", "a generation key holds no number; entries are misses", e);
      return Lookup.NO_GENERATION;
    }
  }

  private long parseSigned(String copyKey, byte[] bytes, NamespaceEvents namespace) {
    Verified known = newest.get(copyKey);
    if (known != null && Arrays.equals(known.bytes, bytes)) {
      return known.generation;
    }
    long generation = WireFormat.verifiedGeneration(bytes, signer.forKey(copyKey));
    if (generation == Lookup.NO_GENERATION) {
      return refused(namespace, DecodeFailure.SIGNATURE, copyKey, "is not signed with this cache's key");
    }
    Verified candidate = new Verified(bytes, generation);
    Verified kept = newest.merge(copyKey, candidate, (old, seen) -> seen.generation >= old.generation ? seen : old);
    if (kept != candidate) {
      return refused(namespace, DecodeFailure.ROLLED_BACK, copyKey, "is older than one this process has seen");
    }
    return generation;
  }

  /** Counts and logs a generation not to be trusted; the next miss replaces it. */
  private long refused(NamespaceEvents namespace, DecodeFailure reason, String copyKey, String why) {
    namespace.decodeFailure(reason);
    faults.warn("value:" + reason, "generation " + copyKey + " " + why + "; replaced at the next miss", null);
    return Lookup.NO_GENERATION;
  }

  /** Reads the generation of one namespace on every hit; one per cached method. */
  public Reader reader(NamespaceEvents namespace) {
    return new Reader(namespace);
  }

  /**
   * Parses generation bytes, remembering the last ones: the in-memory transport returns the
   * stored array itself, so until the next {@code invalidateAll} a hit compares one reference
   * instead of parsing 19 digits. The transport never changes an array it returned, so the same
   * array means the same number.
   */
  public final class Reader {
    private final NamespaceEvents namespace;
    /** Racy by design: the holder is immutable, and a thread that sees an older one only parses again. */
    private Parsed last = new Parsed(null, Lookup.NO_GENERATION);

    private Reader(NamespaceEvents namespace) {
      this.namespace = namespace;
    }

    /**
     * The generation in {@code bytes}, read under the copy {@code copyKey}, or
     * {@link Lookup#NO_GENERATION} when absent or not to be trusted.
     */
    public long read(String copyKey, byte[] bytes) {
      Parsed remembered = last;
      if (bytes == remembered.bytes && bytes != null) {
        return remembered.generation;
      }
      long parsed = parse(copyKey, bytes, namespace);
      // Signed generations are checked against the newest seen each time: that can change.
      if (parsed != Lookup.NO_GENERATION && signer == null) {
        last = new Parsed(bytes, parsed);
      }
      return parsed;
    }

    /**
     * The generation under the copy {@code copyKey}, written first when none is stored (a random
     * one, by {@code add}; another caller's when theirs won), or {@link Lookup#NO_GENERATION} when
     * the store cannot be reached (counted and logged). For a store that takes no lease.
     */
    public long establish(String copyKey) {
      return Generations.this.establish(copyKey, namespace);
    }
  }

  private record Parsed(byte[] bytes, long generation) {}

  private record Verified(byte[] bytes, long generation) {}

  /**
   * The generation under {@code copyKey}, adding a fresh one when none is stored (never set, or
   * evicted), or replacing one that is forged or rolled back. {@code add} keeps two writers from
   * each setting their own: the loser reads the winner's. Returns {@link Lookup#NO_GENERATION}
   * when it cannot be known.
   */
  long establish(String copyKey, NamespaceEvents namespace) {
    byte[] fresh = freshBytes(copyKey);
    try {
      if (transport.add(copyKey, fresh, Duration.ZERO)) {
        return parse(copyKey, fresh, namespace);
      }
      byte[] stored = transport.getAll(List.of(copyKey)).get(copyKey);
      // Unreadable bytes were counted by the lookup that led here; this reads them again.
      long generation = parse(copyKey, stored, NamespaceEvents.UNCOUNTED);
      if (generation == Lookup.NO_GENERATION && stored != null && signer != null) {
        // Forged or put back: a new generation retires whatever entries came with it.
        transport.set(copyKey, fresh, Duration.ZERO);
        return parse(copyKey, fresh, namespace);
      }
      return generation;
    } catch (RuntimeException e) {
      namespace.transportFault(e);
      faults.warn("transport:generation", "generation of " + copyKey + " unknown, not storing", e);
      return Lookup.NO_GENERATION;
    }
  }

  /**
   * A fresh generation for the copy {@code copyKey}, as stored: with a signing key, newer than any
   * this process has seen there, even if this machine's clock is behind the one that wrote it.
   * Not remembered until it was written ({@link #written}): a generation that lost its
   * {@code add} must not make the winner's look rolled back.
   */
  byte[] freshBytes(String copyKey) {
    if (signer == null) {
      long generation;
      do {
        generation = random.nextLong();
      } while (generation == Lookup.NO_GENERATION);
      return WireFormat.generationText(generation);
    }
    // The system clock, whatever clock the cache was given: this orders generations across processes.
    long generation = (System.currentTimeMillis() << RANDOM_BITS) | random.nextInt(1 << RANDOM_BITS);
    Verified known = newest.get(copyKey);
    if (known != null && generation <= known.generation) {
      generation = known.generation + 1 + random.nextInt(1 << RANDOM_BITS);
    }
    return WireFormat.signedGenerationText(generation, signer.forKey(copyKey));
  }

  /** {@code bytes}, from {@link #freshBytes}, are now the copy's generation in the store. */
  void written(String copyKey, byte[] bytes, NamespaceEvents namespace) {
    parse(copyKey, bytes, namespace);
  }
}
