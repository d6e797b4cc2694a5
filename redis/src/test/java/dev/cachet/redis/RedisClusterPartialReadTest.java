package dev.cachet.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisServer;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A multi-key read over a real three-primary cluster with one primary lost answers per primary:
 * the keys of the answering primaries come back with their values, only the lost primary's are
 * unanswered ({@link Transport.PartialRead}), whether it was killed or frozen.
 */
class RedisClusterPartialReadTest {
  private static final int KEYS = 120;
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(250);

  @RegisterExtension final RedisClusterExtension cluster = RedisClusterExtension.cluster();

  private static String key(int i) {
    return "image/k" + i;
  }

  private static byte[] value(int i) {
    return ("v" + i).getBytes(StandardCharsets.UTF_8);
  }

  /** Stores every key; returns the keys whose slot {@code owner} holds. */
  private static Set<String> populate(Transport transport, RedisCluster redis, RedisServer owner) {
    Set<String> onOwner = new HashSet<>();
    for (int i = 0; i < KEYS; i++) {
      transport.set(key(i), value(i), Duration.ZERO);
      if (redis.ownerOf(ClusterPlacement.slotOf(key(i))).port() == owner.port()) {
        onOwner.add(key(i));
      }
    }
    return onOwner;
  }

  /** Opens the transport and waits until it has connected: it connects in the background. */
  private static Transport connected(RedisCluster redis) {
    Transport transport = RedisTransports.openCluster(redis.uris(), OPERATION_TIMEOUT, Clock.systemUTC());
    await("connected").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> transport.getAll(List.of("probe")).isEmpty());
    return transport;
  }

  private static List<String> allKeys() {
    List<String> keys = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      keys.add(key(i));
    }
    return keys;
  }

  private static void assertOnlyTheLostPrimarysKeysUnanswered(Transport.PartialRead partial, Set<String> onLost) {
    assertEquals(onLost, partial.unanswered(), "exactly the lost primary's keys are unanswered");
    assertEquals(KEYS - onLost.size(), partial.found().size(), "every other key answered");
    for (int i = 0; i < KEYS; i++) {
      if (!onLost.contains(key(i))) {
        assertArrayEquals(value(i), partial.found().get(key(i)), key(i));
      }
    }
  }

  @Test
  void aKilledPrimaryLeavesOnlyItsOwnKeysUnanswered() {
    RedisCluster redis = cluster.get();
    RedisServer victim = redis.primaries().get(0);
    try (Transport transport = connected(redis)) {
      Set<String> onVictim = populate(transport, redis, victim);
      assertFalse(onVictim.isEmpty(), "the victim holds some of the keys");
      assertEquals(KEYS, transport.getAll(allKeys()).size(), "all present while every primary answers");
      // The whole shard: the replica too, so nothing is promoted while the test reads.
      redis.replicaOf(victim).kill();
      victim.kill();
      Transport.PartialRead partial = assertThrows(Transport.PartialRead.class, () -> transport.getAll(allKeys()));
      assertOnlyTheLostPrimarysKeysUnanswered(partial, onVictim);
    }
  }

  @Test
  void aFrozenPrimaryLeavesOnlyItsOwnKeysUnansweredWithinTheTimeout() {
    RedisCluster redis = cluster.get();
    RedisServer frozen = redis.primaries().get(0);
    try (Transport transport = connected(redis)) {
      Set<String> onFrozen = populate(transport, redis, frozen);
      frozen.pause();
      try {
        Transport.PartialRead partial = assertThrows(Transport.PartialRead.class, () -> transport.getAll(allKeys()));
        assertOnlyTheLostPrimarysKeysUnanswered(partial, onFrozen);
      } finally {
        frozen.resume();
      }
    }
  }

  @Test
  void aReadOfOnlyTheLostPrimarysKeysIsAPlainFault() {
    RedisCluster redis = cluster.get();
    RedisServer victim = redis.primaries().get(0);
    try (Transport transport = connected(redis)) {
      List<String> onVictim = new ArrayList<>(populate(transport, redis, victim));
      redis.replicaOf(victim).kill();
      victim.kill();
      RuntimeException fault =
          assertThrows(TransportException.class, () -> transport.getAll(onVictim));
      assertFalse(fault instanceof Transport.PartialRead, "nothing answered, nothing partial: " + fault);
    }
  }
}
