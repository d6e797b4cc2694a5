package dev.cachet.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.ClusterPlacement;
import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code WAIT} closes and what remains, forced on a real cluster: a {@code DEL} the primary
 * applied but never sent to its replica (the replica frozen and its link cut), then the primary
 * killed and the replica promoted without it, so the old entry is back in the store. Without the
 * confirmation the invalidation would have been acknowledged and silently undone; with it, it is
 * reported unacknowledged, its process never serves the old value, and the retry removes the
 * entry from the new primary. The time between the promotion and that retry is the window in
 * which another process may still read the old value (docs/consistency.md), measured here.
 */
class RedisClusterUnconfirmedInvalidationTest {
  @RegisterExtension final RedisClusterExtension cluster = RedisClusterExtension.cluster();

  private Cachet open() {
    return Cachet.builder()
        .redisCluster(cluster.get().uris())
        .operationTimeout(Duration.ofMillis(250))
        .region("r", Duration.ofMinutes(10))
        .build();
  }

  @Test
  void anInvalidationLostInAFailoverWasNeverAcknowledgedAndItsRetryRemovesTheResurrectedEntry() {
    RedisCluster redis = cluster.get();
    RedisServer primary = redis.primaries().get(0);
    RedisServer replica = redis.replicaOf(primary);
    CacheKey key = null;
    for (int i = 0; key == null; i++) {
      CacheKey candidate = Decorated.key("image", "k" + i);
      if (redis.ownerOf(ClusterPlacement.slotOf(candidate.key())).port() == primary.port()) {
        key = candidate;
      }
    }
    CacheKey target = key;
    try (Cachet writer = open();
        Cachet reader = open()) {
      Decorated<String> written = Decorated.of(writer, "image", "r", String.class);
      Decorated<String> read = Decorated.of(reader, "image", "r", String.class);
      written.get(target, () -> "v1");
      assertEquals("v1", read.get(target, () -> "miss"));
      assertEquals(":1", primary.command("WAIT", "1", "1000"), "the replica holds v1");
      String keys = primary.command("DBSIZE");

      // The replica stops reading and loses its link: what the primary applies now reaches no one.
      replica.pause();
      primary.command("CLIENT", "KILL", "TYPE", "replica");
      assertFalse(writer.invalidateAcknowledged(target), "a DEL no replica confirmed is not acknowledged");
      // The entry itself, not the key count: the change mark is pipelined after the DEL and adds a key.
      assertEquals(":0", primary.command("EXISTS", ClusterPlacement.wireName(target.key())), "the primary applied the DEL");
      assertEquals("w2", written.get(target, () -> "w2"), "its own process never serves the old value");
      primary.kill();
      replica.resume();
      // A replica takes no client writes, and its primary is gone: what it holds now is what it is
      // promoted with.
      assertEquals(keys, replica.command("DBSIZE"), "the DEL never reached the replica");
      redis.awaitPromoted(replica);
      long promoted = System.nanoTime();

      await("the pending invalidation lands on the new primary")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> writer.statistics().namespace("image").invalidationsPending() == 0);
      long window = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - promoted);
      System.out.printf("an unacknowledged invalidation landed %d ms after the promotion (retried every 50 ms)%n", window);

      assertTrue(writer.statistics().namespace("image").invalidationsRetried() >= 1);
      // Before any read: a miss now stores its own value there again.
      assertEquals(":0", replica.command("EXISTS", ClusterPlacement.wireName(target.key())), "the retry deleted it there");
      assertNotEquals("v1", read.get(target, () -> "v3"), "after the retry no process reads the old value");
    }
  }
}
