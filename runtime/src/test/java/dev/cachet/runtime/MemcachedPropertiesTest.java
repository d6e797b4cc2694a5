package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.testing.MemcachedExtension;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cachet.servers} in properties opens the memcached pool. */
class MemcachedPropertiesTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  @Test
  void propertiesWithServersCacheInMemcached() {
    Properties properties = new Properties();
    properties.setProperty("cachet.servers", memcached.addresses());
    properties.setProperty("cachet.operation-timeout", "PT2S");
    properties.setProperty("cachet.region.long_term.expire", "3600");

    try (Cachet writer = Cachet.fromProperties(properties);
        Cachet reader = Cachet.fromProperties(properties)) {
      assertTrue(writer.toString().contains("memcached"), writer.toString());
      Decorated.<String>of(writer, "image", "long_term", String.class)
          .get(Decorated.key("image", "a"), () -> "stored");

      assertEquals(
          "stored",
          Decorated.<String>of(reader, "image", "long_term", String.class)
              .get(Decorated.key("image", "a"), () -> "not stored"));
    }
  }
}
