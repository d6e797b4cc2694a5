package dev.cachet.runtime.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * never ends must free its key. Renewals and the store's expiry run on one virtual time that the
 * test moves, so the schedule is seen to the millisecond: every third of the lock timeout, as the
 * runtime sets it, with the lease one second longer than the lock timeout.
 */
class LeaseRenewalTest {
  private static final String KEY = "image/0c1d:a";
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Duration LEASE = LOCK_TIMEOUT.plusSeconds(1);
  private static final Duration MILLISECOND = Duration.ofMillis(1);

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTransport store = new InMemoryTransport(clock);
  private final FaultyTransport transport = new FaultyTransport(store);
  private final VirtualRenewals time = new VirtualRenewals(clock);
  private final Leases leases = new Leases(transport, new FaultLog(), new SecureRandom(), time);
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
  void aLeaseIsRenewedForSixLockTimeoutsThenLeftToLapse() {
    Leases.Claim claim = leases.claim(KEY, 7, LEASE, NO_ENTRIES, events);
    assertEquals(Leases.Claim.Kind.HELD, claim.kind);

    Future<?> renewal = leases.renew(KEY, LEASE, LOCK_TIMEOUT, events);
    time.advance(PERIOD.minus(MILLISECOND));
    assertEquals(0, transport.touches(), "the first renewal comes one period after the claim");
    time.advance(MILLISECOND);
    assertEquals(1, transport.touches());

    // 18 s: far past the lease of 4 s that the claim gave, and held all along.
    for (int second = 2; second <= Leases.MAX_RENEWALS; second++) {
      time.advance(PERIOD);
      assertEquals(second, transport.touches());
      assertArrayEquals(claim.holder, store.gets(KEY).value(), "lapsed at " + time.nowMillis() + " ms");
    }
    assertEquals(18, Leases.MAX_RENEWALS);
    assertFalse(renewal.isDone(), "it stops at the next period, not at the last renewal");
    time.advance(PERIOD);
    assertTrue(renewal.isCancelled(), "renewal stops by itself");
    assertEquals(Leases.MAX_RENEWALS, transport.touches(), "three renewals per lock timeout, six lock timeouts");

    // The last renewal, at 18 s, gave the placeholder one more lease time, and nothing renews it.
    time.advance(LEASE.minus(PERIOD).minus(MILLISECOND));
    assertArrayEquals(claim.holder, store.gets(KEY).value());
    time.advance(MILLISECOND);
    assertNull(store.gets(KEY), "the lease lapsed: waiters may claim the key");
    assertEquals(Leases.MAX_RENEWALS * PERIOD.toMillis() + LEASE.toMillis(), time.nowMillis());
  }

  @Test
  void renewalStopsAtOnceWhenThePlaceholderIsGone() {
    Leases.Claim claim = leases.claim(KEY, 7, LEASE, NO_ENTRIES, events);
    assertEquals(Leases.Claim.Kind.HELD, claim.kind);
    store.delete(KEY); // an invalidation

    Future<?> renewal = leases.renew(KEY, LEASE, LOCK_TIMEOUT, events);
    time.advance(PERIOD);

    assertTrue(renewal.isCancelled());
    assertEquals(1, transport.touches(), "the first touch found nothing to renew");
    time.advance(PERIOD.multipliedBy(Leases.MAX_RENEWALS));
    assertEquals(1, transport.touches());
    assertNull(store.gets(KEY), "renewal never brings a placeholder back");
  }

  @Test
  void aRenewalThatFailsIsTriedAgain() {
    Leases.Claim claim = leases.claim(KEY, 7, LEASE, NO_ENTRIES, events);
    assertEquals(Leases.Claim.Kind.HELD, claim.kind);
    transport.fail(FaultyTransport.Fault.TIMEOUT);

    Future<?> renewal = leases.renew(KEY, LEASE, LOCK_TIMEOUT, events);
    time.advance(PERIOD.multipliedBy(3));
    assertEquals(3, transportFaults.get(), "failed renewals are counted and retried");
    assertEquals(0, transport.touches());
    assertFalse(renewal.isDone());

    // The placeholder lapsed at 4 s, with the store unreachable: renewal finds it gone at 4 s.
    transport.fail(FaultyTransport.Fault.NONE);
    time.advance(PERIOD);
    assertEquals(1, transport.touches());
    assertTrue(renewal.isCancelled());
    assertNull(store.gets(KEY));
  }

  @Test
  void failedRenewalsCountAgainstTheCap() {
    Leases.Claim claim = leases.claim(KEY, 7, LEASE, NO_ENTRIES, events);
    assertEquals(Leases.Claim.Kind.HELD, claim.kind);
    Future<?> renewal = leases.renew(KEY, LEASE, LOCK_TIMEOUT, events);
    time.advance(PERIOD);
    transport.fail(FaultyTransport.Fault.TIMEOUT);
    time.advance(PERIOD);
    transport.fail(FaultyTransport.Fault.NONE);
    assertEquals(1, transportFaults.get());

    time.advance(PERIOD.multipliedBy(Leases.MAX_RENEWALS - 2));
    assertEquals(Leases.MAX_RENEWALS - 1, transport.touches(), "the failed one took a renewal's place");
    assertFalse(renewal.isDone());
    time.advance(PERIOD);
    assertTrue(renewal.isCancelled());
    assertEquals(Leases.MAX_RENEWALS - 1, transport.touches());
  }

  /** A claim of an empty key reads nothing back: any use of the read path fails the test. */
  private static final Entries NO_ENTRIES = null;
}
