package dev.cachet.cli;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.StoreInspector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code invalidate KEY}: {@code cachet.invalidateAcknowledged(CacheKey.of(namespace, KEY))} on a
 * {@code Cachet} over the pool, so it is an invalidation like the application's own: the entry is
 * deleted, the namespace's change mark is rewritten (so other processes drop their near copies
 * within the staleness bound), and a server that does not answer is retried.
 */
@Command(
    name = "invalidate",
    description = {
      "Invalidates KEY as cachet.invalidate(key) does: deletes the entry and rewrites its",
      "namespace's change mark, so every process computes it anew at its next call, and those",
      "keeping near copies drop theirs within the near cache's staleness bound. Not found (exit 1)",
      "when the server held no entry: its namespace is marked changed all the same."
    })
final class InvalidateCommand implements Callable<Integer> {
  @ParentCommand CachetCli cli;

  @Mixin CachetCli.HelpOption help;

  @Parameters(paramLabel = "KEY", description = "An entry's key, as items or key print it.")
  String text;

  @Override
  public Integer call() {
    int slash = text.indexOf('/');
    CacheKey key;
    try {
      key = CacheKey.of(CachetCli.namespace(slash < 0 ? text : text.substring(0, slash)), text);
      requireEntry(key.namespace(), key.key());
    } catch (IllegalArgumentException e) {
      throw new CachetCli.UsageException(e.getMessage());
    }
    try (Pool pool = cli.pool()) {
      boolean present = pool.holds(key.key());
      if (!pool.cachet().invalidateAcknowledged(key)) {
        cli.err.println("cachet: " + key + " not invalidated: " + pool.describe()
            + " did not acknowledge it; other processes may serve it until it expires");
        return CachetCli.SERVER_FAULT;
      }
      if (present) {
        cli.out.println("deleted " + key);
        return CachetCli.OK;
      }
      cli.out.println(key + ": not found on " + pool.describe()
          + " (nothing to delete; near copies in other processes are dropped all the same)");
      return CachetCli.NOT_FOUND;
    }
  }

  /**
   * Refuses the keys Cachet keeps beside the entries, which a person may copy from {@code items}
   * but no keys method builds: deleting one is not the invalidation it looks like.
   */
  static void requireEntry(String namespace, String key) {
    StoreInspector.Kind kind = StoreInspector.kindOf(key);
    if (kind != StoreInspector.Kind.ENTRY) {
      throw new IllegalArgumentException(
          "key \"" + key + "\" is not an entry's key but "
              + switch (kind) {
                case GENERATION -> "the generation of namespace " + namespace
                    + " (to drop every entry of it, invalidate the namespace)";
                case CHUNK -> "a chunk of a large value (invalidate the entry whose value it holds)";
                case LOCK -> "the refresh lock of an entry (invalidate the entry itself)";
                case CHANGES -> "the change mark of namespace " + namespace;
                default -> "no key Cachet builds";
              });
    }
  }
}
