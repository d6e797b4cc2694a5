package dev.cachet.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code writeSequences} on a real three-primary cluster with replicas: every bucket's
 * generation copy with its mark, as {@code invalidateAll} writes them, when a primary is lost
 * (killed, or frozen mid-write) fails only that primary's sequences; the others are acknowledged
 * and stored. A sequence whose writes span slots is written leg after leg.
 */
class RedisClusterSequencesTest {
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(1);
  private static final byte[] FRESH = "fresh".getBytes(StandardCharsets.UTF_8);

  @RegisterExtension final RedisClusterExtension cluster = RedisClusterExtension.cluster();

  /** What invalidateAll writes: per bucket its generation copy, then the change mark beside it. */
  private static List<List<Transport.Write>> everyBucket() {
    List<List<Transport.Write>> sequences = new ArrayList<>();
    for (int bucket = 0; bucket < Buckets.COUNT; bucket++) {
      sequences.add(
          List.of(
              Transport.Write.set(Buckets.copy("image/gen", bucket), FRESH, Duration.ZERO),
              Transport.Write.set(Buckets.copy("image/changes", bucket), FRESH, Duration.ZERO)));
    }
    return sequences;
  }

  /** Which buckets {@code node} owns, read before it is faulted (a frozen node answers nothing). */
  private static boolean[] bucketsOf(RedisCluster redis, RedisServer node) {
    boolean[] owned = new boolean[Buckets.COUNT];
    for (int bucket = 0; bucket < Buckets.COUNT; bucket++) {
      owned[bucket] = redis.ownerOf(Buckets.slot(bucket)).port() == node.port();
    }
    return owned;
  }

  /** Opens the transport and waits until it has connected: it connects in the background. */
  private static Transport connected(RedisCluster redis) {
    Transport transport = RedisTransports.openCluster(redis.uris(), OPERATION_TIMEOUT, Clock.systemUTC());
    await("connected").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> transport.getAll(List.of("probe")).isEmpty());
    return transport;
  }

  /** Every sequence's outcome is its own primary's: faults exactly on {@code lost}, the rest acknowledged and stored. */
  private static void assertOnlyTheLostPrimaryFailed(boolean[] lost, Transport transport, List<TransportException> outcomes) {
    assertEquals(Buckets.COUNT, outcomes.size());
    int failed = 0;
    for (int bucket = 0; bucket < Buckets.COUNT; bucket++) {
      if (lost[bucket]) {
        assertNotNull(outcomes.get(bucket), "bucket " + bucket + " is on the lost primary");
        failed++;
      } else {
        assertNull(outcomes.get(bucket), "bucket " + bucket + " answered");
        String copy = Buckets.copy("image/gen", bucket);
        String mark = Buckets.copy("image/changes", bucket);
        Map<String, byte[]> stored = transport.getAll(List.of(copy, mark));
        assertArrayEquals(FRESH, stored.get(copy));
        assertArrayEquals(FRESH, stored.get(mark));
      }
    }
    assertTrue(failed > 0 && failed < Buckets.COUNT, failed + " buckets failed");
  }

  @Test
  void aKilledPrimaryFailsOnlyItsOwnSequences() {
    RedisCluster redis = cluster.get();
    RedisServer victim = redis.primaries().get(0);
    try (Transport transport = connected(redis)) {
      for (TransportException outcome : transport.writeSequences(everyBucket())) {
        assertNull(outcome, "every primary answers");
      }
      boolean[] lost = bucketsOf(redis, victim);
      // The whole shard: the replica too, so nothing is promoted while the test writes.
      redis.replicaOf(victim).kill();
      victim.kill();
      assertOnlyTheLostPrimaryFailed(lost, transport, transport.writeSequences(everyBucket()));
    }
  }

  @Test
  void aPrimaryFrozenMidWriteFailsOnlyItsOwnSequences() {
    RedisCluster redis = cluster.get();
    RedisServer frozen = redis.primaries().get(0);
    try (Transport transport = connected(redis)) {
      boolean[] lost = bucketsOf(redis, frozen);
      frozen.pause();
      try {
        assertOnlyTheLostPrimaryFailed(lost, transport, transport.writeSequences(everyBucket()));
      } finally {
        frozen.resume();
      }
    }
  }

  @Test
  void aSequenceAcrossSlotsIsWrittenLegAfterLeg() {
    RedisCluster redis = cluster.get();
    try (Transport transport = connected(redis)) {
      List<Transport.Write> writes = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int bucket = 0; bucket < Buckets.COUNT; bucket += 7) {
        String key = Buckets.copy("image/gen", bucket);
        keys.add(key);
        writes.add(Transport.Write.set(key, FRESH, Duration.ZERO));
        writes.add(Transport.Write.delete(key));
        writes.add(Transport.Write.set(key, FRESH, Duration.ZERO));
      }
      assertNull(transport.writeSequences(List.of(writes)).get(0));
      Map<String, byte[]> stored = transport.getAll(keys);
      for (String key : keys) {
        assertArrayEquals(FRESH, stored.get(key), key + ": the delete was applied before the set after it");
      }
    }
  }
}
