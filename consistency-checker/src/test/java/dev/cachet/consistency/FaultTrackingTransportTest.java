package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MemcachedServer;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's transport, on two real memcached servers: what it forwards and what it marks. */
class FaultTrackingTransportTest {
  private MemcachedServer first;
  private MemcachedServer second;
  private MemcachedTransport memcached;
  private FaultTrackingTransport watched;

  @BeforeEach
  void start() {
    first = MemcachedServer.start();
    second = MemcachedServer.start();
    memcached =
        MemcachedTransport.connect(
            MemcachedSettings.servers(first.address() + " " + second.address()).withOperationTimeout(Duration.ofMillis(250)));
    watched = new FaultTrackingTransport(memcached);
  }

  @AfterEach
  void stop() {
    // Each is null when the test stopped before starting it.
    if (watched != null) {
      watched.close();
    }
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Test
  void everyMethodOfTheInterfaceIsForwardedRatherThanLeftToItsDefault() throws Exception {
    // A default left in place would quietly act as a one-server store: caught here, including
    // for methods the interface gains later.
    for (Method method : Transport.class.getMethods()) {
      Method own = FaultTrackingTransport.class.getMethod(method.getName(), method.getParameterTypes());
      assertEquals(FaultTrackingTransport.class, own.getDeclaringClass(), method.toString());
    }
  }

  @Test
  void eachServersCopyOfAGenerationIsNamedAsTheMemcachedTransportNamesIt() {
    List<String> copies = watched.everywhere("item/gen");
    assertEquals(memcached.everywhere("item/gen"), copies);
    assertEquals(2, copies.size());
    assertNotEquals("item/gen", watched.beside("item/gen", "item/0123abcd:1"));
    assertEquals(memcached.beside("item/gen", "item/0123abcd:1"), watched.beside("item/gen", "item/0123abcd:1"));
    assertFalse(watched.processLocal());
    assertEquals(memcached.describe(), watched.describe());
    assertEquals(memcached.maxItemBytes(), watched.maxItemBytes());
  }

  @Test
  void operationsThatReachTheStoreAreCountedAndMarkNothing() {
    watched.begin();
    watched.set("cachet-test/a", new byte[] {1}, Duration.ZERO);
    assertTrue(watched.add("cachet-test/b", new byte[] {2}, Duration.ZERO));
    Transport.Versioned held = watched.gets("cachet-test/a");
    assertTrue(watched.cas("cachet-test/a", new byte[] {3}, Duration.ZERO, held.casId()));
    assertEquals(2, watched.getAll(List.of("cachet-test/a", "cachet-test/b")).size());
    assertTrue(watched.delete("cachet-test/b"));
    assertEquals(6, watched.roundTrips());
    assertFalse(watched.faulted());
    watched.deleteWhenReachable("cachet-test/a", new byte[] {3});
    assertEquals(6, watched.roundTrips(), "queued for the transport's own thread: not a round trip of the call");
  }

  @Test
  void aFaultMarksTheThreadThatHitItUntilItsNextCall() {
    first.kill();
    second.kill();
    watched.begin();
    assertThrows(TransportException.class, () -> watched.getAll(List.of("cachet-test/a")));
    assertTrue(watched.faulted());
    assertEquals(1, watched.roundTrips(), "a lookup that failed still tried to reach the store");
    watched.begin();
    assertFalse(watched.faulted());
    assertEquals(0, watched.roundTrips());
  }

  @Test
  void aFaultOnAnotherThreadDoesNotMarkThisOne() throws InterruptedException {
    first.kill();
    second.kill();
    watched.begin();
    AtomicBoolean theirs = new AtomicBoolean();
    AtomicInteger thrown = new AtomicInteger();
    Thread background =
        new Thread(
            () -> {
              watched.begin();
              try {
                watched.delete("cachet-test/a");
              } catch (TransportException expected) {
                thrown.incrementAndGet();
              }
              theirs.set(watched.faulted());
            });
    background.start();
    background.join();
    assertEquals(1, thrown.get());
    assertTrue(theirs.get());
    assertFalse(watched.faulted());
    assertEquals(0, watched.roundTrips());
  }
}
