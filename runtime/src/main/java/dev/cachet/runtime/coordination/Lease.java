package dev.cachet.runtime.coordination;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The placeholder a miss leaves under its entry's key while it computes: a lease, as in Facebook's
 * memcache (NSDI 2013, section 3.2.1). It tells other callers, in every process, that the value
 * is being computed, and its compare-and-swap id is the condition of the store that replaces it.
 * An invalidation deletes it, and an {@code invalidateAll} makes its generation old, so a
 * computation that began before either can no longer store its result.
 *
 * <pre>
 * offset size
 *  0     2   magic 0xCA 0x1E (a stored value starts with 0xCA 0xC7)
 *  2     8   the namespace generation it was taken under, big-endian
 * 10    16   random bytes: no two placeholders are equal, so its bytes name its holder
 * </pre>
 */
public final class Lease {
  public static final int BYTES = 26;
  private static final byte MAGIC_0 = (byte) 0xCA;
  private static final byte MAGIC_1 = (byte) 0x1E;

  private Lease() {}

  public static byte[] placeholder(long generation, byte[] random16) {
    return ByteBuffer.allocate(BYTES)
        .put(MAGIC_0)
        .put(MAGIC_1)
        .putLong(generation)
        .put(random16, 0, 16)
        .array();
  }

  public static boolean isPlaceholder(byte[] bytes) {
    return bytes != null && bytes.length == BYTES && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
  }

  /** The generation a placeholder was taken under; only for bytes {@link #isPlaceholder} accepts. */
  public static long generation(byte[] placeholder) {
    return ByteBuffer.wrap(placeholder, 2, Long.BYTES).getLong();
  }

  /** {@code true} when {@code bytes} are exactly this placeholder: the same holder's lease. */
  public static boolean same(byte[] placeholder, byte[] bytes) {
    return placeholder != null && Arrays.equals(placeholder, bytes);
  }
}
