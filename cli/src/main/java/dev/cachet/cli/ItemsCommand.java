package dev.cachet.cli;

import dev.cachet.runtime.StoreInspector;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code items [NAMESPACE]}: every item of every server, by namespace (memcached's metadump). */
@Command(
    name = "items",
    description = {
      "Every item, by namespace, with its size and expiry (memcached's lru_crawler metadump):",
      "entries, chunks of large values, generation keys, leases and change marks."
    })
final class ItemsCommand implements Callable<Integer> {
  @ParentCommand CachetCli cli;

  @Mixin CachetCli.HelpOption help;

  @Parameters(arity = "0..1", paramLabel = "NAMESPACE", description = "Only the items of this namespace.")
  String only;

  @Override
  public Integer call() {
    if (only != null) {
      CachetCli.namespace(only);
    }
    PrintStream out = cli.out;
    Map<String, List<String[]>> byNamespace = new TreeMap<>();
    Map<String, long[]> totals = new TreeMap<>();
    long now = Instant.now().getEpochSecond();
    int status = CachetCli.OK;
    boolean several = cli.servers.size() > 1;
    for (String server : cli.servers) {
      List<Map<String, String>> dump;
      try (TextProtocol connection = TextProtocol.connect(server, cli.timeout())) {
        dump = connection.metadump();
      } catch (IOException e) {
        cli.err.println("cachet: " + server + " not answering: " + e.getMessage());
        status = CachetCli.SERVER_FAULT;
        continue;
      }
      for (Map<String, String> item : dump) {
        String key = item.get("key");
        String namespace = Objects.requireNonNullElse(StoreInspector.namespaceOf(key), "(not Cachet's)");
        if (only != null && !only.equals(namespace)) {
          continue;
        }
        String kind = Pool.kind(key);
        long size = parseLong(item.get("size"));
        byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(new String[] {
            kind, String.format("%,d", size), key, expiry(parseLong(item.get("exp")), now),
            several ? server : ""});
        long[] counts = totals.computeIfAbsent(namespace, n -> new long[6]);
        counts[kindIndex(kind)]++;
        counts[5] += size;
      }
    }
    if (byNamespace.isEmpty()) {
      out.println(only == null ? "no items" : "no items in namespace " + only);
      return status == CachetCli.OK && only != null ? CachetCli.NOT_FOUND : status;
    }
    for (Map.Entry<String, List<String[]>> namespace : byNamespace.entrySet()) {
      long[] counts = totals.get(namespace.getKey());
      out.printf("%s: %s, %s, %s, %s%s; %,d bytes%n", namespace.getKey(),
          plural(counts[0], "entry", "entries"), plural(counts[1], "chunk", "chunks"),
          plural(counts[2], "generation", "generations"), plural(counts[3], "lease", "leases"),
          counts[4] == 0 ? "" : ", " + plural(counts[4], "change mark", "change marks"), counts[5]);
      List<String[]> rows = namespace.getValue();
      rows.sort((a, b) -> kindIndex(a[0]) != kindIndex(b[0])
          ? Integer.compare(kindIndex(a[0]), kindIndex(b[0])) : a[2].compareTo(b[2]));
      int keyWidth = rows.stream().mapToInt(r -> r[2].length()).max().orElse(0);
      int sizeWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
      for (String[] row : rows) {
        out.println(String.format("  %-10s %" + sizeWidth + "s bytes  %-" + keyWidth + "s  %s  %s",
            row[0], row[1], row[2], row[3], row[4]).stripTrailing());
      }
    }
    out.println("(sizes are memcached's: key, value and its item header)");
    return status;
  }

  private static int kindIndex(String kind) {
    return switch (kind) {
      case "entry", "other" -> 0;
      case "chunk" -> 1;
      case "generation" -> 2;
      case "changes" -> 4;
      default -> 3;
    };
  }

  private static String expiry(long exptime, long now) {
    if (exptime <= 0) {
      return "never expires";
    }
    long left = exptime - now;
    return left <= 0 ? "expired" : String.format("expires in %,d s", left);
  }

  private static long parseLong(String text) {
    try {
      return text == null ? 0 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String plural(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
