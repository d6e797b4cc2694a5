package dev.cachet.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisExtension;
import dev.cachet.redis.testing.RedisServer;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scripts are sent by hash and reloaded when the server has forgotten them: after {@code
 * SCRIPT FLUSH} and after a restart (as after a failover), the next call answers rightly, by one
 * {@code EVAL}, and the calls after it go by {@code EVALSHA} again.
 */
class RedisScriptsTest {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code calls=N} of {@code cmdstat_<command>} in {@code INFO commandstats}; 0 when never called. */
  private static long calls(RedisServer server, String command) {
    for (String line : server.command("INFO", "commandstats").split("\r\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String rest = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }

  private static void leaseAndStore(Transport transport, String key) {
    assertTrue(transport.add(key, bytes("placeholder"), Duration.ofSeconds(30)));
    Transport.Versioned lease = transport.gets(key);
    assertFalse(transport.cas(key, bytes("stale"), Duration.ZERO, lease.casId() + 1), "another id stores nothing");
    assertTrue(transport.cas(key, bytes("computed"), Duration.ofMinutes(1), lease.casId()));
    assertArrayEquals(bytes("computed"), transport.getAll(List.of(key)).get(key));
  }

  @Test
  void aFlushedScriptCacheIsRefilledByOneEval() {
    RedisServer server = redis.get();
    try (Transport transport = RedisTransports.open(redis.uri(), Duration.ofSeconds(2), Clock.systemUTC())) {
      leaseAndStore(transport, "a");
      // The first cas: EVALSHA answered NOSCRIPT (Redis counts that as a call), then EVAL; the second
      // cas: EVALSHA.
      assertEquals(1, calls(server, "eval"), "the first call ever: NOSCRIPT, then EVAL");
      assertEquals(2, calls(server, "evalsha"));

      assertEquals("+OK", server.command("SCRIPT", "FLUSH"));
      leaseAndStore(transport, "b");
      leaseAndStore(transport, "c");

      assertEquals(2, calls(server, "eval"), "one EVAL after the flush");
      assertEquals(2 + 4, calls(server, "evalsha"), "every call tries the hash first");
    }
  }

  @Test
  void aRestartedServerGetsTheScriptsAgain() {
    RedisServer server = redis.get();
    try (Transport transport = RedisTransports.open(redis.uri(), Duration.ofSeconds(2), Clock.systemUTC())) {
      leaseAndStore(transport, "a");
      server.restart();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> transport.getAll(List.of("a")).isEmpty());
      leaseAndStore(transport, "b");
      assertEquals(1, calls(server, "eval"), "the restarted server learnt the script once");
      assertTrue(transport.touch("b", Duration.ZERO), "PERSIST's script too");
      assertEquals(2, calls(server, "eval"));
    }
  }
}
