package dev.cachet.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.ClusterPlacement;
import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Cluster figures, as counts on a real three-primary cluster with replicas (a fresh
 * one per test): what losing one primary recomputes, how a hot namespace's reads spread over the
 * primaries, and what each call costs in commands, counted by the servers ({@code INFO
 * commandstats}).
 */
class RedisClusterFiguresTest {
  private static final int ENTRIES = 1_000;
  /** The commands Cachet's calls send; the client's own (topology refresh, connection set-up) are left out. */
  private static final Set<String> DATA_COMMANDS =
      Set.of("mget", "get", "getrange", "set", "del", "eval", "evalsha", "pexpire", "wait", "asking");

  @RegisterExtension final RedisClusterExtension cluster = RedisClusterExtension.cluster();

  private Cachet open() {
    return Cachet.builder()
        .redisCluster(cluster.get().uris())
        // Generous: an invalidation WAIT did not confirm in time would be retried, and its retry
        // counted with the call's commands.
        .operationTimeout(Duration.ofSeconds(2))
        .region("r", Duration.ofMinutes(10))
        .build();
  }

  private static CacheKey key(int i) {
    return Decorated.key("image", "k" + i);
  }

  private static void populate(Decorated<String> image) {
    for (int i = 0; i < ENTRIES; i++) {
      int n = i;
      image.get(key(i), () -> "v-" + n);
    }
  }

  /** Reads every entry; the number the delegate had to answer. */
  private static int recomputed(Decorated<String> image) {
    int before = image.delegateCalls.get();
    for (int i = 0; i < ENTRIES; i++) {
      int n = i;
      image.get(key(i), () -> "again-" + n);
    }
    return image.delegateCalls.get() - before;
  }

  @Test
  void losingOneOfThreePrimariesRecomputesAtMost45PercentOfANamespace() {
    RedisCluster redis = cluster.get();
    RedisServer victim = redis.primaries().get(0);
    try (Cachet cachet = open()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      populate(image);
      // The primary with its replica: the shard's data is gone, not failed over.
      redis.replicaOf(victim).kill();
      victim.kill();
      int recomputed = recomputed(image);
      double share = recomputed / (double) ENTRIES;
      System.out.printf("one of three primaries lost: %d of %d entries recomputed (%.1f%%)%n", recomputed, ENTRIES, 100 * share);
      assertTrue(share <= 0.45, "recomputed " + recomputed + " of " + ENTRIES);
      assertTrue(recomputed > 0, "the lost primary held none of the namespace");
    }
  }

  @Test
  void aFailedOverPrimaryRecomputesAtMost45PercentToo() {
    RedisCluster redis = cluster.get();
    RedisServer victim = redis.primaries().get(0);
    try (Cachet cachet = open()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      populate(image);
      // Let replication catch up, as it does within milliseconds on a quiet cluster.
      await().atMost(Duration.ofSeconds(5)).until(() -> ":1".equals(victim.command("WAIT", "1", "100")));
      redis.failover(victim);
      AtomicInteger attempt = new AtomicInteger();
      Decorated<String> probe = Decorated.of(cachet, "probe", "r", String.class);
      await("caching everywhere again")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            boolean all = true;
            for (int i = 0; i < 30; i++) {
              CacheKey k = Decorated.key("probe", "p" + attempt.incrementAndGet());
              probe.get(k, () -> "stored");
              all &= "stored".equals(probe.get(k, () -> "miss"));
            }
            return all;
          });
      int recomputed = recomputed(image);
      System.out.printf("one of three primaries failed over: %d of %d entries recomputed%n", recomputed, ENTRIES);
      assertTrue(recomputed <= 0.45 * ENTRIES, "recomputed " + recomputed + " of " + ENTRIES);
    }
  }

  @Test
  void noPrimaryServesMoreThanHalfOfAHotNamespacesReads() {
    RedisCluster redis = cluster.get();
    try (Cachet cachet = open()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      populate(image);
      redis.resetStatistics();
      assertEquals(0, recomputed(image), "every read a hit");
      Map<String, Long> reads = new TreeMap<>();
      long total = 0;
      for (RedisServer primary : redis.primaries()) {
        long mgets = RedisCluster.commandCalls(primary).getOrDefault("mget", 0L);
        reads.put(primary.address(), mgets);
        total += mgets;
      }
      System.out.println("hits per primary, " + ENTRIES + " reads: " + reads);
      assertEquals(ENTRIES, total, "one MGET per hit");
      for (Map.Entry<String, Long> primary : reads.entrySet()) {
        assertTrue(primary.getValue() <= ENTRIES / 2, primary + " of " + total);
      }
    }
  }

  @Test
  void commandsPerCallAreCountedOnTheServers() {
    RedisCluster redis = cluster.get();
    try (Cachet cachet = open()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      CacheKey key = key(0);
      Map<String, Map<String, Long>> cost = new LinkedHashMap<>();
      image.get(key, () -> "warm"); // the namespace's first generation copy in this bucket
      cachet.invalidate(key);

      cost.put("cold miss", counted(redis, () -> image.get(key, () -> "v1")));
      cost.put("hit", counted(redis, () -> image.get(key, () -> "miss")));
      cost.put("invalidate", counted(redis, () -> cachet.invalidate(key)));
      cost.put("invalidateAll", counted(redis, () -> cachet.invalidateAll("image")));
      cost.put("hit after invalidateAll", counted(redis, () -> {
        image.get(key, () -> "v2");
        image.get(key, () -> "miss");
      }));
      cost.forEach((call, commands) -> System.out.println("redis cluster, " + call + ": " + commands));

      assertEquals(Map.of("mget", 1L), cost.get("hit"), "a hit is one MGET on one primary");
      // Four round trips, as on one server: MGET, the lease (SET NX), its id (GET), the store under
      // it (EVALSHA, whose GETRANGE and SET Redis counts too).
      assertEquals(Map.of("mget", 1L, "set", 2L, "get", 1L, "evalsha", 1L, "getrange", 1L), cost.get("cold miss"));
      // One round trip: the DEL, the change mark beside it and one WAIT, pipelined on the owner
      // (two before, each write with its own WAIT, one after the other).
      assertEquals(Map.of("del", 1L, "set", 1L, "wait", 1L), cost.get("invalidate"));
      // One round trip of elapsed time: per bucket its copy and its mark, each primary's share
      // pipelined with one WAIT, every primary at once (128 SETs each with its WAIT, one after
      // the other, before). Fixed, whatever the number of entries.
      int copies = ClusterPlacement.buckets();
      assertEquals(
          Map.of("set", 2L * copies, "wait", (long) redis.primaries().size()), cost.get("invalidateAll"));
      assertEquals("v2", image.get(key, () -> "miss"));
    }
  }

  /** The data commands {@code call} sent, summed over the primaries. */
  private static Map<String, Long> counted(RedisCluster redis, Runnable call) {
    redis.resetStatistics();
    call.run();
    Map<String, Long> commands = new TreeMap<>();
    redis.commandCalls().forEach((command, count) -> {
      if (DATA_COMMANDS.contains(command)) {
        commands.put(command, count);
      }
    });
    return commands;
  }
}
