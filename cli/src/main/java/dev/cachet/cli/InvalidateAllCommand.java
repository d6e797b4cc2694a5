package dev.cachet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code invalidate-all NAMESPACE}: {@code cachet.invalidateAllAcknowledged} over the pool. */
@Command(
    name = "invalidate-all",
    description = {
      "Drops every entry of NAMESPACE in O(1), as cachet.invalidateAll(namespace) does: the",
      "namespace gets a fresh generation, and entries written under the old one are misses."
    })
final class InvalidateAllCommand implements Callable<Integer> {
  @ParentCommand CachetCli cli;

  @Mixin CachetCli.HelpOption help;

  @Parameters(paramLabel = "NAMESPACE", description = "A namespace, as @Cached or a Spring cache names it.")
  String namespace;

  @Override
  public Integer call() {
    CachetCli.namespace(namespace);
    try (Pool pool = cli.pool()) {
      Map<String, String> before = pool.generations(namespace);
      if (!pool.cachet().invalidateAllAcknowledged(namespace)) {
        cli.err.println("cachet: " + namespace + " not invalidated: " + pool.describe() + " did not answer");
        return CachetCli.SERVER_FAULT;
      }
      Map<String, String> after = pool.generations(namespace);
      List<String> changes = new ArrayList<>();
      after.forEach((server, generation) ->
          changes.add(server + " " + before.getOrDefault(server, "(none)") + " -> " + generation));
      cli.out.printf("%s: generation on %s; every entry written before is a miss now, in every process%n",
          namespace, String.join(", ", changes));
      return CachetCli.OK;
    }
  }
}
