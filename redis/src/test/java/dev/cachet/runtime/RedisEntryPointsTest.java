package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisExtension;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With cachet-redis on the class path: the property opens Redis; redisCluster says it is not built yet. */
class RedisEntryPointsTest {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  @Test
  void thePropertyOpensRedis() {
    Properties properties = new Properties();
    properties.setProperty("cachet.redis", redis.uri());
    properties.setProperty("cachet.region.r.expire", "600");
    try (Cachet cachet = Cachet.fromProperties(properties)) {
      assertTrue(cachet.toString().contains("redis 127.0.0.1:" + redis.get().port()), cachet.toString());
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      image.get(Decorated.key("image", "a"), () -> "v1");
      assertEquals("v1", image.get(Decorated.key("image", "a"), () -> "v2"));
    }
  }

  @Test
  void aMalformedUriFailsWhereItWasWritten() {
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> Cachet.builder().redis("127.0.0.1:6379"));
    assertTrue(bad.getMessage().contains("redis://"), bad.getMessage());
  }

  @Test
  void redisClusterSaysItIsNotSupportedYet() {
    UnsupportedOperationException notYet =
        assertThrows(
            UnsupportedOperationException.class,
            () -> Cachet.builder().redisCluster("redis://127.0.0.1:7000 redis://127.0.0.1:7001"));
    assertTrue(notYet.getMessage().contains("not supported yet"), notYet.getMessage());
  }
}
