package dev.cachet.consistency;

/** What one recorded operation did; the writes differ by the path their invalidation took. */
enum OpType {
  /** {@code item(id)} through the generated decorator. */
  READ("read"),
  /** The generated {@code @Invalidates} method: the delegate's write, then {@code invalidate}. */
  WRITE_INVALIDATES("write(id), generated @Invalidates"),
  /** The undecorated delegate's write, then {@code cachet.invalidate(InventoryKeys.item(id))}. */
  WRITE_THEN_INVALIDATE("delegate write, then cachet.invalidate(key)"),
  /** The generated {@code @Invalidates(all = true)} method: the write, then a new generation. */
  WRITE_INVALIDATE_ALL("writeAndInvalidateAll(id), @Invalidates(all = true)");

  /** The writes, in the order reports list them. */
  static final OpType[] WRITES = {WRITE_INVALIDATES, WRITE_THEN_INVALIDATE, WRITE_INVALIDATE_ALL};

  private final String label;

  OpType(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  boolean isWrite() {
    return this != READ;
  }
}
