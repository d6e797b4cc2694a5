package dev.cachet.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.ClusterPlacement;
import dev.cachet.redis.testing.RedisCluster;
import dev.cachet.redis.testing.RedisClusterExtension;
import dev.cachet.redis.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real faults on a real three-primary cluster, a fresh one per test: a primary killed (its share
 * fails open, the rest keeps caching), a failover (no call fails, invalidations made before it
 * still hold after it, invalidations after it land on the new primary), a slot migrated while calls
 * run.
 */
class RedisClusterFaultsTest {
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(250);
  private static final int ENTRIES = 200;

  @RegisterExtension final RedisClusterExtension cluster = RedisClusterExtension.cluster();

  private Cachet open() {
    return open(OPERATION_TIMEOUT);
  }

  /**
   * A cache whose invalidations the test expects acknowledged: {@code WAIT} gets half the
   * operation timeout, and a loaded 2-core machine (a cluster is six processes, and other builds
   * may run beside it) can keep a replica's acknowledgement past 125 ms, which would make it,
   * rightly, unacknowledged.
   */
  private Cachet openForInvalidations() {
    return open(Duration.ofSeconds(2));
  }

  private Cachet open(Duration operationTimeout) {
    return Cachet.builder()
        .redisCluster(cluster.get().uris())
        .operationTimeout(operationTimeout)
        .region("r", Duration.ofMinutes(10))
        .build();
  }

  private static CacheKey key(int i) {
    return Decorated.key("image", "k" + i);
  }

