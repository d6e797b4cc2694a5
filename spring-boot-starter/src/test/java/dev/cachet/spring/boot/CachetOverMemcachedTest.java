package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TextClient;
import dev.cachet.runtime.testing.Waiting;
import dev.cachet.spring.boot.fixture.Catalog;
import dev.cachet.spring.boot.fixture.CatalogConfig;
import dev.cachet.spring.boot.fixture.CatalogKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration against a real memcached server: two application contexts stand for two
 * processes sharing the pool.
 */
class CachetOverMemcachedTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(1);

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CachetAutoConfiguration.class))
        .withUserConfiguration(CatalogConfig.class)
        .withPropertyValues(
            "cachet.servers=" + memcached.addresses(),
            // The counts below hold only while the store answers in time, even on a loaded machine.
            "cachet.operation-timeout=2s",
            "cachet.region.long_term.expire=1h");
  }

  @Test
  void twoContextsShareThePoolAndAnInvalidationInOneIsSeenByTheOther() {
    runner()
        .run(
            first ->
                runner()
                    .run(
                        second -> {
                          assertThat(first.getBean(Cachet.class).toString()).contains(memcached.addresses());
                          Catalog one = first.getBean(Catalog.class);
                          Catalog two = second.getBean(Catalog.class);

                          assertThat(one.product("sku-1")).isEqualTo("unnamed sku-1");
                          assertThat(two.product("sku-1")).isEqualTo("unnamed sku-1");
                          assertThat(second.getBean(AtomicInteger.class))
                              .as("the second process reads what the first stored")
                              .hasValue(0);

                          second.getBean(Cachet.class).invalidate(CatalogKeys.product("sku-1"));
                          one.product("sku-1");
                          assertThat(first.getBean(AtomicInteger.class))
                              .as("the first process computes the entry anew")
                              .hasValue(2);
                        }));
  }

  @Test
  void closingTheContextClosesTheConnectionsToThePool() throws Exception {
    // One probe connection for the whole test: a probe closed just before would still be counted
    // until the server notices, as would another test's Cachet that is still saying goodbye.
    try (TextClient probe = new TextClient(memcached.get(0).port(), 2_000)) {
      awaitConnections(probe, 0);
      runner()
          .run(
              context -> {
                context.getBean(Catalog.class).product("sku-2");
                assertThat(connections(probe)).isGreaterThan(0);
              });
      awaitConnections(probe, 0);
      assertThat(connections(probe)).as("the pool's connections are closed with the context").isZero();
    }
  }

  /** Returns once the server has {@code expected} client connections; the caller asserts it. */
  private static void awaitConnections(TextClient probe, long expected) {
    Waiting.eventually(Duration.ofSeconds(10), () -> connectionsOrMinusOne(probe) == expected);
  }

  private static long connectionsOrMinusOne(TextClient probe) {
    try {
      return connections(probe);
    } catch (IOException e) {
      return -1;
    }
  }

  /** The server's open client connections, not counting the probe asking. */
  private static long connections(TextClient probe) throws IOException {
    String stats = probe.exchange("stats\r\n", "END\r\n");
    for (String line : stats.split("\r\n")) {
      if (line.startsWith("STAT curr_connections ")) {
        return Long.parseLong(line.substring("STAT curr_connections ".length()).trim()) - 1;
      }
    }
    throw new AssertionError("no curr_connections in " + stats);
  }
}
