package dev.cachet.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In a static field the servers live for the class and come back healthy after each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemcachedExtensionPerClassTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.servers(2);

  private static long firstPid;

  @Test
  @Order(1)
  void givesRunningServersOnDistinctPorts() {
    assertTrue(MEMCACHED.get(0).isRunning() && MEMCACHED.get(1).isRunning());
    assertNotEquals(MEMCACHED.get(0).port(), MEMCACHED.get(1).port());
    assertEquals(MEMCACHED.get(0).address() + " " + MEMCACHED.get(1).address(), MEMCACHED.addresses());
    firstPid = MEMCACHED.get(0).pid();
    MEMCACHED.get(0).kill();
    MEMCACHED.get(1).pause();
  }

  @Test
  @Order(2)
  void restoresKilledAndPausedServersBeforeTheNextTest() throws IOException {
    assertTrue(MEMCACHED.get(0).isRunning());
    assertNotEquals(firstPid, MEMCACHED.get(0).pid());
    assertFalse(MEMCACHED.get(1).isPaused());
    try (TextClient client = new TextClient(MEMCACHED.get(1).port(), 2_000)) {
      assertTrue(client.exchange("version\r\n", "\r\n").startsWith("VERSION "));
    }
  }
}
