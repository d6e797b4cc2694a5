package dev.cachet.runtime;

import static dev.cachet.runtime.NearCacheOverMemcachedTest.BOUND;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.NS;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.TICK_SLACK;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.awaitInSync;
import static dev.cachet.runtime.NearCacheOverMemcachedTest.oldCopyServedAfter;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.testing.NutcrackerExtension;
import java.time.Duration;
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
      awaitInSync(reader);

      long afterInvalidate =
          oldCopyServedAfter(reader, read, key, "old", "new", () -> writer.invalidateAcknowledged(key));
      long afterInvalidateAll =
          oldCopyServedAfter(reader, read, key, "new", "newer", () -> writer.invalidateAllAcknowledged(NS));
      System.out.println(
          "through twemproxy: copies served until " + afterInvalidate + " ms after invalidate, "
              + afterInvalidateAll + " ms after invalidateAll");
      assertTrue(afterInvalidate < BOUND.plus(TICK_SLACK).toMillis(), afterInvalidate + " ms");
      assertTrue(afterInvalidateAll < BOUND.plus(TICK_SLACK).toMillis(), afterInvalidateAll + " ms");
    }
  }
}
