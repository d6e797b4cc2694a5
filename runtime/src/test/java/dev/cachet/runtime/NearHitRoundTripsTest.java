package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What staying in step with other processes' invalidations costs per near hit: nothing. A hit
 * served near sends no command to the server, however many there are; the one read per sync, for
 * every namespace kept near together, is counted in {@code NearSyncTest}, and how many syncs a
 * second that makes is measured by {@code dev.cachet.benchmarks.NearSyncCost}
 * (docs/benchmarks.md).
 */
class NearHitRoundTripsTest {
  /** Syncs every quarter of an hour: after the first, none runs during the test. */
  private static final Duration BOUND = Duration.ofHours(1);
  private static final int HITS = 100_000;
  /** memcached's counters of the commands a client sends; its heartbeat ({@code version}) is none. */
  private static final List<String> COMMANDS =
      List.of("cmd_get", "cmd_set", "cmd_touch", "delete_hits", "delete_misses", "cas_hits", "cas_misses", "cas_badval");

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  @Test
  void nearHitsSendNoCommandWhateverTheirNumber() {
    try (Cachet cachet =
        Cachet.builder()
            .memcached(memcached.addresses())
            .nearCache(16, BOUND)
            .region("r", Duration.ofMinutes(10))
            .build()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      CacheKey key = Decorated.key("image", "a");
      image.get(key, () -> "v");
      // The first sync drops the copies taken before it; after it, a read keeps one.
      NearCacheOverMemcachedTest.awaitNearHit(cachet, image, key, "v");

      long nearHitsBefore = cachet.statistics().totals().nearHits();
      long commandsBefore = commands(cachet);
      for (int i = 0; i < HITS; i++) {
        assertEquals("v", image.get(key, () -> "not called"));
      }
      assertEquals(0, commands(cachet) - commandsBefore, "commands sent during " + HITS + " near hits");
      assertEquals(HITS, cachet.statistics().totals().nearHits() - nearHitsBefore);
      assertEquals(1, image.delegateCalls.get());
    }
  }

  private static long commands(Cachet cachet) {
    long sum = 0;
    for (Map<String, String> server : cachet.serverStatistics().values()) {
      for (String command : COMMANDS) {
        sum += Long.parseLong(server.get(command));
      }
    }
    return sum;
  }
}
