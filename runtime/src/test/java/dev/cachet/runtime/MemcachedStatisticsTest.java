package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statistics against real memcached: the same counts as in memory, the servers' own
 * {@code stats} per server, and a paused server's timeouts counted apart from a dead server's
 * refusals.
 */
class MemcachedStatisticsTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(2);

  private Cachet open(String servers) {
    return Cachet.builder()
        .memcached(servers)
        .operationTimeout(Duration.ofMillis(200))
        .region("long_term", Duration.ofHours(1))
        .build();
  }

  @Test
  void countsHitsMissesBytesAndChunksAsInMemory() {
    try (Cachet cachet = open(memcached.addresses())) {
      Decorated<String> text = Decorated.of(cachet, "text", "long_term", String.class);
      Decorated<byte[]> blob = Decorated.of(cachet, "blob", "long_term", byte[].class);
      text.get(Decorated.key("text", "a"), () -> "small");
      text.get(Decorated.key("text", "a"), () -> "delegate");
      text.get(Decorated.key("text", "b"), () -> "cache me ".repeat(5_000));
      byte[] random = new byte[2_500_000];
      new Random(3).nextBytes(random);
      blob.get(Decorated.key("blob", "a"), () -> random);
      byte[] again = blob.get(Decorated.key("blob", "a"), () -> new byte[0]);

      assertEquals(random.length, again.length);
      CacheStatistics statistics = cachet.statistics();
      CacheStatistics.Counts texts = statistics.namespace("text");
      assertEquals(1, texts.hits());
      assertEquals(2, texts.misses());
      assertEquals(2, texts.stores());
      assertEquals(1, texts.compressedStores());
      CacheStatistics.Counts blobs = statistics.namespace("blob");
      assertEquals(1, blobs.chunkedWrites());
      assertEquals(3, blobs.chunksWritten());
      assertEquals(1, blobs.hits());
      assertEquals(blobs.storedBytes(), blobs.hitBytes());
      assertEquals(0, statistics.totals().transportErrors());
      assertEquals(3, statistics.region("long_term").misses());
      assertEquals(2, statistics.region("long_term").hits());
    }
  }

  @Test
  void serverStatisticsAreEachServersOwnStats() {
    try (Cachet cachet = open(memcached.addresses())) {
      Decorated<String> text = Decorated.of(cachet, "text", "long_term", String.class);
      for (int i = 0; i < 20; i++) {
        String value = "v" + i;
        text.get(Decorated.key("text", "k" + i), () -> value);
      }
      Map<String, Map<String, String>> servers = cachet.serverStatistics();
      assertEquals(
          List.of(memcached.get(0).address(), memcached.get(1).address()), List.copyOf(servers.keySet()));
      long items = 0;
      for (Map<String, String> stats : servers.values()) {
        assertEquals("1.6.18", stats.get("version"));
        items += Long.parseLong(stats.get("curr_items"));
      }
      assertEquals(22, items, "twenty entries and the namespace generation's copy on each server");
    }
  }

  @Test
  void aDeadServerIsReportedAsAnErrorBesideTheLiveOne() {
    try (Cachet cachet = open(memcached.addresses())) {
      memcached.get(1).kill();
      Map<String, Map<String, String>> servers = cachet.serverStatistics();
      assertTrue(servers.get(memcached.get(0).address()).containsKey("curr_items"), servers.toString());
      assertTrue(servers.get(memcached.get(1).address()).containsKey("error"), servers.toString());
    }
  }

  @Test
  void eachServerSaysWhetherItsCircuitBreakerIsOpen() {
    try (Cachet cachet =
        Cachet.builder()
            .memcached(memcached.addresses())
            .operationTimeout(Duration.ofMillis(100))
            .circuitBreaker(2, Duration.ofMinutes(1))
            .region("long_term", Duration.ofHours(1))
            .build()) {
      Decorated<String> text = Decorated.of(cachet, "text", "long_term", String.class);
      assertEquals("closed", cachet.serverStatistics().get(memcached.get(1).address()).get("breaker"));

      memcached.get(1).pause();
      for (int i = 0; i < 40; i++) {
        text.get(Decorated.key("text", "k" + i), () -> "v");
      }
      Map<String, Map<String, String>> servers = cachet.serverStatistics();
      memcached.get(1).resume();
      assertEquals("open", servers.get(memcached.get(1).address()).get("breaker"), servers.toString());
      assertEquals("closed", servers.get(memcached.get(0).address()).get("breaker"), servers.toString());
    }
  }

  @Test
  void aPausedServerTimesOutAndADeadOneRefuses() {
    try (Cachet cachet = open(memcached.get(0).address())) {
      Decorated<String> text = Decorated.of(cachet, "text", "long_term", String.class);
      text.get(Decorated.key("text", "a"), () -> "v");

      memcached.get(0).pause();
      text.get(Decorated.key("text", "a"), () -> "v");
      CacheStatistics.Counts paused = cachet.statistics().namespace("text");
      assertTrue(paused.transportTimeouts() >= 1, paused.toString());
      assertEquals(paused.transportErrors(), paused.transportTimeouts(), "a frozen server only times out");
      memcached.get(0).resume();

      memcached.get(0).kill();
      text.get(Decorated.key("text", "a"), () -> "v");
      text.get(Decorated.key("text", "a"), () -> "v");
      CacheStatistics.Counts dead = cachet.statistics().namespace("text");
      assertTrue(dead.otherTransportErrors() >= 2, dead.toString());
    }
  }
}
