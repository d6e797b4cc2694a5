package dev.cachet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code stats}: each server's own statistics, over memcached's text protocol or Redis's {@code INFO}. */
@Command(
    name = "stats",
    description = {
      "Each server's own statistics, readable: items, memory, gets and hits, sets, evictions,",
      "connections. A server that does not answer is reported, the others still are."
    })
final class StatsCommand implements Callable<Integer> {
  @ParentCommand CachetCli cli;

  @Mixin CachetCli.HelpOption help;

  @Override
  public Integer call() {
    PrintStream out = cli.out;
    if (cli.redis != null) {
      return redis(out);
    }
    int status = CachetCli.OK;
    for (String server : cli.servers) {
      Map<String, String> stats;
      try (TextProtocol connection = TextProtocol.connect(server, cli.timeout())) {
        stats = connection.stats();
      } catch (IOException e) {
        out.println(server + "  not answering: " + e.getMessage());
        out.println();
        status = CachetCli.SERVER_FAULT;
        continue;
      }
      out.printf("%s  memcached %s, up %s, pid %s%n", server, stats.get("version"),
          uptime(number(stats, "uptime")), stats.get("pid"));
      long gets = number(stats, "cmd_get");
      long hits = number(stats, "get_hits");
      long bytes = number(stats, "bytes");
      long limit = number(stats, "limit_maxbytes");
      out.printf("  items        %,d now, %,d stored since start%n", number(stats, "curr_items"), number(stats, "total_items"));
      out.printf("  memory       %,d of %,d bytes (%.1f%%)%n", bytes, limit, limit == 0 ? 0.0 : 100.0 * bytes / limit);
      out.printf("  gets         %,d: %,d hits, %,d misses (%.1f%% hits)%n", gets, hits, number(stats, "get_misses"),
          gets == 0 ? 0.0 : 100.0 * hits / gets);
      out.printf("  sets         %,d%n", number(stats, "cmd_set"));
      out.printf("  deletes      %,d hits, %,d misses%n", number(stats, "delete_hits"), number(stats, "delete_misses"));
      out.printf("  evictions    %,d (expired before a get: %,d)%n", number(stats, "evictions"),
          number(stats, "expired_unfetched"));
      out.printf("  connections  %,d now, %,d since start%n", number(stats, "curr_connections"),
          number(stats, "total_connections"));
      out.printf("  traffic      %,d bytes read, %,d bytes written%n", number(stats, "bytes_read"),
          number(stats, "bytes_written"));
      out.println();
    }
    return status;
  }

  /** The Redis server's {@code INFO}, as readable as memcached's. */
  private int redis(PrintStream out) {
    Map<String, Map<String, String>> servers;
    try (Pool pool = cli.pool()) {
      servers = pool.serverStatistics();
    }
    int status = CachetCli.OK;
    for (Map.Entry<String, Map<String, String>> server : servers.entrySet()) {
      Map<String, String> stats = server.getValue();
      if (stats.containsKey("error")) {
        out.println(server.getKey() + "  not answering: " + stats.get("error"));
        out.println();
        status = CachetCli.SERVER_FAULT;
        continue;
      }
      out.printf("%s  redis %s, up %s, pid %s%n", server.getKey(), stats.get("redis_version"),
          uptime(number(stats, "uptime_in_seconds")), stats.get("process_id"));
      long hits = number(stats, "keyspace_hits");
      long misses = number(stats, "keyspace_misses");
      long bytes = number(stats, "used_memory");
      long limit = number(stats, "maxmemory");
      out.printf("  keys         %s%n", stats.getOrDefault("db0", "none in db0"));
      out.printf("  memory       %,d bytes used, limit %s, policy %s%n", bytes,
          limit == 0 ? "none" : String.format("%,d bytes", limit), stats.getOrDefault("maxmemory_policy", "?"));
      out.printf("  reads        %,d hits, %,d misses (%.1f%% hits)%n", hits, misses,
          hits + misses == 0 ? 0.0 : 100.0 * hits / (hits + misses));
      out.printf("  evictions    %,d (expired: %,d)%n", number(stats, "evicted_keys"), number(stats, "expired_keys"));
      out.printf("  connections  %,d now, %,d since start%n", number(stats, "connected_clients"),
          number(stats, "total_connections_received"));
      out.printf("  traffic      %,d bytes read, %,d bytes written%n", number(stats, "total_net_input_bytes"),
          number(stats, "total_net_output_bytes"));
      out.printf("  breaker      %s%n", stats.getOrDefault("breaker", "?"));
      out.println();
    }
    return status;
  }

  private static long number(Map<String, String> stats, String name) {
    try {
      return Long.parseLong(stats.getOrDefault(name, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String uptime(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }
}
