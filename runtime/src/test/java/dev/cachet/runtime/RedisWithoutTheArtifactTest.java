package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The runtime has no Redis client: without {@code cachet-redis} on the class path (as here, in
 * the runtime's own tests) the Redis entry points fail at once, naming the artifact to add, and
 * the store properties exclude each other whatever is on the class path.
 */
class RedisWithoutTheArtifactTest {
  @Test
  void redisNamesTheArtifactToAdd() {
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> Cachet.builder().redis("redis://127.0.0.1:6379"));
    assertTrue(missing.getMessage().contains("dev.cachet:cachet-redis"), missing.getMessage());
    assertTrue(missing.getMessage().startsWith("redis(...)"), missing.getMessage());
  }

  @Test
  void redisClusterNamesTheArtifactToAdd() {
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> Cachet.builder().redisCluster("redis://127.0.0.1:7000 redis://127.0.0.1:7001"));
    assertTrue(missing.getMessage().contains("dev.cachet:cachet-redis"), missing.getMessage());
    assertTrue(missing.getMessage().startsWith("redisCluster(...)"), missing.getMessage());
  }

  @Test
  void thePropertiesNameTheArtifactAndTheProperty() {
    for (String property : new String[] {"cachet.redis", "cachet.redis-cluster"}) {
      Properties properties = new Properties();
      properties.setProperty(property, "redis://127.0.0.1:6379");
      IllegalStateException missing =
          assertThrows(IllegalStateException.class, () -> Cachet.fromProperties(properties));
      assertTrue(missing.getMessage().startsWith(property + ": "), missing.getMessage());
      assertTrue(missing.getMessage().contains("dev.cachet:cachet-redis"), missing.getMessage());
    }
  }

  @Test
  void twoStorePropertiesAreOneErrorNamingBothAsWrittenWithoutThePassword() {
    Properties properties = new Properties();
    properties.setProperty("cachet.servers", "127.0.0.1:11211");
    properties.setProperty("cachet.redis", "redis://app:s3cret@127.0.0.1:6379");

    String message =
        assertThrows(IllegalArgumentException.class, () -> CachetSpec.parse(properties)).getMessage();

    assertTrue(
        message.contains(
            "cachet.redis=redis://app:***@127.0.0.1:6379 and cachet.servers=127.0.0.1:11211: give at most one"
                + " of cachet.servers, cachet.redis and cachet.redis-cluster"),
        message);
    assertFalse(message.contains("s3cret"), message);
  }

  @Test
  void redisAndRedisClusterTogetherAreRefusedToo() {
    Properties properties = new Properties();
    properties.setProperty("cachet.redis", "redis://127.0.0.1:6379");
    properties.setProperty("cachet.redis-cluster", " redis://127.0.0.1:7000 ");

    String message =
        assertThrows(IllegalArgumentException.class, () -> CachetSpec.parse(properties)).getMessage();

    assertTrue(
        message.contains("cachet.redis=redis://127.0.0.1:6379 and cachet.redis-cluster=redis://127.0.0.1:7000"),
        message);
  }

  @Test
  void passwordsAreMaskedInEveryFormARedisUriAllows() {
    assertEquals("redis://app:***@h:6379", Stores.withoutPassword("redis://app:pw@h:6379"));
    assertEquals("redis://:***@h:6379", Stores.withoutPassword("redis://:pw@h:6379"));
    assertEquals("redis://***@h:6379", Stores.withoutPassword("redis://pw@h:6379"));
    assertEquals(
        "redis://a:***@h:1 rediss://b:***@k:2",
        Stores.withoutPassword("redis://a:x@h:1 rediss://b:y@k:2"));
    assertEquals("redis://h:6379/0", Stores.withoutPassword("redis://h:6379/0"));
  }
}
