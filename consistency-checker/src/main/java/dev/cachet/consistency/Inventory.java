package dev.cachet.consistency;

import dev.cachet.Cached;
import dev.cachet.Invalidates;

/**
 * The interface under test. The annotation processor generates {@code CachingInventory} and
 * {@code InventoryKeys.item(id)} from it, exactly as it does for users; the workload goes through
 * those and nothing hand-written, so the checker judges the code users run.
 *
 * <p>The writes return the version they wrote so that the worker can record it without asking
 * the source of truth again (another process may have written since).
 */
public interface Inventory {
  /** The item's current version in the source of truth. */
  @Cached(namespace = "item", region = "checked")
  Item item(int id);

  /** Bumps the item's version; the decorator then invalidates {@code item(id)}. */
  @Invalidates(namespace = "item")
  long write(int id);

  /** Bumps the item's version; the decorator then invalidates the whole namespace. */
  @Invalidates(namespace = "item", all = true)
  long writeAndInvalidateAll(int id);
}
