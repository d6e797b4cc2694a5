package dev.cachet.runtime;

import static dev.cachet.runtime.NearCacheOverMemcachedTest.BOUND;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.NS;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.TICK_SLACK;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.awaitInSync;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.awaitNearHit;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.lastOldReadAfter;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.readFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.NearCacheOverMemcachedTest.Read;
import dev.cachet.runtime.testing.NutcrackerExtension;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The near cache's sync through twemproxy ({@code nutcracker}) in front of two memcached servers:
 * it reads and writes change marks with plain {@code get}, {@code set} and {@code add}, which the
 * proxy passes, so another process's invalidations stop the copies within the bound here too.
 */
class NutcrackerNearCacheTest {
  @RegisterExtension final NutcrackerExtension nutcracker = NutcrackerExtension.inFrontOf(2);

  private Cachet open(Consumer<Cachet.Builder> more) {
    Cachet.Builder builder =
        Cachet.builder()
            .memcached(nutcracker.address())
            .operationTimeout(Duration.ofSeconds(1))
            .region("r", Duration.ofMinutes(10));
    more.accept(builder);
    return builder.build();
  }

  @Test
  void anotherProcessesInvalidationAndInvalidateAllStopTheCopyWithinTheBound() {
    try (Cachet writer = open(builder -> {});
        Cachet reader = open(builder -> builder.nearCache(64, BOUND))) {
      Decorated<String> read = Decorated.of(reader, NS, "r", String.class);
      CacheKey key = Decorated.key(NS, "a");
      assertEquals("old", read.get(key, () -> "old"));
      awaitInSync(reader);
      awaitNearHit(reader, read, key, "old");

      assertTrue(writer.invalidateAcknowledged(key));
      long invalidated = System.nanoTime();
      List<Read> reads = readFor(read, key, "new", BOUND.multipliedBy(3));
      long lastOld = lastOldReadAfter(reads, invalidated, "old");
      assertTrue(lastOld < BOUND.plus(TICK_SLACK).toMillis(), "old copy served " + lastOld + " ms after");

      awaitNearHit(reader, read, key, "new");
      assertTrue(writer.invalidateAllAcknowledged(NS));
      long invalidatedAll = System.nanoTime();
      reads = readFor(read, key, "newer", BOUND.multipliedBy(3));
      long lastNew = lastOldReadAfter(reads, invalidatedAll, "new");
      System.out.println(
          "through twemproxy: copies served until " + lastOld + " ms after invalidate, " + lastNew
              + " ms after invalidateAll");
      assertTrue(lastNew < BOUND.plus(TICK_SLACK).toMillis(), "copy served " + lastNew + " ms after");
    }
  }
}
