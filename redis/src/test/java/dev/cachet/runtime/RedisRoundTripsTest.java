package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisExtension;
import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.TurnCountingProxy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a call costs on Redis, counted at the socket by a proxy between Lettuce and the server: a
 * hit is one turn (the generation and the entry in one {@code MGET}), with and without a prior
 * {@code invalidateAll}; and a read copies the value once, however the version is kept.
 */
class RedisRoundTripsTest {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  @Test
  void aHitIsOneTurnAndTheOtherCallsAreCountedToo() {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(redis.get().address());
        Cachet cachet =
            Cachet.builder()
                .redis("redis://" + proxy.address())
                .operationTimeout(Duration.ofSeconds(2))
                .region("r", Duration.ofMinutes(10))
                .build()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      CacheKey key = Decorated.key("image", "a");
      proxy.reset();
      image.get(key, () -> "v1");
      long firstMiss = proxy.turns();

      proxy.reset();
      assertEquals("v1", image.get(key, () -> "miss"));
      long plainHit = proxy.turns();

      proxy.reset();
      cachet.invalidate(key);
      long invalidate = proxy.turns();

      proxy.reset();
      image.get(key, () -> "v2");
      long coldMiss = proxy.turns();

      proxy.reset();
      cachet.invalidateAll("image");
      long invalidateAll = proxy.turns();

      proxy.reset();
      image.get(key, () -> "v3");
      long missOverADeadItem = proxy.turns();

      proxy.reset();
      assertEquals("v3", image.get(key, () -> "miss"));
      long hitAfterInvalidateAll = proxy.turns();

      System.out.printf(
          "redis turns: hit %d, hit after invalidateAll %d, first miss (no generation) %d, cold miss %d,"
              + " miss over a dead item %d, invalidate %d, invalidateAll %d%n",
          plainHit, hitAfterInvalidateAll, firstMiss, coldMiss, missOverADeadItem, invalidate, invalidateAll);
      assertEquals(1, plainHit);
      assertEquals(1, hitAfterInvalidateAll);
      // As on memcached (docs/consistency.md, round trips): each store operation is one command.
      assertEquals(4, coldMiss);
      // The delete and the change mark beside it, pipelined on the one connection (2 before).
      assertEquals(1, invalidate);
      // The generation and its mark, pipelined likewise (2 before).
      assertEquals(1, invalidateAll);
      assertEquals(3, image.delegateCalls.get());
    }
  }

  /**
   * Heap allocated, by every thread, per read of a 256 KiB item: the reply's bytes are copied once,
   * from Lettuce's (direct, pooled) buffer into the array the runtime keeps, skipping the version
   * in place. A second copy (stripping the version afterwards) would double it.
   */
  @Test
  void aReadCopiesTheValueOnce() {
    try (Cachet cachet =
        Cachet.builder().redis(redis.uri()).operationTimeout(Duration.ofSeconds(2)).region("r", Duration.ofMinutes(1)).build()) {
      Transport transport = Internals.transport(cachet);
      int size = 256 * 1024;
      transport.set("big", new byte[size], Duration.ZERO);
      List<String> keys = List.of("big");
      for (int i = 0; i < 200; i++) {
        transport.getAll(keys); // warm-up: JIT, Netty's pools
      }
      int reads = 200;
      long before = allocatedByAllThreads();
      for (int i = 0; i < reads; i++) {
        assertEquals(size, transport.getAll(keys).get("big").length);
      }
      double perRead = (allocatedByAllThreads() - before) / (double) reads;
      System.out.printf("heap allocated per read of %d bytes: %.0f bytes (%.2fx)%n", size, perRead, perRead / size);
      assertTrue(perRead < 1.5 * size, "allocated " + perRead + " bytes per read of " + size);
    }
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, allocated);
    }
    return total;
  }
}
