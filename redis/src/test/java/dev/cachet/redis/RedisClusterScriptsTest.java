package dev.cachet.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisServer;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A promoted replica never ran the scripts (Redis replicates their effects, not the scripts), so
 * its first {@code EVALSHA} answers {@code NOSCRIPT}: the Cluster store sends the body once by
 * {@code EVAL} there, and goes by hash again after.
 */
class RedisClusterScriptsTest {
  @RegisterExtension final RedisClusterExtension cluster = RedisClusterExtension.cluster();

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static long calls(RedisServer server, String command) {
    return RedisCluster.commandCalls(server).getOrDefault(command, 0L);
  }

  /** The next key {@code k<n>} that the store sends to a slot {@code owner} holds. */
  private static String keyOn(RedisCluster redis, RedisServer owner, AtomicInteger n) {
    while (true) {
      String key = "k" + n.incrementAndGet();
      if (redis.ownerOf(Buckets.slot(Buckets.of(key))).port() == owner.port()) {
        return key;
      }
    }
  }

  private static void leaseAndStore(Transport transport, String key) {
    assertTrue(transport.add(key, bytes("placeholder"), Duration.ofSeconds(30)));
    Transport.Versioned lease = transport.gets(key);
    assertFalse(transport.cas(key, bytes("stale"), Duration.ZERO, lease.casId() + 1), "another id stores nothing");
    assertTrue(transport.cas(key, bytes("computed"), Duration.ofMinutes(1), lease.casId()));
    assertArrayEquals(bytes("computed"), transport.getAll(List.of(key)).get(key));
  }

  @Test
  void aPromotedReplicaGetsTheScriptsByOneEval() {
    RedisCluster redis = cluster.get();
    RedisServer primary = redis.primaries().get(2);
    AtomicInteger n = new AtomicInteger();
    try (Transport transport = RedisTransports.openCluster(redis.uris(), Duration.ofSeconds(1), Clock.systemUTC())) {
      leaseAndStore(transport, keyOn(redis, primary, n));
      assertEquals(1, calls(primary, "eval"), "the primary learnt the script once");

      RedisServer promoted = redis.failover(primary);
      assertEquals(0, calls(promoted, "eval"), "as a replica it never ran a script");
      await("the store caches on the promoted replica")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .untilAsserted(() -> leaseAndStore(transport, keyOn(redis, promoted, n)));
      assertEquals(1, calls(promoted, "eval"), "NOSCRIPT, then one EVAL");
      long bySha = calls(promoted, "evalsha");
      leaseAndStore(transport, keyOn(redis, promoted, n));
      assertEquals(1, calls(promoted, "eval"), "then by hash again");
      assertEquals(bySha + 2, calls(promoted, "evalsha"));
    }
  }
}
