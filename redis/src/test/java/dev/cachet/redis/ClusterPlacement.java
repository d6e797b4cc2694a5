package dev.cachet.redis;

/** Where the Cluster store puts a key, for tests in other packages that fault the node holding it. */
public final class ClusterPlacement {
  private ClusterPlacement() {}

  /** The hash slot the Cluster store sends {@code key} to. */
  public static int slotOf(String key) {
    return Buckets.slot(Buckets.of(key));
  }

  /** The name {@code key} has on the wire: {@code {tag}key}. */
  public static String wireName(String key) {
    return Buckets.wire(key, Buckets.of(key));
  }

  /** The number of buckets, so of generation copies per namespace. */
  public static int buckets() {
    return Buckets.COUNT;
  }
}
