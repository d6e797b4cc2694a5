package dev.cachet.runtime.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One process's syncs of its near copies against the change marks, run one at a time by the test:
 * which of them drop the copies (advance the namespace's epoch) and which keep them.
 */
class NearSyncTest {
  private static final String NS = "image";
  private static final String MARK = WireFormat.changesKey(NS);

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTransport store = new InMemoryTransport(clock);
  /** For each advance of the epoch, whether the mark was in the store at that moment. */
  private final List<Boolean> advances = new ArrayList<>();
  private final Epoch epoch =
      new Epoch() {
        @Override
        void advance() {
          advances.add(store.getAll(List.of(MARK)).containsKey(MARK));
          super.advance();
        }
      };

  /** Syncs only when the test calls {@link NearSync#sync()}: its own thread is shut down first. */
  private NearSync nearSync(Transport transport) {
    NearSync sync =
        new NearSync(
            transport, clock::millis, Duration.ofMillis(300), new FaultLog(), n -> epoch, new SecureRandom());
    sync.close();
    sync.keepNear(NS);
    return sync;
  }

  @Test
  void aMarkTheSyncAddedItselfIsNotTakenForAnInvalidation() {
    NearSync sync = nearSync(store);

    sync.sync();
    assertTrue(store.getAll(List.of(MARK)).containsKey(MARK), "the missing mark was not added");
    // Dropped after the add: whatever changed before the mark existed is covered by this drop.
    assertEquals(List.of(true), advances);

    sync.sync();
    sync.sync();
    assertEquals(1, advances.size(), "the copies were dropped again for the mark this process added");
  }

  @Test
  void anotherProcessesMarkDropsTheCopies() {
    NearSync sync = nearSync(store);
    sync.sync();

    store.set(MARK, NearSync.freshMark(new SecureRandom()), Duration.ZERO);
    sync.sync();
    assertEquals(2, advances.size());
    sync.sync();
    assertEquals(2, advances.size());
  }

  @Test
  void anInvalidationThatSetsTheMarkBeforeTheAddIsSeenByTheNextSync() {
    AtomicBoolean first = new AtomicBoolean(true);
    // The first read finds no mark; another process's invalidation sets one before the add.
    Transport racing =
        (Transport)
            Proxy.newProxyInstance(
                Transport.class.getClassLoader(),
                new Class<?>[] {Transport.class},
                (proxy, method, arguments) -> {
                  Object result;
                  try {
                    result = method.invoke(store, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("getAll") && first.getAndSet(false)) {
                    store.set(MARK, NearSync.freshMark(new SecureRandom()), Duration.ZERO);
                  }
                  return result;
                });
    NearSync sync = nearSync(racing);

    sync.sync();
    assertEquals(1, advances.size());
    sync.sync();
    assertEquals(2, advances.size(), "the invalidation's mark was taken for this process's own");
    sync.sync();
    assertEquals(2, advances.size());
    assertFalse(first.get());
  }

  @Test
  void oneSyncReadsTheMarksOfEveryNamespaceInOneRead() {
    List<String> calls = new ArrayList<>();
    List<Integer> keysRead = new ArrayList<>();
    Transport counting =
        (Transport)
            Proxy.newProxyInstance(
                Transport.class.getClassLoader(),
                new Class<?>[] {Transport.class},
                (proxy, method, arguments) -> {
                  calls.add(method.getName());
                  if (method.getName().equals("getAll")) {
                    keysRead.add(((List<?>) arguments[0]).size());
                  }
                  try {
                    return method.invoke(store, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    NearSync sync = nearSync(counting);
    for (int i = 1; i < 1_000; i++) {
      sync.keepNear("ns" + i);
    }

    sync.sync();
    assertEquals(1, calls.stream().filter("getAll"::equals).count());
    assertEquals(1_000, calls.stream().filter("add"::equals).count(), "each missing mark is added once");
    calls.clear();
    keysRead.clear();

    for (int i = 0; i < 3; i++) {
      sync.sync();
    }
    assertEquals(List.of("getAll", "getAll", "getAll"), calls, "one read per sync, nothing else");
    assertEquals(List.of(1_000, 1_000, 1_000), keysRead);
  }
}
