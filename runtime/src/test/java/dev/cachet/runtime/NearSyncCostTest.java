package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TurnCountingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a process spends staying in step with other processes' invalidations: round trips counted
 * at the socket while near hits run as fast as one thread can call, with 10 and with 1,000
 * namespaces kept near. The cost is one read of the change marks per quarter of the bound, for
 * all namespaces together, whatever the hit rate (docs/consistency.md, the near cache over
 * memcached).
 */
class NearSyncCostTest {
  private static final Duration BOUND = Duration.ofMillis(400);
  private static final Duration MEASURED = Duration.ofSeconds(2);

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  @Test
  void tenNamespaces() {
    measure(10);
  }

  @Test
  void aThousandNamespaces() {
    measure(1_000);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void measure(int namespaces) {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(memcached.addresses());
        Cachet cachet =
            Cachet.builder()
                .memcached(proxy.address())
                .nearCache(16, BOUND)
                .region("r", Duration.ofMinutes(10))
                .build()) {
      List<Decorated<String>> operations = new ArrayList<>();
      List<CacheKey> keys = new ArrayList<>();
      for (int i = 0; i < namespaces; i++) {
        String namespace = "ns" + i;
        operations.add(Decorated.of(cachet, namespace, "r", String.class));
        keys.add(Decorated.key(namespace, "a"));
        operations.get(i).get(keys.get(i), () -> "v");
      }
      // A sync sees each namespace's mark for the first time and drops the copies taken before it;
      // after that, one pass keeps a copy of each and the next serves them all near.
      sleep(BOUND);
      for (int i = 0; i < namespaces; i++) {
        operations.get(i).get(keys.get(i), () -> "v");
      }
      long kept = cachet.statistics().totals().nearHits();
      for (int i = 0; i < namespaces; i++) {
        operations.get(i).get(keys.get(i), () -> "not called");
      }
      assertTrue(
          cachet.statistics().totals().nearHits() - kept == namespaces,
          "not every copy was served near before counting");

      long hitsBefore = cachet.statistics().totals().nearHits();
      proxy.reset();
      long until = System.nanoTime() + MEASURED.toNanos();
      int i = 0;
      while (System.nanoTime() < until) {
        operations.get(i).get(keys.get(i), () -> "not called");
        i = (i + 1) % namespaces;
      }
      long turns = proxy.turns();
      long nearHits = cachet.statistics().totals().nearHits() - hitsBefore;
      double perSecond = turns / (MEASURED.toNanos() / 1e9);
      System.out.printf(
          "near sync, %d namespaces, bound %d ms: %d round trips in %d ms (%.1f/s) during %,d near hits%n",
          namespaces, BOUND.toMillis(), turns, MEASURED.toMillis(), perSecond, nearHits);
      // Four syncs per bound, one round trip each (one server): 20 in 2 s. The proxy counted 20
      // to 25 turns for the 20 syncs it forwarded; what matters is that they do not follow the
      // millions of hits.
      long expected = MEASURED.toMillis() / (BOUND.toMillis() / 4);
      assertTrue(turns <= expected * 3 / 2, turns + " round trips, expected about " + expected);
      assertTrue(turns >= expected / 2, "only " + turns + " syncs: is the thread running?");
      assertTrue(nearHits > 100 * turns, nearHits + " near hits for " + turns + " round trips");
    }
  }
}
