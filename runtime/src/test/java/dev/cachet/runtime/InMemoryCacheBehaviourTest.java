package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cachet.runtime.internal.Load;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.VirtualWaitClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CacheBehaviourContract} on the embedded in-memory store, expiring by the test's clock. */
class InMemoryCacheBehaviourTest extends CacheBehaviourContract {
  private final InMemoryTransport store = new InMemoryTransport(clock);

  @Override
  Cachet.Builder builder() {
    return Cachet.builder().transport(new SharedTransport(store)).clock(clock);
  }

  @Override
  Transport backdoor() {
    return store;
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /**
   * Here the lease cannot lapse (its expiry follows the test's clock, which stands still), and
   * the waiter's polls run on virtual time: it gives up a tenth of the lock timeout before its own
   * process's waiters would (30 ms of 300, below the 100 ms cap), and not a poll earlier.
   */
  @Test
  void aWaiterGivesUpAtTheLockTimeoutAndItIsCounted() {
    Duration lockTimeout = Duration.ofMillis(300);
    VirtualWaitClock waits = new VirtualWaitClock();
    Decorated<String> holder =
        Decorated.of(
            open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(lockTimeout))),
            NS,
            "long_term",
            String.class);
    Cachet waiterCache =
        open(b -> b.waitClock(waits).region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(lockTimeout)));
    Decorated<String> waiter = Decorated.of(waiterCache, NS, "long_term", String.class);
    assertInstanceOf(Load.class, holder.operation.get(key("a")));

    assertEquals("waiter's", waiter.get(key("a"), () -> "waiter's"));

    assertEquals(Duration.ofMillis(270).toNanos(), waits.pausedNanos());
    CacheStatistics.Counts counts = waiterCache.statistics().namespace(NS);
    assertEquals(Duration.ofMillis(270), counts.lockWaitTime());
    assertEquals(1, counts.lockTimeouts());
  }
}
