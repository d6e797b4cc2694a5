package dev.cachet.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In an instance field each test gets a fresh server, stopped after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemcachedExtensionPerTestTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  private static MemcachedServer previous;

  @Test
  @Order(1)
  void startsAServer() {
    assertTrue(memcached.get().isRunning());
    previous = memcached.get();
  }

  @Test
  @Order(2)
  void stopsItAfterTheTest() {
    assertFalse(previous.isRunning());
    assertTrue(memcached.get().isRunning());
    assertNotSame(previous, memcached.get());
  }
}
