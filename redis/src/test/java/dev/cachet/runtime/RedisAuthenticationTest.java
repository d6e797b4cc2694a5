package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.redis.testing.RedisExtension;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The URI forms with credentials: {@code redis://:password@host:port} against {@code
 * --requirepass}, {@code redis://user:password@host:port} against an ACL user; a wrong password
 * is a counted fault (every call answered by its delegate), never an exception, and never printed.
 */
class RedisAuthenticationTest {
  private static Cachet open(String uri) {
    return Cachet.builder()
        .redis(uri)
        .operationTimeout(Duration.ofSeconds(1))
        .region("r", Duration.ofMinutes(10))
        .build();
  }

  private static String withCredentials(String uri, String userInfo) {
    return uri.replace("redis://", "redis://" + userInfo + "@");
  }

  private static void assertCaches(Cachet cachet) {
    Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
    assertEquals("v1", image.get(Decorated.key("image", "a"), () -> "v1"));
    assertEquals("v1", image.get(Decorated.key("image", "a"), () -> "v2"));
    assertEquals(1, image.delegateCalls.get());
    assertEquals(0, cachet.statistics().namespace("image").transportErrors());
  }

  private static void assertFailsOpen(Cachet cachet) {
    Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
    assertEquals("v1", image.get(Decorated.key("image", "a"), () -> "v1"));
    assertEquals("v2", image.get(Decorated.key("image", "a"), () -> "v2"));
    assertEquals(2, image.delegateCalls.get());
    assertTrue(cachet.statistics().namespace("image").transportErrors() >= 2);
  }

  @Nested
  class RequirePass {
    @RegisterExtension final RedisExtension redis = RedisExtension.withPassword("s3cret-pass");

    @Test
    void theRightPasswordCaches() {
      try (Cachet cachet = open(withCredentials(redis.uri(), ":s3cret-pass"))) {
        assertCaches(cachet);
      }
    }

    @Test
    void aWrongPasswordIsACountedFaultAndIsNeverPrinted() {
      try (Cachet cachet = open(withCredentials(redis.uri(), ":wrong-pass"))) {
        assertFailsOpen(cachet);
        assertFalse(cachet.toString().contains("wrong-pass"), cachet.toString());
      }
    }

    @Test
    void noPasswordIsACountedFault() {
      try (Cachet cachet = open(redis.uri())) {
        assertFailsOpen(cachet);
      }
    }
  }

  @Nested
  class AclUser {
    @RegisterExtension final RedisExtension redis = RedisExtension.withAclUser("app", "app-pass");

    @Test
    void theUserAndItsPasswordCache() {
      try (Cachet cachet = open(withCredentials(redis.uri(), "app:app-pass"))) {
        assertCaches(cachet);
      }
    }

    @Test
    void anotherUsersPasswordIsACountedFault() {
      try (Cachet cachet = open(withCredentials(redis.uri(), "app:wrong"))) {
        assertFailsOpen(cachet);
      }
    }
  }
}
