package dev.cachet.runtime.coordination;

import dev.cachet.runtime.Transport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * Namespace generations: a random number under {@code <namespace>/gen} (one copy per server, read
 * beside each entry), recorded in every entry and placeholder written under it. An
 * {@code invalidateAll} replaces it, which makes every entry and lease of the namespace old at
 * once. Generations are random, never counted up, so a lost or evicted copy can only be replaced
 * by a number no entry holds: it causes misses, never brings an invalidated value back.
 */
public final class Generations {
  /** Suffix of a namespace's generation key: {@code image/gen}. Entry keys continue with a hex fingerprint. */
  static final String SUFFIX = "/gen";
  /** The largest value a decimal may hold before its last digit without overflowing. */
  private static final long MAX_TENTH = Long.MAX_VALUE / 10;

  private final Transport transport;
  private final FaultLog faults;
  private final SecureRandom random;

  Generations(Transport transport, FaultLog faults, SecureRandom random) {
    this.transport = transport;
    this.faults = faults;
    this.random = random;
  }

  /** The key of {@code namespace}'s generation, before {@link Transport#beside} places a copy. */
  public static String key(String namespace) {
    return namespace + SUFFIX;
  }

  /** The generation in {@code bytes}, or {@link Lookup#NO_GENERATION} when absent or unreadable. */
  long parse(byte[] bytes, NamespaceEvents namespace) {
    long parsed = parseDecimal(bytes);
    if (parsed != Lookup.NO_GENERATION || bytes == null) {
      return parsed;
    }
    try {
      return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      namespace.decodeFailure("GENERATION");
      faults.warn("value:GENERATION", "a generation key holds no number; entries are misses", e);
      return Lookup.NO_GENERATION;
    }
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

    /** The generation in {@code bytes}, or {@link Lookup#NO_GENERATION} when absent or unreadable. */
    public long read(byte[] bytes) {
      Parsed remembered = last;
      if (bytes == remembered.bytes && bytes != null) {
        return remembered.generation;
      }
      long parsed = parse(bytes, namespace);
      if (parsed != Lookup.NO_GENERATION) {
        last = new Parsed(bytes, parsed);
      }
      return parsed;
    }
  }

  private record Parsed(byte[] bytes, long generation) {}

  /**
   * The generation under {@code generationKey}, adding a fresh one when none is stored (never
   * set, or evicted). {@code add} keeps two writers from each setting their own: the loser reads
   * the winner's. Returns {@link Lookup#NO_GENERATION} when it cannot be known.
   */
  long establish(String generationKey, NamespaceEvents namespace) {
    long fresh = fresh();
    try {
      if (transport.add(generationKey, encode(fresh), Duration.ZERO)) {
        return fresh;
      }
      return parse(transport.getAll(List.of(generationKey)).get(generationKey), namespace);
    } catch (RuntimeException e) {
      namespace.transportFault(e);
      faults.warn("transport:generation", "generation of " + generationKey + " unknown, not storing", e);
      return Lookup.NO_GENERATION;
    }
  }

  /** A fresh random generation, as stored. */
  byte[] freshBytes() {
    return encode(fresh());
  }

  private long fresh() {
    long generation;
    do {
      generation = random.nextLong();
    } while (generation == Lookup.NO_GENERATION);
    return generation;
  }

  private static byte[] encode(long generation) {
    return Long.toString(generation).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * {@code bytes} as an optionally negative decimal {@code long}, or {@link Lookup#NO_GENERATION}
   * when they are anything else (absent, empty, a {@code '+'}, a non-digit, an overflow). Reads in
   * place, without a {@code String}: every hit parses one.
   */
  static long parseDecimal(byte[] bytes) {
    if (bytes == null) {
      return Lookup.NO_GENERATION;
    }
    boolean negative = bytes.length > 0 && bytes[0] == '-';
    int start = negative ? 1 : 0;
    if (bytes.length == start || bytes.length - start > 19) {
      return Lookup.NO_GENERATION;
    }
    long value = 0;
    for (int i = start; i < bytes.length; i++) {
      int digit = bytes[i] - '0';
      // Compared, not divided, per digit: this loop runs on every hit.
      if (digit < 0
          || digit > 9
          || value > MAX_TENTH
          || (value == MAX_TENTH && digit > Long.MAX_VALUE % 10)) {
        return Lookup.NO_GENERATION;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }
}
