package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Cachet.builder().redisCluster(uris)} and {@code cachet.redis-cluster} open the Cluster
 * store through the provider: one seed is enough, the statistics name every node with its role.
 */
class RedisClusterEntryPointsTest {
  @RegisterExtension static final RedisClusterExtension CLUSTER = RedisClusterExtension.cluster();

  @Test
  void theBuilderOpensTheClusterFromOneSeed() {
    RedisCluster cluster = CLUSTER.get();
    try (Cachet cachet =
        Cachet.builder().redisCluster(cluster.seed()).operationTimeout(Duration.ofSeconds(2)).region("r", Duration.ofMinutes(10)).build()) {
      assertTrue(cachet.toString().contains("redis cluster 127.0.0.1:" + cluster.nodes().get(0).port()), cachet.toString());
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      image.get(Decorated.key("image", "a"), () -> "v1");
      assertEquals("v1", image.get(Decorated.key("image", "a"), () -> "v2"));

      Map<String, Map<String, String>> statistics = cachet.serverStatistics();
      assertEquals(6, statistics.size(), statistics.keySet().toString());
      for (RedisServer node : cluster.nodes()) {
        Map<String, String> stats = statistics.get(node.address());
        assertEquals("closed", stats.get("breaker"), node + ": " + stats);
        assertTrue(stats.containsKey("used_memory"), node + ": " + stats);
      }
      assertEquals(3, statistics.values().stream().filter(s -> "primary".equals(s.get("role"))).count());
    }
  }

  @Test
  void thePropertyOpensTheCluster() {
    Properties properties = new Properties();
    properties.setProperty("cachet.redis-cluster", CLUSTER.get().uris());
    properties.setProperty("cachet.region.r.expire", "600");
    try (Cachet cachet = Cachet.fromProperties(properties)) {
      assertTrue(cachet.toString().contains("redis cluster"), cachet.toString());
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      image.get(Decorated.key("image", "a"), () -> "v1");
      assertEquals("v1", image.get(Decorated.key("image", "a"), () -> "v2"));
    }
  }
}
