package dev.cachet.runtime.internal.transport;

import static dev.cachet.runtime.internal.transport.CircuitBreaker.Permit.PASS;
import static dev.cachet.runtime.internal.transport.CircuitBreaker.Permit.PROBE;
import static dev.cachet.runtime.internal.transport.CircuitBreaker.Permit.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's states, driven by a hand-moved clock. */
class CircuitBreakerTest {
  private static final long COOL_OFF = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong now = new AtomicLong(1_000);
  private final CircuitBreaker breaker = new CircuitBreaker(3, COOL_OFF, now::get);

  @Test
  void opensAfterTheConfiguredNumberOfConsecutiveTimeouts() {
    breaker.onTimeout(breaker.tryAcquire());
    breaker.onTimeout(breaker.tryAcquire());
    assertEquals(PASS, breaker.tryAcquire());
    breaker.onTimeout(PASS);
    assertTrue(breaker.isOpen());
    assertEquals(REFUSED, breaker.tryAcquire());
    assertEquals(1, breaker.timesOpened());
  }

  @Test
  void aSuccessBetweenTimeoutsStartsTheCountAgain() {
    breaker.onTimeout(PASS);
    breaker.onTimeout(PASS);
    breaker.onSuccess();
    breaker.onTimeout(PASS);
    breaker.onTimeout(PASS);
    assertFalse(breaker.isOpen());
  }

  @Test
  void otherFailuresDoNotOpenIt() {
    for (int i = 0; i < 10; i++) {
      breaker.onOtherFailure(breaker.tryAcquire());
    }
    assertFalse(breaker.isOpen());
  }

  @Test
  void afterTheCoolOffExactlyOneProbeIsLetThrough() {
    open();
    now.addAndGet(COOL_OFF - 1);
    assertEquals(REFUSED, breaker.tryAcquire());
    now.addAndGet(1);
    assertEquals(PROBE, breaker.tryAcquire());
    assertEquals(REFUSED, breaker.tryAcquire());
    assertEquals(REFUSED, breaker.tryAcquire());
  }

  @Test
  void aSuccessfulProbeClosesIt() {
    open();
    now.addAndGet(COOL_OFF);
    assertEquals(PROBE, breaker.tryAcquire());
    breaker.onSuccess();
    assertFalse(breaker.isOpen());
    assertEquals(PASS, breaker.tryAcquire());
  }

  @Test
  void aFailedProbeOpensItForAnotherCoolOff() {
    open();
    now.addAndGet(COOL_OFF);
    breaker.onTimeout(breaker.tryAcquire());
    assertTrue(breaker.isOpen());
    now.addAndGet(COOL_OFF - 1);
    assertEquals(REFUSED, breaker.tryAcquire());
    now.addAndGet(1);
    CircuitBreaker.Permit probe = breaker.tryAcquire();
    assertEquals(PROBE, probe);
    breaker.onOtherFailure(probe);
    assertEquals(REFUSED, breaker.tryAcquire());
    assertEquals(1, breaker.timesOpened(), "reopening an open breaker is not a new opening");
  }

  @Test
  void aProbeThatNeverReportsBackDoesNotKeepTheServerOutForever() {
    open();
    now.addAndGet(COOL_OFF);
    assertEquals(PROBE, breaker.tryAcquire());
    now.addAndGet(COOL_OFF);
    assertEquals(PROBE, breaker.tryAcquire());
  }

  @Test
  void lateTimeoutsOfOperationsSentBeforeItOpenedDoNotExtendTheCoolOff() {
    open();
    now.addAndGet(COOL_OFF / 2);
    breaker.onTimeout(PASS);
    now.addAndGet(COOL_OFF / 2);
    assertEquals(PROBE, breaker.tryAcquire());
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.onTimeout(breaker.tryAcquire());
    }
    assertTrue(breaker.isOpen());
  }
}
