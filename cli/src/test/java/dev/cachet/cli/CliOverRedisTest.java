package dev.cachet.cli;

import static dev.cachet.cli.CliRun.assertMatches;
import static dev.cachet.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisExtension;
import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --redis} against a real redis-server: what an application stored is inspected, and the
 * CLI's invalidations are the library's, seen by the application at its next call.
 */
class CliOverRedisTest {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  private final AtomicInteger delegateCalls = new AtomicInteger();
  private Cachet cachet;
  private Catalog catalog;

  @BeforeEach
  void fill() {
    cachet =
        Cachet.builder()
            .redis(redis.uri())
            .region("long_term", Duration.ofHours(1))
            .region("short_term", Duration.ofMinutes(5))
            .build();
    catalog = new CachingCatalog(new CountingCatalog(delegateCalls, new byte[0]), cachet);
    catalog.product("p1", 2, Catalog.Size.SMALL);
    catalog.products("alice", LocalDate.of(2026, 1, 2));
  }

  @AfterEach
  void close() {
    cachet.close();
  }

  @Test
  void statsReadsTheServersInfo() {
    CliRun run = run("--redis", redis.uri(), "stats");
    assertEquals(CachetCli.OK, run.status, run.err);
    assertMatches(run.out, "^" + Pattern.quote(redis.get().address()) + "  redis 7\\.[\\d.]+, up .+, pid \\d+$");
    assertMatches(run.out, "^  keys +keys=\\d+,expires=\\d+");
    assertMatches(run.out, "^  breaker +closed$");
  }

  @Test
  void inspectDecodesWhatTheApplicationStored() {
    String key = CatalogKeys.product("p1", 2, Catalog.Size.SMALL).key();
    CliRun run = run(Map.of("CACHET_REDIS", redis.uri()), "inspect", key);
    assertEquals(CachetCli.OK, run.status, run.err);
    assertMatches(run.out, "^kind +a value stored whole$");
    assertMatches(run.out, "^generation +-?\\d+: current");
    assertMatches(run.out, "^checksum +CRC32C ok$");
  }

  @Test
  void invalidateAndInvalidateAllAreSeenByTheApplicationAtItsNextCall() {
    CacheKey key = CatalogKeys.product("p1", 2, Catalog.Size.SMALL);
    CliRun one = run("--redis", redis.uri(), "invalidate", key.key());
    assertEquals(CachetCli.OK, one.status, one.err);
    int calls = delegateCalls.get();
    catalog.product("p1", 2, Catalog.Size.SMALL);
    assertEquals(calls + 1, delegateCalls.get(), "the entry is computed anew");

    CliRun all = run("--redis", redis.uri(), "invalidate-all", "product_list");
    assertEquals(CachetCli.OK, all.status, all.err);
    catalog.products("alice", LocalDate.of(2026, 1, 2));
    assertEquals(calls + 2, delegateCalls.get(), "the namespace is computed anew");
  }

  @Test
  void itemsAndTwoStoresAreUsageErrorsThatSayWhatToDo() {
    CliRun items = run("--redis", redis.uri(), "items");
    assertEquals(CachetCli.USAGE, items.status);
    assertTrue(items.err.contains("redis-cli --scan"), items.err);

    CliRun both = run("--redis", redis.uri(), "--servers", "127.0.0.1:11211", "stats");
    assertEquals(CachetCli.USAGE, both.status);
    assertTrue(both.err.contains("give --servers or --redis, not both"), both.err);

    CliRun malformed = run("--redis", "memcached://127.0.0.1:1", "stats");
    assertEquals(CachetCli.USAGE, malformed.status);
    assertTrue(malformed.err.contains("--redis: "), malformed.err);
  }
}
