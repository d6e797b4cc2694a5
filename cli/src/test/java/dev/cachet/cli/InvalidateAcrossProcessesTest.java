package dev.cachet.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.testing.MemcachedExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cachet-cli invalidate} run in a JVM of its own, as an operator runs it, while this JVM's
 * application holds the entry in its near cache: the application must call its delegate again
 * within the near cache's staleness bound (plus a margin for the sync's period and a loaded
 * machine). That holds only because the tool invalidates through a {@code Cachet}, which rewrites
 * the namespace's change mark; a bare memcached {@code delete} (the tool before issue 24) leaves
 * the near copy served for the region's whole fresh period, an hour here, and this test failed
 * against it.
 */
class InvalidateAcrossProcessesTest {
  private static final Duration STALENESS = Duration.ofMillis(200);
  private static final Duration MARGIN = Duration.ofSeconds(1);

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anotherProcessStopsServingItsNearCopyWithinTheStalenessBound() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Cachet cachet =
        Cachet.builder()
            .memcached(memcached.addresses())
            .nearCache(64, STALENESS)
            .region("long_term", Duration.ofHours(1))
            .region("short_term", Duration.ofMinutes(5))
            .build()) {
      Catalog catalog = new CachingCatalog(new CountingCatalog(calls, new byte[0]), cachet);
      // Near copies are served once the process has first synced with the change marks.
      await("a near hit").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
          .until(() -> {
            catalog.product("p1", 2, Catalog.Size.SMALL);
            return nearHits(cachet) > 0;
          });
      assertEquals(1, calls.get(), "every call after the first is a hit");

      CacheKey key = CatalogKeys.product("p1", 2, Catalog.Size.SMALL);
      Process tool = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", System.getProperty("java.class.path"),
              CachetCli.class.getName(),
              "--servers", memcached.addresses(),
              "invalidate", key.key())
          .redirectErrorStream(true)
          .start();
      assertTrue(tool.waitFor(30, TimeUnit.SECONDS), "the tool ended");
      String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(CachetCli.OK, tool.exitValue(), output);
      assertTrue(output.contains("deleted " + key.key()), output);
      long invalidated = System.nanoTime();

      // Each call is answered by the near copy until this process reads the changed mark.
      try {
        await("the delegate called again").atMost(STALENESS.plus(MARGIN)).pollInterval(Duration.ofMillis(5))
            .until(() -> {
              catalog.product("p1", 2, Catalog.Size.SMALL);
              return calls.get() > 1;
            });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("the near copy was still served "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - invalidated) + " ms after the tool invalidated "
            + key + " (bound " + STALENESS.toMillis() + " ms + " + MARGIN.toMillis() + " ms margin); the tool"
            + " said: " + output, e);
      }
      assertEquals(2, calls.get());
    }
  }

  private static long nearHits(Cachet cachet) {
    return cachet.statistics().namespace("product").nearHits();
  }
}
