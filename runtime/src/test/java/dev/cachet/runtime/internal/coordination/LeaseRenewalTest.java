package dev.cachet.runtime.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.testing.FaultyTransport;
import dev.cachet.runtime.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lease holder renews its placeholder while it computes, but not forever: a computation that
 * never ends must free its key. Renewals run on real time (every third of the lock timeout); the
 * store's expiry runs on a clock the test moves.
 */
class LeaseRenewalTest {
  private static final String KEY = "image/0c1d:a";
  private static final Duration LOCK_TIMEOUT = Duration.ofMillis(30);
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTransport store = new InMemoryTransport(clock);
  private final FaultyTransport transport = new FaultyTransport(store);
  private final Leases leases = new Leases(transport, new FaultLog(), new SecureRandom());
  private final AtomicInteger transportFaults = new AtomicInteger();
  /** Counts transport faults; ignores the other events. */
  private final NamespaceEvents events =
      (NamespaceEvents)
          Proxy.newProxyInstance(
              NamespaceEvents.class.getClassLoader(),
              new Class<?>[] {NamespaceEvents.class},
              (proxy, method, arguments) -> {
                if (method.getName().equals("transportFault")) {
                  transportFaults.incrementAndGet();
                }
                return method.getReturnType() == long.class ? 0L : null;
              });

  @AfterEach
  void close() {
    leases.close();
  }

  @Test
  void aLeaseIsRenewedForSixLockTimeoutsThenLeftToLapse() throws Exception {
    Leases.Claim claim = leases.claim(KEY, 7, LEASE, NO_ENTRIES, events);
    assertEquals(Leases.Claim.Kind.HELD, claim.kind);

    Future<?> renewal = leases.renew(KEY, LEASE, LOCK_TIMEOUT, events);
    awaitDone(renewal);

    assertTrue(renewal.isCancelled(), "renewal stops by itself");
    assertEquals(Leases.MAX_RENEWALS, transport.touches(), "three renewals per lock timeout, six lock timeouts");
    assertEquals(18, Leases.MAX_RENEWALS);
    // The last renewal gave the placeholder one more lease time, and nothing renews it after.
    assertArrayEquals(claim.holder, store.gets(KEY).value());
    clock.advance(LEASE);
    assertNull(store.gets(KEY), "the lease lapsed: waiters may claim the key");
  }

  @Test
  void renewalStopsAtOnceWhenThePlaceholderIsGone() throws Exception {
    Leases.Claim claim = leases.claim(KEY, 7, LEASE, NO_ENTRIES, events);
    assertEquals(Leases.Claim.Kind.HELD, claim.kind);
    store.delete(KEY); // an invalidation

    Future<?> renewal = leases.renew(KEY, LEASE, LOCK_TIMEOUT, events);
    awaitDone(renewal);

    assertTrue(renewal.isCancelled());
    assertEquals(1, transport.touches(), "the first touch found nothing to renew");
    assertNull(store.gets(KEY), "renewal never brings a placeholder back");
  }

  @Test
  void aRenewalThatFailsIsTriedAgain() throws Exception {
    Leases.Claim claim = leases.claim(KEY, 7, LEASE, NO_ENTRIES, events);
    assertEquals(Leases.Claim.Kind.HELD, claim.kind);
    transport.fail(FaultyTransport.Fault.TIMEOUT);

    Future<?> renewal = leases.renew(KEY, LEASE, LOCK_TIMEOUT, events);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (transportFaults.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(transportFaults.get() >= 3, "failed renewals are counted and retried");
    transport.fail(FaultyTransport.Fault.NONE);
    awaitDone(renewal);
    int touches = transport.touches();
    assertTrue(touches >= 1, "renewed once the store answered");
    assertTrue(touches <= Leases.MAX_RENEWALS - 3, "failed renewals count against the cap: " + touches);
  }

  private static void awaitDone(Future<?> renewal) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!renewal.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(renewal.isDone(), "renewal still running after " + DEADLINE);
  }

  /** A claim of an empty key reads nothing back: any use of the read path fails the test. */
  private static final Entries NO_ENTRIES = null;
}