  /** Caches {@code value-i} under every entry; returns the entries whose slot {@code owner} holds. */
  private static List<Integer> populate(Decorated<String> image, String value, RedisCluster redis, RedisServer owner) {
    List<Integer> onOwner = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      int n = i;
      image.get(key(i), () -> value + "-" + n);
      if (owner != null && redis.ownerOf(ClusterPlacement.slotOf(key(i).key())).port() == owner.port()) {
        onOwner.add(i);
      }
    }
    return onOwner;
  }

  /** The next key {@code prefix<n>} whose slot {@code owner} holds. */
  private static CacheKey keyOn(RedisCluster redis, RedisServer owner, String prefix, AtomicInteger n) {
    while (true) {
      CacheKey candidate = Decorated.key("image", prefix + n.incrementAndGet());
      if (redis.ownerOf(ClusterPlacement.slotOf(candidate.key())).port() == owner.port()) {
        return candidate;
      }
    }
  }

  @Test
  void aKilledPrimaryFailsOpenItsShareQuicklyAndTheOthersKeepServingHits() {
    RedisCluster redis = cluster.get();
    RedisServer victim = redis.primaries().get(0);
    RedisServer itsReplica = redis.replicaOf(victim);
    try (Cachet cachet = open()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      List<Integer> onVictim = populate(image, "cached", redis, victim);
      int before = image.delegateCalls.get();
      // The whole shard: the replica too, so nothing is promoted while the test reads.
      itsReplica.kill();
      victim.kill();
      long slowest = 0;
      for (int i = 0; i < ENTRIES; i++) {
        int n = i;
        long started = System.nanoTime();
        String answer = image.get(key(i), () -> "delegate-" + n);
        slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertEquals((onVictim.contains(i) ? "delegate-" : "cached-") + i, answer);
      }
      System.out.printf("a shard of 3 lost: %d of %d entries answered by the delegate, slowest call %d ms%n",
          image.delegateCalls.get() - before, ENTRIES, slowest);
      assertEquals(onVictim.size(), image.delegateCalls.get() - before, "only the lost shard's entries are recomputed");
      assertTrue(cachet.statistics().namespace("image").transportErrors() >= onVictim.size());
      assertTrue(slowest < 3 * OPERATION_TIMEOUT.toMillis(), "slowest call " + slowest + " ms");
    }
  }

  @Test
  void aFrozenPrimaryOpensItsOwnBreakerOnlyAndTheOthersKeepServingHits() {
    RedisCluster redis = cluster.get();
    RedisServer frozen = redis.primaries().get(2);
    // A call to a primary that answers must not time out on two loaded cores (a cluster is six
    // processes, and other builds may run beside it): that would rightly make it a miss.
    Duration timeout = Duration.ofSeconds(1);
    try (Cachet cachet = open(timeout)) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      List<Integer> onFrozen = populate(image, "cached", redis, frozen);
      frozen.pause();
      try {
        long slowest = 0;
        for (int i = 0; i < ENTRIES; i++) {
          int n = i;
          long started = System.nanoTime();
          String answer = image.get(key(i), () -> "delegate-" + n);
          slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          // Its replica may be promoted meanwhile and serve the entry again: either is right.
          if (!onFrozen.contains(i)) {
            assertEquals("cached-" + i, answer, "k" + i + " is on a primary that answers");
          } else {
            assertTrue(answer.equals("cached-" + i) || answer.equals("delegate-" + i), answer);
          }
        }
        System.out.printf("a frozen primary: slowest of %d calls %d ms%n", ENTRIES, slowest);
        assertTrue(slowest < 3 * timeout.toMillis(), "slowest call " + slowest + " ms");
        assertTrue(cachet.statistics().namespace("image").transportTimeouts() >= 1);
        Map<String, Map<String, String>> statistics = cachet.serverStatistics();
        for (RedisServer primary : redis.primaries()) {
          if (primary.port() != frozen.port()) {
            assertEquals("closed", statistics.get(primary.address()).get("breaker"), primary + " answers");
          }
        }
      } finally {
        frozen.resume();
      }
    }
  }

  @Test
  void aFailoverFailsNoCallAndInvalidationsMadeBeforeItStillHoldAfterIt() throws Exception {
    RedisCluster redis = cluster.get();
    RedisServer victim = redis.primaries().get(1);
    try (Cachet writer = openForInvalidations();
        Cachet reader = open()) {
      Decorated<String> writes = Decorated.of(writer, "image", "r", String.class);
      Decorated<String> reads = Decorated.of(reader, "image", "r", String.class);
      List<Integer> onVictim = populate(writes, "v1", redis, victim);
      assertTrue(onVictim.size() >= 10, "the victim holds " + onVictim.size() + " entries");
      // Invalidated just before the primary dies: acknowledged means its replica had it.
      List<Integer> invalidated = onVictim.subList(0, onVictim.size() / 2);
      for (int i : invalidated) {
        assertTrue(writer.invalidateAcknowledged(key(i)), "invalidation of k" + i + " acknowledged");
      }

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      AtomicLong calls = new AtomicLong();
      Thread load =
          new Thread(
              () -> {
                Decorated<String> background = Decorated.of(reader, "image", "r", String.class);
                for (int i = 0; running.get(); i = (i + 1) % ENTRIES) {
                  try {
                    int n = i;
                    background.get(key(i), () -> "background-" + n);
                    calls.incrementAndGet();
                  } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                  }
                }
              },
              "calls during the failover");
      load.start();
      RedisServer promoted;
      try {
        promoted = redis.failover(victim);
        long seen = calls.get();
        await("calls go on after the failover").atMost(Duration.ofSeconds(10)).until(() -> calls.get() > seen + 100);
      } finally {
        running.set(false);
        load.join(TimeUnit.SECONDS.toMillis(10));
      }
      assertEquals(null, failed.get(), "a call failed during the failover");
      System.out.printf("failover: %d calls, %d counted faults, none failed%n",
          calls.get(), reader.statistics().namespace("image").transportErrors());
      assertTrue(reader.statistics().namespace("image").transportErrors() > 0, "the failover was seen as faults");

      AtomicInteger probe = new AtomicInteger();
      await("the promoted primary caches again")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            CacheKey fresh = keyOn(redis, promoted, "probe-", probe);
            reads.get(fresh, () -> "stored");
            return "stored".equals(reads.get(fresh, () -> "miss"));
          });
      for (int i : invalidated) {
        int n = i;
        String answer = reads.get(key(i), () -> "v2-" + n);
        assertTrue(!answer.equals("v1-" + i), "k" + i + " was invalidated before the failover, yet read " + answer);
      }

      // After it: invalidations land on the new primary, and are confirmed there (it has no replica).
      List<Integer> after = onVictim.subList(onVictim.size() / 2, onVictim.size());
      await("invalidations acknowledged by the new primary")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> writer.invalidateAcknowledged(key(after.get(0))));
      for (int i : after) {
        assertTrue(writer.invalidateAcknowledged(key(i)), "invalidation of k" + i + " after the failover");
        int n = i;
        assertEquals("v3-" + i, reads.get(key(i), () -> "v3-" + n));
      }
      assertTrue(writer.invalidateAllAcknowledged("image"));
      assertEquals("v4-0", reads.get(key(0), () -> "v4-0"));
      assertEquals(promoted.port(), redis.ownerOf(ClusterPlacement.slotOf(key(after.get(0)).key())).port());
    }
  }

  @Test
  void aSlotMigratedWhileCallsRunKeepsEveryCallAnsweredAndEveryInvalidation() {
    RedisCluster redis = cluster.get();
    try (Cachet cachet = openForInvalidations();
        Cachet other = open()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      Decorated<String> elsewhere = Decorated.of(other, "image", "r", String.class);
      populate(image, "v1", redis, null);
      // The slot of entry 0 and of its bucket's generation copy, and every entry that shares it.
      int slot = ClusterPlacement.slotOf(key(0).key());
      List<Integer> inSlot = new ArrayList<>();
      for (int i = 0; i < ENTRIES; i++) {
        if (ClusterPlacement.slotOf(key(i).key()) == slot) {
          inSlot.add(i);
        }
      }
      RedisServer source = redis.ownerOf(slot);
      RedisServer target = redis.primaries().stream().filter(p -> p.port() != source.port()).findFirst().orElseThrow();
      AtomicInteger step = new AtomicInteger();
      AtomicInteger wrong = new AtomicInteger();
      // One key per MIGRATE, and between two: every entry of the slot read in both caches, one of
      // them invalidated and read again.
      redis.migrateSlot(
          slot,
          target,
          1,
          () -> {
            int round = step.incrementAndGet();
            for (int i : inSlot) {
              int n = i;
              String seen = elsewhere.get(key(i), () -> "v1-" + n);
              if (!seen.startsWith("v")) {
                wrong.incrementAndGet();
              }
            }
            int victim = inSlot.get(round % inSlot.size());
            cachet.invalidate(key(victim));
            String fresh = "v" + (round + 1) + "-" + victim;
            String read = elsewhere.get(key(victim), () -> fresh);
            if (read.equals("v1-" + victim) && round > 0) {
              wrong.incrementAndGet();
            }
          });
      assertTrue(step.get() >= 2, "the slot held " + inSlot.size() + " entries and a copy; " + step.get() + " steps");
      assertEquals(0, wrong.get(), "stale or foreign reads while the slot moved");
      assertEquals(target.port(), redis.ownerOf(slot).port());
      // After the move: invalidation and hits on the new owner.
      for (int i : inSlot) {
        assertTrue(cachet.invalidateAcknowledged(key(i)), "k" + i);
        int n = i;
        assertEquals("after-" + i, elsewhere.get(key(i), () -> "after-" + n));
        assertEquals("after-" + i, image.get(key(i), () -> "miss"));
      }
      System.out.printf("slot %d moved in %d steps with %d entries; %d counted faults%n",
          slot, step.get(), inSlot.size(), other.statistics().namespace("image").transportErrors());
    }
  }
}
