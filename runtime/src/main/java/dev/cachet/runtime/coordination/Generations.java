package dev.cachet.runtime.coordination;

import dev.cachet.runtime.DecodeFailure;
import dev.cachet.runtime.Transport;
import dev.cachet.runtime.value.Signer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Namespace generations: a number under {@code <namespace>/gen} (one copy per server, read beside
 * each entry), recorded in every entry and placeholder written under it. An {@code invalidateAll}
 * replaces it, which makes every entry and lease of the namespace old at once. A new generation
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
  /** Suffix of a namespace's generation key: {@code image/gen}. Entry keys continue with a hex fingerprint. */
  static final String SUFFIX = "/gen";
  /** The largest value a decimal may hold before its last digit without overflowing. */
  private static final long MAX_TENTH = Long.MAX_VALUE / 10;
  /** Random low bits of a signed generation: two made in one millisecond still differ. */
  private static final int RANDOM_BITS = 20;
  private static final byte SIGNATURE_SEPARATOR = ':';
  private static final HexFormat HEX = HexFormat.of();

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

  /** The key of {@code namespace}'s generation, before {@link Transport#beside} places a copy. */
  public static String key(String namespace) {
    return namespace + SUFFIX;
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
    int signature = indexOf(bytes, SIGNATURE_SEPARATOR);
    long parsed = parseDecimal(bytes, signature < 0 ? bytes.length : signature);
    if (parsed != Lookup.NO_GENERATION) {
      return parsed;
    }
    try {
      return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
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
    long generation = verify(copyKey, bytes);
    if (generation == Lookup.NO_GENERATION) {
      namespace.decodeFailure(DecodeFailure.SIGNATURE);
      faults.warn(
          "value:SIGNATURE",
          "generation " + copyKey + " is not signed with this cache's key; replaced at the next miss",
          null);
      return Lookup.NO_GENERATION;
    }
    Verified candidate = new Verified(bytes, generation);
    Verified kept = newest.merge(copyKey, candidate, (old, seen) -> seen.generation >= old.generation ? seen : old);
    if (kept != candidate) {
      namespace.decodeFailure(DecodeFailure.ROLLED_BACK);
      faults.warn(
          "value:ROLLED_BACK",
          "generation " + copyKey + " is older than one this process has seen; replaced at the next miss",
          null);
      return Lookup.NO_GENERATION;
    }
    return generation;
  }

  /** The generation {@code bytes} sign for {@code copyKey}, or {@link Lookup#NO_GENERATION}. */
  private long verify(String copyKey, byte[] bytes) {
    int separator = indexOf(bytes, SIGNATURE_SEPARATOR);
    if (separator < 0 || bytes.length - separator - 1 != 2 * Signer.SIGNATURE_BYTES) {
      return Lookup.NO_GENERATION;
    }
    // Compared as the exact text written, lower-case hex: one generation has one form.
    byte[] expected = HEX.formatHex(signer.forKey(copyKey).sign(bytes, separator)).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = Arrays.copyOfRange(bytes, separator + 1, bytes.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      return Lookup.NO_GENERATION;
    }
    return parseDecimal(bytes, separator);
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
      return ascii(generation);
    }
    // The system clock, whatever clock the cache was given: this orders generations across processes.
    long generation = (System.currentTimeMillis() << RANDOM_BITS) | random.nextInt(1 << RANDOM_BITS);
    Verified known = newest.get(copyKey);
    if (known != null && generation <= known.generation) {
      generation = known.generation + 1 + random.nextInt(1 << RANDOM_BITS);
    }
    byte[] digits = ascii(generation);
    String signature = HEX.formatHex(signer.forKey(copyKey).sign(digits, digits.length));
    byte[] signed = Arrays.copyOf(digits, digits.length + 1 + signature.length());
    signed[digits.length] = SIGNATURE_SEPARATOR;
    System.arraycopy(signature.getBytes(StandardCharsets.US_ASCII), 0, signed, digits.length + 1, signature.length());
    return signed;
  }

  /** {@code bytes}, from {@link #freshBytes}, are now the copy's generation in the store. */
  void written(String copyKey, byte[] bytes, NamespaceEvents namespace) {
    parse(copyKey, bytes, namespace);
  }

  private static byte[] ascii(long generation) {
    return Long.toString(generation).getBytes(StandardCharsets.US_ASCII);
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** {@code bytes} as an optionally negative decimal {@code long}, or {@link Lookup#NO_GENERATION}. */
  static long parseDecimal(byte[] bytes) {
    return bytes == null ? Lookup.NO_GENERATION : parseDecimal(bytes, bytes.length);
  }

  /**
   * {@code bytes[0, length)} as an optionally negative decimal {@code long}, or
   * {@link Lookup#NO_GENERATION} when they are anything else (empty, a {@code '+'}, a non-digit, an
   * overflow). Reads in place, without a {@code String}: every hit parses one.
   */
  static long parseDecimal(byte[] bytes, int length) {
    boolean negative = length > 0 && bytes[0] == '-';
    int start = negative ? 1 : 0;
    if (length == start || length - start > 19) {
      return Lookup.NO_GENERATION;
    }
    long value = 0;
    for (int i = start; i < length; i++) {
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
