package dev.cachet.redis;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Where a key lives in a Redis Cluster: one of {@value #COUNT} buckets, each a hash tag whose slot
 * lies in the bucket's own {@value #COUNT}th of the 16,384 slots, so that any even split of the
 * slots (what {@code redis-cli --cluster create} and {@code rebalance} make) gives each primary an
 * even share of the buckets. The tags are found once, by the same search in every process: the
 * first name {@code c0}, {@code c1}, ... whose slot falls in a range not taken yet. They are part of
 * the stored layout: changing the count or the search moves every key.
 *
 * <p>A key is sent as {@code {tag}key}. Its bucket is the CRC32 of its UTF-8 bytes modulo the
 * count, except for a namespace's generation copy, {@code <ns>/gen@b<N>} (the copy form of
 * runtime's {@code WireFormat}, {@code <ns>/gen@<server>}, with a bucket for a server), which lives
 * in bucket N: beside the entries of that bucket.
 */
final class Buckets {
  /** Buckets per cluster: enough to spread over dozens of primaries, few enough for {@code invalidateAll}. */
  static final int COUNT = 64;

  private static final String COPY_MARK = "@b";
  private static final String[] PREFIXES = new String[COUNT];
  private static final int[] SLOTS = new int[COUNT];
  /** The copy suffix of each bucket, {@code @b0} ... {@code @b63}. */
  private static final String[] SUFFIXES = new String[COUNT];

  static {
    int found = 0;
    for (int candidate = 0; found < COUNT; candidate++) {
      String tag = "c" + candidate;
      int slot = SlotHash.getSlot(tag);
      int bucket = slot * COUNT / SlotHash.SLOT_COUNT;
      if (PREFIXES[bucket] == null) {
        PREFIXES[bucket] = "{" + tag + "}";
        SLOTS[bucket] = slot;
        found++;
      }
    }
    for (int bucket = 0; bucket < COUNT; bucket++) {
      SUFFIXES[bucket] = COPY_MARK + bucket;
    }
  }

  private Buckets() {}

  /** {@code key}'s bucket. */
  static int of(String key) {
    int copy = copyBucket(key);
    if (copy >= 0) {
      return copy;
    }
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % COUNT);
  }

  /** {@code true} for a generation copy, {@code <ns>/gen@b<N>}: its writes are invalidations. */
  static boolean isCopy(String key) {
    return copyBucket(key) >= 0;
  }

  /** The bucket a copy names ({@code ...@b17}: 17), or -1 when {@code key} is no copy. */
  private static int copyBucket(String key) {
    int mark = key.lastIndexOf(COPY_MARK);
    if (mark < 0 || mark + COPY_MARK.length() == key.length() || key.length() - mark > COPY_MARK.length() + 2) {
      return -1;
    }
    int bucket = 0;
    for (int i = mark + COPY_MARK.length(); i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      bucket = bucket * 10 + (c - '0');
    }
    boolean canonical = key.charAt(mark + COPY_MARK.length()) != '0' || key.length() == mark + COPY_MARK.length() + 1;
    return bucket < COUNT && canonical ? bucket : -1;
  }

  /** The name a key has on the wire: its bucket's tag, then the key. */
  static String wire(String key, int bucket) {
    return PREFIXES[bucket].concat(key);
  }

  /** The hash slot of every key of {@code bucket}. */
  static int slot(int bucket) {
    return SLOTS[bucket];
  }

  /** {@code key}'s copy in {@code bucket}: {@code <key>@b<bucket>}. */
  static String copy(String key, int bucket) {
    return key.concat(SUFFIXES[bucket]);
  }

  /** {@code key}'s copies in every bucket, in bucket order. */
  static List<String> copies(String key) {
    List<String> all = new ArrayList<>(COUNT);
    for (int bucket = 0; bucket < COUNT; bucket++) {
      all.add(copy(key, bucket));
    }
    return Collections.unmodifiableList(all);
  }
}
