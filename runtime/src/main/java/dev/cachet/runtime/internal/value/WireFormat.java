package dev.cachet.runtime.internal.value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What Cachet puts in memcached, in one place: the keys it writes beside the entry keys that
 * {@link dev.cachet.runtime.internal.KeyBuilder} builds, and the bytes of every item. The runtime writes
 * and reads through these functions and {@code cachet-cli} explains a pool through them, so the
 * two cannot disagree.
 *
 * <p><b>Keys.</b> A namespace is 1 to 64 characters of {@code [A-Za-z0-9_.-]} ({@link
 * dev.cachet.runtime.CacheKey#isNamespace}, the one grammar), so the first {@code '/'} of every key
 * ends it; an entry key continues with a hexadecimal type fingerprint and
 * escapes {@code '/'} in its arguments, so no entry key takes any other form below.
 *
 * <pre>{@code
 * <ns>/<fingerprint>[:<argument>...]  ENTRY       a value, a chunk manifest or a lease placeholder
 * <ns>/gen                            GENERATION  the namespace's generation, in a one-server store
 * <ns>/gen@<ip>:<port>                GENERATION  its copy on that server, beside the entries there
 * <entry>/lock                        LOCK        the refresh lock of a stale entry, a random token
 * <ns>/chunk/<write id>/<index>       CHUNK       a chunk: write id in 16 hex digits, index in decimal
 * }</pre>
 *
 * <p><b>A stored item</b> (a value, a manifest or a chunk): a fixed header, then the payload.
 *
 * <pre>
 * offset size
 *  0     2   magic 0xCA 0xC7
 *  2     1   format version: 2 (items of any other version are refused)
 *  3     1   serializer id
 *  4     1   compression id
 *  5     1   flags: 1 null value, 2 manifest, 4 chunk, 8 signed
 *  6     8   createdAt, epoch millis
 * 14     8   namespace generation it was written under
 * 22     4   original length: serialized bytes before compression
 * 26     4   payload length
 * 30     4   CRC32C of bytes 0..29 and of the payload
 * 34     *   payload
 *  +    32   signed items only: HMAC-SHA256 of the item's key and everything before it
 * </pre>
 *
 * <p>A manifest's payload ({@link Manifest}) is {@value Manifest#BYTES} bytes: the write id (8),
 * the chunk count, the capacity of a chunk, the total payload length and the CRC32C of the whole
 * payload (4 each). A chunk's payload is the write id (8) and its index (4), then its share of the
 * whole payload; every chunk but the last holds {@code capacity} bytes. A cached {@code null} has
 * flag 1 and no payload.
 *
 * <p><b>A lease placeholder</b>, under an entry key while a miss computes it:
 *
 * <pre>
 * offset size
 *  0     2   magic 0xCA 0x1E (a stored item starts with 0xCA 0xC7)
 *  2     8   the namespace generation it was taken under
 * 10    16   random bytes: no two placeholders are equal, so its bytes name its holder
 * </pre>
 *
 * <p><b>A generation</b> is ASCII text: a decimal {@code long}; with a signing key, the decimal,
 * {@code ':'} and the HMAC-SHA256 of the decimal (bound to the copy's key) in 64 lower-case hex
 * digits. A reader without the key reads a signed generation as its decimal.
 *
 * <p>All numbers in binary layouts are big-endian.
 */
public final class WireFormat {
  /** What a key holds, by its form. */
  public enum Kind {
    /** A value, a manifest or a lease placeholder, under a key {@code KeyBuilder} built. */
    ENTRY,
    /** One chunk of a chunked value. */
    CHUNK,
    /** A namespace's generation, or one server's copy of it. */
    GENERATION,
    /** The refresh lock of a stale entry. */
    LOCK,
    /** A namespace's change mark, which near caches in other processes poll. */
    CHANGES,
    /** Not a key Cachet writes: it has no namespace. */
    OTHER
  }

  /**
   * Answered for a generation refused or unreadable; no generation Cachet writes is this number,
   * so it matches no entry.
   */
  public static final long NO_GENERATION = Long.MIN_VALUE;

  public static final int HEADER_BYTES = 34;
  public static final int SIGNATURE_BYTES = 32;
  /** A chunk's payload starts with the write id and the chunk's index. */
  public static final int CHUNK_PREFIX_BYTES = Long.BYTES + Integer.BYTES;
  public static final int FLAG_NULL = 1;
  public static final int FLAG_MANIFEST = 2;
  public static final int FLAG_CHUNK = 4;
  public static final int FLAG_SIGNED = 8;
  public static final int LEASE_BYTES = 26;

  static final short MAGIC = (short) 0xCAC7;
  /**
   * The version written and the only one read: Fory payloads are schema-consistent, and an item
   * of another layout is refused by this header check rather than misread by the serializer.
   */
  static final byte FORMAT_VERSION = 2;
  static final int CHECKSUM_OFFSET = 30;

  private static final String GENERATION_SUFFIX = "/gen";
  private static final char COPY_SEPARATOR = '@';
  private static final String LOCK_SUFFIX = "/lock";
  private static final String CHANGES_SUFFIX = "/changes";
  /** The keys kept once per server: a copy names its server after {@link #COPY_SEPARATOR}. */
  private static final List<String> COPIED_SUFFIXES = List.of(GENERATION_SUFFIX, CHANGES_SUFFIX);
  private static final String CHUNK_INFIX = "/chunk/";
  /** The longest namespace the processor accepts; a chunk key's namespace is cut to it. */
  private static final int LONGEST_NAMESPACE = 64;
  /** Where chunks of a key without a namespace go; entry keys always have one. */
  private static final String NO_NAMESPACE = "cachet";
  private static final byte LEASE_MAGIC_0 = (byte) 0xCA;
  private static final byte LEASE_MAGIC_1 = (byte) 0x1E;
  private static final byte SIGNATURE_SEPARATOR = ':';
  /** The largest value a decimal may hold before its last digit without overflowing. */
  private static final long MAX_TENTH = Long.MAX_VALUE / 10;
  private static final HexFormat HEX = HexFormat.of();

  private WireFormat() {}

  // ---------------------------------------------------------------- keys

  /** {@code <namespace>/gen}: the key of a namespace's generation, before a store places its copies. */
  public static String generationKey(String namespace) {
    return namespace + GENERATION_SUFFIX;
  }

  /**
   * {@code <namespace>/gen@<server>}: the copy of {@code generationKey} kept on {@code server}
   * ({@code ip:port}), which a store sends to that server whatever its hashing would choose.
   *
   * @throws IllegalArgumentException when {@code generationKey} is not {@code <namespace>/gen}
   */
  public static String generationCopy(String generationKey, String server) {
    int slash = generationKey.indexOf('/');
    if (slash < 0
        || !generationKey.startsWith(GENERATION_SUFFIX, slash)
        || generationKey.length() != slash + GENERATION_SUFFIX.length()) {
      throw new IllegalArgumentException("only <namespace>/gen keys are kept per server: " + generationKey);
    }
    return generationKey + COPY_SEPARATOR + server;
  }

  /**
   * {@code key}'s copy kept on {@code server} ({@code ip:port}): {@code <namespace>/gen@<server>}
   * or {@code <namespace>/changes@<server>}, the only keys kept once per server, which a store
   * sends to that server whatever its hashing would choose.
   *
   * @throws IllegalArgumentException when {@code key} is neither {@code <namespace>/gen} nor
   *     {@code <namespace>/changes}
   */
  public static String copy(String key, String server) {
    int slash = key.indexOf('/');
    if (slash > 0 && isSuffix(key, slash, GENERATION_SUFFIX)) {
      return generationCopy(key, server);
    }
    if (slash <= 0 || !isSuffix(key, slash, CHANGES_SUFFIX)) {
      throw new IllegalArgumentException("only <namespace>/gen and <namespace>/changes are kept per server: " + key);
    }
    return key + COPY_SEPARATOR + server;
  }

  private static boolean isSuffix(String key, int slash, String suffix) {
    return key.length() == slash + suffix.length() && key.startsWith(suffix, slash);
  }

  /**
   * The server ({@code ip:port}) a copy of a generation or of a change mark names, or {@code null}
   * when {@code key} is no copy.
   */
  public static String copyServer(String key) {
    int slash = key.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    for (String suffix : COPIED_SUFFIXES) {
      int end = slash + suffix.length();
      if (key.startsWith(suffix, slash) && key.length() > end && key.charAt(end) == COPY_SEPARATOR) {
        return key.substring(end + 1);
      }
    }
    return null;
  }

  /** {@code <entry>/lock}: the refresh lock of a stale entry. */
  public static String refreshLockKey(String entryKey) {
    return entryKey + LOCK_SUFFIX;
  }

  /**
   * {@code <namespace>/chunk/<16 hex write id>/}, to which a chunk's index is appended: at most
   * 64 + 24 + 10 bytes, well inside memcached's 250.
   */
  public static String chunkKeyPrefix(String entryKey, long writeId) {
    int slash = entryKey.indexOf('/');
    String namespace = slash > 0 ? entryKey.substring(0, Math.min(slash, LONGEST_NAMESPACE)) : NO_NAMESPACE;
    return namespace + CHUNK_INFIX + String.format("%016x", writeId) + "/";
  }

  /**
   * {@code <namespace>/changes}: the namespace's change mark, random bytes that every invalidation
   * of the namespace rewrites, so that processes keeping near copies learn of it by reading one key.
   * Not hex after the slash, so no key {@code KeyBuilder} makes.
   */
  public static String changesKey(String namespace) {
    return namespace + CHANGES_SUFFIX;
  }

  /** The namespace {@code key} belongs to, or {@code null} when it has none. */
  public static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash > 0 ? key.substring(0, slash) : null;
  }

  /** What {@code key} holds, by its form. */
  public static Kind kind(String key) {
    int slash = key.indexOf('/');
    if (slash <= 0) {
      return Kind.OTHER;
    }
    int end = slash + GENERATION_SUFFIX.length();
    if (key.startsWith(GENERATION_SUFFIX, slash) && (key.length() == end || key.charAt(end) == COPY_SEPARATOR)) {
      return Kind.GENERATION;
    }
    if (key.startsWith(CHUNK_INFIX, slash)) {
      return Kind.CHUNK;
    }
    int changesEnd = slash + CHANGES_SUFFIX.length();
    if (key.startsWith(CHANGES_SUFFIX, slash)
        && (key.length() == changesEnd || key.charAt(changesEnd) == COPY_SEPARATOR)) {
      return Kind.CHANGES;
    }
    if (key.endsWith(LOCK_SUFFIX)) {
      return Kind.LOCK;
    }
    return Kind.ENTRY;
  }

  // ---------------------------------------------------------------- items

  /** CRC32C of the header up to the checksum field, then of the payload. */
  static int itemChecksum(byte[] item, int payloadLength) {
    CRC32C crc = new CRC32C();
    crc.update(item, 0, CHECKSUM_OFFSET);
    crc.update(item, HEADER_BYTES, payloadLength);
    return (int) crc.getValue();
  }

  /** CRC32C of a byte range. */
  static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /**
   * A lenient reading of a stored item's header, for tools such as {@code cachet-cli inspect}: it
   * describes whatever it finds (a wrong checksum, a wrong length) where the pipeline
   * ({@code StoredItem}, which reads headers through this) refuses the item.
   *
   * @param checksumMatches whether the CRC32C over header and payload is the stored one
   * @param totalBytes the length of the item as stored
   */
  public record Header(
      int formatVersion,
      int serializerId,
      int compressionId,
      int flags,
      long createdAtMillis,
      long generation,
      int originalLength,
      int payloadLength,
      boolean checksumMatches,
      int totalBytes) {

    /** Reads the header of {@code bytes}; throws {@link IllegalArgumentException} saying why it is no Cachet item. */
    public static Header parse(byte[] bytes) {
      if (bytes.length < HEADER_BYTES) {
        throw new IllegalArgumentException(
            bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
      }
      ByteBuffer header = ByteBuffer.wrap(bytes);
      short magic = header.getShort();
      if (magic != MAGIC) {
        throw new IllegalArgumentException(String.format("not a Cachet item (magic 0x%04X)", magic & 0xFFFF));
      }
      int version = header.get() & 0xFF;
      int serializer = header.get() & 0xFF;
      int compression = header.get() & 0xFF;
      int flags = header.get() & 0xFF;
      long createdAt = header.getLong();
      long generation = header.getLong();
      int originalLength = header.getInt();
      int payloadLength = header.getInt();
      int storedChecksum = header.getInt(CHECKSUM_OFFSET);
      boolean checksumMatches =
          payloadLength >= 0
              && HEADER_BYTES + (long) payloadLength <= bytes.length
              && storedChecksum == itemChecksum(bytes, payloadLength);
      return new Header(
          version, serializer, compression, flags, createdAt, generation, originalLength,
          payloadLength, checksumMatches, bytes.length);
    }

    public boolean has(int flag) {
      return (flags & flag) != 0;
    }

    /** Whether the item is as long as header, payload and (when signed) signature say. */
    public boolean lengthMatches() {
      return totalBytes == HEADER_BYTES + (long) payloadLength + (has(FLAG_SIGNED) ? SIGNATURE_BYTES : 0);
    }
  }

  /** The payload of a chunked value's entry: where its chunks are and what they add up to. */
  public record Manifest(long writeId, int chunkCount, int capacity, int totalLength, int checksum) {
    /** The manifest's payload length. */
    public static final int BYTES = Long.BYTES + 4 * Integer.BYTES;

    /** The manifest in the payload of the item {@code entry}, whose header says it holds one. */
    public static Manifest read(byte[] entry) {
      return read(ByteBuffer.wrap(entry, HEADER_BYTES, entry.length - HEADER_BYTES));
    }

    /** The manifest at the position of {@code payload}, which advances past it. */
    static Manifest read(ByteBuffer payload) {
      return new Manifest(payload.getLong(), payload.getInt(), payload.getInt(), payload.getInt(), payload.getInt());
    }

    /** The manifest's payload, as {@link #read} reads it. */
    byte[] toBytes() {
      return ByteBuffer.allocate(BYTES)
          .putLong(writeId)
          .putInt(chunkCount)
          .putInt(capacity)
          .putInt(totalLength)
          .putInt(checksum)
          .array();
    }

    /** The key of chunk {@code index} of this write of {@code entryKey}. */
    public String chunkKey(String entryKey, int index) {
      return chunkKeyPrefix(entryKey, writeId) + index;
    }

    /**
     * Whether {@code chunks}, the items under this manifest's chunk keys in index order, hold
     * payloads whose data add up to this manifest's checksum; {@code false} for any absent
     * chunk or impossible length. Checks nothing else: for tools that describe what they find.
     */
    public boolean checksumMatches(List<byte[]> chunks) {
      if (chunks.size() != chunkCount) {
        return false;
      }
      CRC32C crc = new CRC32C();
      for (byte[] chunk : chunks) {
        if (chunk == null) {
          return false;
        }
        int payload;
        try {
          payload = Header.parse(chunk).payloadLength();
        } catch (IllegalArgumentException notAnItem) {
          return false;
        }
        if (payload < CHUNK_PREFIX_BYTES || HEADER_BYTES + (long) payload > chunk.length) {
          return false;
        }
        crc.update(chunk, HEADER_BYTES + CHUNK_PREFIX_BYTES, payload - CHUNK_PREFIX_BYTES);
      }
      return (int) crc.getValue() == checksum;
    }
  }

  // ---------------------------------------------------------------- lease placeholders

  /** A placeholder taken under {@code generation}, named by the first 16 bytes of {@code random16}. */
  public static byte[] leasePlaceholder(long generation, byte[] random16) {
    return ByteBuffer.allocate(LEASE_BYTES)
        .put(LEASE_MAGIC_0)
        .put(LEASE_MAGIC_1)
        .putLong(generation)
        .put(random16, 0, 16)
        .array();
  }

  public static boolean isLeasePlaceholder(byte[] bytes) {
    return bytes != null && bytes.length == LEASE_BYTES && bytes[0] == LEASE_MAGIC_0 && bytes[1] == LEASE_MAGIC_1;
  }

  /** The generation a placeholder was taken under; only for bytes {@link #isLeasePlaceholder} accepts. */
  public static long leaseGeneration(byte[] placeholder) {
    return ByteBuffer.wrap(placeholder, 2, Long.BYTES).getLong();
  }

  // ---------------------------------------------------------------- generations

  /** An unsigned generation as stored: its decimal. */
  public static byte[] generationText(long generation) {
    return Long.toString(generation).getBytes(StandardCharsets.US_ASCII);
  }

  /** A signed generation as stored: {@code <decimal>:<hex>}, signed by {@code copySigner}, bound to the copy's key. */
  public static byte[] signedGenerationText(long generation, Signer copySigner) {
    byte[] digits = generationText(generation);
    byte[] signature = HEX.formatHex(copySigner.sign(digits, digits.length)).getBytes(StandardCharsets.US_ASCII);
    byte[] signed = Arrays.copyOf(digits, digits.length + 1 + signature.length);
    signed[digits.length] = SIGNATURE_SEPARATOR;
    System.arraycopy(signature, 0, signed, digits.length + 1, signature.length);
    return signed;
  }

  /**
   * The generation {@code text} holds when it is exactly the form {@link #signedGenerationText}
   * writes with {@code copySigner}, else {@link #NO_GENERATION}.
   */
  public static long verifiedGeneration(byte[] text, Signer copySigner) {
    int separator = indexOf(text, SIGNATURE_SEPARATOR);
    if (separator < 0 || text.length - separator - 1 != 2 * SIGNATURE_BYTES) {
      return NO_GENERATION;
    }
    // Compared as the exact text written, lower-case hex: one generation has one form.
    byte[] expected = HEX.formatHex(copySigner.sign(text, separator)).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = Arrays.copyOfRange(text, separator + 1, text.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      return NO_GENERATION;
    }
    return parseDecimal(text, separator);
  }

  /**
   * The number a generation's {@code text} holds, signed or not, as a reader without the signing
   * key reads it: the decimal before any {@code ':'}, or failing that the whole text as
   * {@link Long#parseLong} reads it.
   *
   * @throws NumberFormatException when the text holds no number
   */
  public static long generationNumber(byte[] text) {
    int signature = indexOf(text, SIGNATURE_SEPARATOR);
    long parsed = parseDecimal(text, signature < 0 ? text.length : signature);
    if (parsed != NO_GENERATION) {
      return parsed;
    }
    return Long.parseLong(new String(text, StandardCharsets.US_ASCII));
  }

  /** {@code bytes} as an optionally negative decimal {@code long}, or {@link #NO_GENERATION}. */
  static long parseDecimal(byte[] bytes) {
    return bytes == null ? NO_GENERATION : parseDecimal(bytes, bytes.length);
  }

  /**
   * {@code bytes[0, length)} as an optionally negative decimal {@code long}, or
   * {@link #NO_GENERATION} when they are anything else (empty, a {@code '+'}, a non-digit, an
   * overflow). Reads in place, without a {@code String}: every hit parses one.
   */
  static long parseDecimal(byte[] bytes, int length) {
    boolean negative = length > 0 && bytes[0] == '-';
    int start = negative ? 1 : 0;
    if (length == start || length - start > 19) {
      return NO_GENERATION;
    }
    long value = 0;
    for (int i = start; i < length; i++) {
      int digit = bytes[i] - '0';
      // Compared, not divided, per digit: this loop runs on every hit.
      if (digit < 0
          || digit > 9
          || value > MAX_TENTH
          || (value == MAX_TENTH && digit > Long.MAX_VALUE % 10)) {
        return NO_GENERATION;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
