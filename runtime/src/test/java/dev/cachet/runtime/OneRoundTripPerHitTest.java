package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TurnCountingProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hit costs one request/response turn with memcached, counted by a proxy between the
 * memcached transport and the server: the generation and the entry travel in one {@code getAll}.
 */
class OneRoundTripPerHitTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  @Test
  void aHitIsOneTurnWithAndWithoutAPriorInvalidateAll() {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(memcached.get().address());
        Cachet cachet =
            Cachet.builder()
                .memcached(proxy.address())
                .operationTimeout(Duration.ofSeconds(2))
                .region("r", Duration.ofMinutes(10))
                .build()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      CacheKey key = Decorated.key("image", "a");
      image.get(key, () -> "v1");

      proxy.reset();
      assertEquals("v1", image.get(key, () -> "miss"));
      long plainHit = proxy.turns();

      cachet.invalidateAll("image");
      image.get(key, () -> "v2");
      proxy.reset();
      assertEquals("v2", image.get(key, () -> "miss"));
      long hitAfterInvalidateAll = proxy.turns();

      System.out.println(
          "turns per hit: " + plainHit + "; after invalidateAll: " + hitAfterInvalidateAll);
      assertEquals(1, plainHit);
      assertEquals(1, hitAfterInvalidateAll);
      assertEquals(2, image.delegateCalls.get());
    }
  }
}
