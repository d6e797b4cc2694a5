package dev.cachet.redis.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: the cluster forms with three primaries and a replica each, and its faults do what they say. */
class RedisClusterTest {
  @RegisterExtension final RedisClusterExtension cluster = RedisClusterExtension.cluster();

  @Test
  void formsThreePrimariesWithAReplicaEach() {
    RedisCluster redis = cluster.get();
    assertEquals(3, redis.primaries().size());
    assertEquals(3, redis.replicas().size());
    for (RedisServer primary : redis.primaries()) {
      assertNotEquals(primary.port(), redis.replicaOf(primary).port());
    }
    assertTrue(redis.primaries().get(0).command("CLUSTER", "INFO").contains("cluster_slots_assigned:16384"));
  }

  @Test
  void aFailoverPromotesTheReplicaWithTheData() {
    RedisCluster redis = cluster.get();
    int slot = redis.slotOf("k");
    RedisServer owner = redis.ownerOf(slot);
    assertEquals("+OK", owner.command("SET", "k", "v"));
    assertEquals(":1", owner.command("WAIT", "1", "1000"));
    RedisServer promoted = redis.failover(owner);
    assertEquals(promoted.port(), redis.ownerOf(slot).port());
    assertEquals("v", promoted.command("GET", "k"));
  }

  @Test
  void aMigratedSlotMovesItsKeys() {
    RedisCluster redis = cluster.get();
    int slot = redis.slotOf("k");
    RedisServer source = redis.ownerOf(slot);
    for (int i = 0; i < 10; i++) {
      assertEquals("+OK", source.command("SET", "{k}" + i, "v" + i));
    }
    RedisServer target = redis.primaries().stream().filter(p -> p.port() != source.port()).findFirst().orElseThrow();
    redis.migrateSlot(slot, target, 3, () -> {});
    assertEquals(target.port(), redis.ownerOf(slot).port());
    assertEquals("v7", target.command("GET", "{k}7"));
    assertTrue(source.command("GET", "{k}7").startsWith("-MOVED"), "the source redirects");
    assertEquals(List.of(), source.command("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "10").lines().filter(l -> !l.isEmpty()).toList());
  }
}
