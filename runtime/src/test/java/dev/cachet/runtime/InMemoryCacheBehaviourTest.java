package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.Load;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

  /** Here the lease cannot lapse (its expiry follows the test's clock, which stands still). */
  @Test
  void aWaiterGivesUpAtTheLockTimeoutAndItIsCounted() {
    Decorated<String> holder =
        Decorated.of(
            open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(Duration.ofMillis(300)))),
            NS,
            "long_term",
            String.class);
    Cachet waiterCache =
        open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(Duration.ofMillis(300))));
    Decorated<String> waiter = Decorated.of(waiterCache, NS, "long_term", String.class);
    assertInstanceOf(Load.class, holder.operation.get(key("a")));

    long started = System.nanoTime();
    assertEquals("waiter's", waiter.get(key("a"), () -> "waiter's"));
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertTrue(waitedMillis >= 250 && waitedMillis < 1300, "waited " + waitedMillis + " ms");
    assertEquals(1, waiterCache.statistics().namespace(NS).lockTimeouts());
  }
}
