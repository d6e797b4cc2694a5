package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TextClient;
import dev.cachet.runtime.testing.Waiting;
import dev.cachet.spring.boot.fixture.Catalog;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The auto-configuration against a real memcached server, and the connections it opens. */
class CachetOverMemcachedTest extends SharedStoreContract {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(1);

  @Override
  String storeProperty() {
    return "cachet.servers=" + memcached.addresses();
  }

  @Override
  String storeAddress() {
    return memcached.addresses();
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
