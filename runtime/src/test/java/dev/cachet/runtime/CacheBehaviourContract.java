package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.Load;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.MutableClock;
import dev.cachet.runtime.testing.VirtualWaitClock;
import dev.cachet.runtime.testing.Waiting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of a generated decorator's cache calls, the same whatever the store: run against
 * the in-memory transport and against real memcached by the subclasses. Two {@link Cachet}s opened
 * by {@link #open} share one store, as two processes share a memcached pool.
 */
abstract class CacheBehaviourContract {
  static final String NS = "image";

  final MutableClock clock = MutableClock.fixed();
  private final List<Cachet> opened = new ArrayList<>();

  /** A builder on this test's shared store, with {@link #clock}; the caller adds regions. */
  abstract Cachet.Builder builder();

  /** Reads or writes the shared store behind the caches' backs. */
  abstract Transport backdoor();

  Cachet open(Consumer<Cachet.Builder> configuration) {
    Cachet.Builder builder = builder();
    configuration.accept(builder);
    Cachet cachet = builder.build();
    opened.add(cachet);
    return cachet;
  }

  Cachet openDefault() {
    return open(b -> b.region("long_term", Duration.ofMinutes(10)));
  }

  @AfterEach
  void closeCaches() {
    opened.forEach(Cachet::close);
  }

  static CacheKey key(String id) {
    return Decorated.key(NS, id);
  }

  @Test
  void aMissCallsTheDelegateAndTheNextCallIsAHit() {
    Cachet cachet = openDefault();
    Decorated<String> image = Decorated.of(cachet, NS, "long_term", String.class);

    assertEquals("v1", image.get(key("a"), () -> "v1"));
    assertEquals("v1", image.get(key("a"), () -> "v2"));

    assertEquals(1, image.delegateCalls.get());
    CacheStatistics.Counts counts = cachet.statistics().namespace(NS);
    assertEquals(1, counts.hits());
    assertEquals(1, counts.misses());
    assertEquals(1, counts.stores());
  }

  @Test
  void entriesAreSharedBetweenCachetsOnOneStore() {
    Decorated<String> first = Decorated.of(openDefault(), NS, "long_term", String.class);
    Decorated<String> second = Decorated.of(openDefault(), NS, "long_term", String.class);

    first.get(key("a"), () -> "v1");

    assertEquals("v1", second.get(key("a"), () -> "v2"));
    assertEquals(0, second.delegateCalls.get());
  }

  @Test
  void nullResultsAreCachedByDefault() {
    Decorated<String> image = Decorated.of(openDefault(), NS, "long_term", String.class);

    assertNull(image.get(key("a"), () -> null));
    assertNull(image.get(key("a"), () -> "late"));

    assertEquals(1, image.delegateCalls.get());
  }

  @Test
  void nullResultsAreNotCachedWhenOptedOut() {
    Decorated<String> image = Decorated.withoutNulls(openDefault(), NS, "long_term", String.class);

    assertNull(image.get(key("a"), () -> null));
    assertEquals("late", image.get(key("a"), () -> "late"));
    assertEquals("late", image.get(key("a"), () -> "later"));

    assertEquals(2, image.delegateCalls.get());
  }

  @Test
  void aStoredValueOfAnotherTypeIsACountedMiss() {
    Cachet cachet = openDefault();
    Decorated<String> strings = Decorated.of(cachet, NS, "long_term", String.class);
    Decorated<Integer> integers = Decorated.of(cachet, NS, "long_term", Integer.class);
    strings.get(key("a"), () -> "text");

    assertEquals(42, integers.get(key("a"), () -> 42));

    assertEquals(1, integers.delegateCalls.get());
    assertEquals(
        Map.of("TYPE_MISMATCH", 1L), cachet.statistics().namespace(NS).decodeFailures());
  }

  @Test
  void delegateExceptionsPropagateAndAreNotCached() {
    Decorated<String> image = Decorated.of(openDefault(), NS, "long_term", String.class);
    IllegalStateException thrown = new IllegalStateException("backend down");

    IllegalStateException caught =
        assertThrows(IllegalStateException.class, () -> image.call(key("a"), () -> {
          throw thrown;
        }));

    assertSame(thrown, caught);
    long started = System.nanoTime();
    assertEquals("v", image.get(key("a"), () -> "v"));
    assertTrue(
        System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2),
        "an abandoned load releases its lease: the next caller does not wait for it");
  }

  @Test
  void invalidateDropsOneEntryForEveryCachet() {
    Cachet first = openDefault();
    Cachet second = openDefault();
    Decorated<String> image = Decorated.of(first, NS, "long_term", String.class);
    Decorated<String> elsewhere = Decorated.of(second, NS, "long_term", String.class);
    image.get(key("a"), () -> "a1");
    image.get(key("b"), () -> "b1");

    second.invalidate(key("a"));

    assertEquals("a2", image.get(key("a"), () -> "a2"));
    assertEquals("b1", image.get(key("b"), () -> "b2"));
    assertEquals("a2", elsewhere.get(key("a"), () -> "a3"));
    assertEquals(1, second.statistics().namespace(NS).invalidations());
  }

  @Test
  void invalidateAllIsSeenByAnotherCachetAtItsNextCall() {
    Cachet first = openDefault();
    Cachet second = openDefault();
    Decorated<String> image = Decorated.of(first, NS, "long_term", String.class);
    Decorated<String> other = Decorated.of(first, "other", "long_term", String.class);
    image.get(key("a"), () -> "a1");
    image.get(key("b"), () -> "b1");
    other.get(Decorated.key("other", "a"), () -> "o1");

    second.invalidateAll(NS);

    assertEquals("a2", image.get(key("a"), () -> "a2"));
    assertEquals("b2", image.get(key("b"), () -> "b2"));
    assertEquals("o1", other.get(Decorated.key("other", "a"), () -> "o2"));
  }

  @Test
  void anEvictedGenerationKeyNeverYieldsAStaleHit() {
    Cachet cachet = openDefault();
    Decorated<String> image = Decorated.of(cachet, NS, "long_term", String.class);
    image.get(key("a"), () -> "old");
    cachet.invalidateAll(NS);
    String entry = key("a").key();
    byte[] oldEntry = backdoor().getAll(List.of(entry)).get(entry);

    // The copy of the generation a lookup of this entry reads: the one on the entry's server.
    String generationKey = backdoor().beside(WireFormat.generationKey(NS), entry);
    backdoor().delete(generationKey);
    assertEquals("new", image.get(key("a"), () -> "new"));
    assertEquals("new", image.get(key("a"), () -> "newer"));
    // Even the bytes written before the invalidation, put back, do not come back to life.
    backdoor().set(entry, oldEntry, Duration.ZERO);
    assertEquals("fresh", image.get(key("a"), () -> "fresh"));
    backdoor().delete(generationKey);
    assertEquals("after", image.get(key("a"), () -> "after"));

    assertEquals(4, image.delegateCalls.get());
  }

  @Test
  void entriesExpireAfterTheRegionsExpiryByTheClock() {
    Decorated<String> image = Decorated.of(openDefault(), NS, "long_term", String.class);
    image.get(key("a"), () -> "v1");

    clock.advance(Duration.ofMinutes(9));
    assertEquals("v1", image.get(key("a"), () -> "v2"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals("v2", image.get(key("a"), () -> "v2"));

    assertEquals(2, image.delegateCalls.get());
  }

  @Test
  void regionsHaveTheirOwnExpiry() {
    Cachet cachet =
        open(b -> b.region("long_term", Duration.ofHours(1)).region("short_term", Duration.ofMinutes(1)));
    Decorated<String> longTerm = Decorated.of(cachet, "long", "long_term", String.class);
    Decorated<String> shortTerm = Decorated.of(cachet, "short", "short_term", String.class);
    longTerm.get(Decorated.key("long", "a"), () -> "l1");
    shortTerm.get(Decorated.key("short", "a"), () -> "s1");

    clock.advance(Duration.ofMinutes(2));

    assertEquals("l1", longTerm.get(Decorated.key("long", "a"), () -> "l2"));
    assertEquals("s2", shortTerm.get(Decorated.key("short", "a"), () -> "s2"));
  }

  @Test
  void undecodableBytesAreACountedMiss() {
    Cachet cachet = openDefault();
    Decorated<String> image = Decorated.of(cachet, NS, "long_term", String.class);
    image.get(key("a"), () -> "v1");

    backdoor().set(key("a").key(), "garbage".getBytes(StandardCharsets.US_ASCII), Duration.ZERO);

    assertEquals("v2", image.get(key("a"), () -> "v2"));
    assertEquals("v2", image.get(key("a"), () -> "v3"));
    assertEquals(1, cachet.statistics().namespace(NS).decodeFailureCount());
  }

  @Test
  void aValueTooLargeIsCountedAndTheDelegatesValueReturned() {
    Cachet cachet = open(b -> b.region("long_term", Duration.ofMinutes(10)).maxValueSize(4096));
    Decorated<byte[]> blobs = Decorated.of(cachet, NS, "long_term", byte[].class);
    byte[] large = new byte[64 * 1024];
    new java.util.Random(1).nextBytes(large);

    assertSame(large, blobs.get(key("a"), () -> large));
    assertSame(large, blobs.get(key("a"), () -> large));

    assertEquals(2, blobs.delegateCalls.get());
    CacheStatistics.Counts counts = cachet.statistics().namespace(NS);
    assertEquals(2, counts.oversizeValues());
    assertEquals(0, counts.stores());
  }

  @Test
  void aCompletedFutureIsCachedAndAFailedOneIsNot() throws Exception {
    Decorated<String> image = Decorated.of(openDefault(), NS, "long_term", String.class);

    CompletableFuture<String> failed = new CompletableFuture<>();
    CompletableFuture<String> returned = image.callAsync(key("a"), () -> failed);
    assertSame(failed, returned);
    failed.completeExceptionally(new IllegalStateException("no"));

    CompletableFuture<String> pending = new CompletableFuture<>();
    assertSame(pending, image.callAsync(key("a"), () -> pending));
    pending.complete("v1");

    CompletableFuture<String> hit = image.callAsync(key("a"), () -> CompletableFuture.completedFuture("v2"));
    assertTrue(hit.isDone());
    assertEquals("v1", hit.get());
    assertEquals(2, image.delegateCalls.get());
  }

  @Test
  void threadsMissingOneKeyCallTheDelegateOnce() throws Exception {
    // A lock timeout no stall of a loaded machine reaches within the test's own timeout: the
    // waiters' real-time polls of the lease cannot run out before the gate below opens.
    Decorated<String> image =
        Decorated.of(
            open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(Duration.ofMinutes(2)))),
            NS,
            "long_term",
            String.class);
    int threads = 16;
    List<Thread> callers = new ArrayList<>();
    ExecutorService pool = Waiting.poolRecordingThreads(threads, callers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return image.call(
                      key("a"),
                      () -> {
                        // The value comes only once every other caller waits for it.
                        List<Thread> others;
                        synchronized (callers) {
                          others = new ArrayList<>(callers);
                        }
                        others.remove(Thread.currentThread());
                        for (Thread other : others) {
                          Waiting.untilLockWaiting(other);
                        }
                        return "v";
                      });
                }));
      }
      start.countDown();
      for (Future<String> result : results) {
        assertEquals("v", result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, image.delegateCalls.get());
    assertEquals(threads - 1, image.cachet.statistics().namespace(NS).lockWaits());
    assertEquals(0, image.cachet.statistics().namespace(NS).lockTimeouts());
  }

  @Test
  void aCallerWaitsForThisProcesssLoadWithoutRealTimeRunningItsWaitOut() throws Exception {
    // On a virtual wait clock that nothing moves, only the load's outcome ends the wait.
    VirtualWaitClock waits = new VirtualWaitClock();
    Decorated<String> image =
        Decorated.of(open(b -> b.waitClock(waits).region("long_term", Duration.ofMinutes(10))), NS, "long_term", String.class);
    Load loading = assertInstanceOf(Load.class, image.operation.get(key("a")));

    CompletableFuture<String> waiting = new CompletableFuture<>();
    Thread thread = waiterThread(image, waiting);
    thread.start();
    try {
      Waiting.untilLockWaiting(thread);
      assertEquals(1, waits.waiting(), "the caller waits for this process's load, not for the lease");
      image.operation.put(loading, "loaded");

      assertEquals("loaded", waiting.get(10, TimeUnit.SECONDS));
    } finally {
      thread.interrupt();
    }
    CacheStatistics.Counts counts = image.cachet.statistics().namespace(NS);
    assertEquals(0, image.delegateCalls.get());
    assertEquals(1, counts.lockWaits());
    assertEquals(Duration.ZERO, counts.lockWaitTime(), "no virtual time passed");
    assertEquals(0, counts.lockTimeouts());
  }

  @Test
  void aCallerWaitingForThisProcesssLoadGivesUpAtExactlyTheLockTimeout() throws Exception {
    // The load took the lease at virtual time 0, so its waiters give up one lock timeout later:
    // not a nanosecond earlier, however long the machine stalls in real time.
    Duration lockTimeout = Duration.ofMillis(1500);
    VirtualWaitClock waits = new VirtualWaitClock();
    Decorated<String> image =
        Decorated.of(
            open(b -> b.waitClock(waits).region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(lockTimeout))),
            NS,
            "long_term",
            String.class);
    Load loading = assertInstanceOf(Load.class, image.operation.get(key("a")));

    CompletableFuture<String> waiting = new CompletableFuture<>();
    Thread thread = waiterThread(image, waiting);
    thread.start();
    try {
      Waiting.untilLockWaiting(thread);
      waits.advance(lockTimeout.minusNanos(1));
      assertEquals(1, waits.waiting(), "it gave up before the lock timeout");
      assertFalse(waiting.isDone());

      waits.advance(Duration.ofNanos(1));
      assertEquals("waiter's", waiting.get(10, TimeUnit.SECONDS));
    } finally {
      thread.interrupt();
      loading.abandon();
    }
    CacheStatistics.Counts counts = image.cachet.statistics().namespace(NS);
    assertEquals(1, image.delegateCalls.get());
    assertEquals(1, counts.lockWaits());
    assertEquals(lockTimeout, counts.lockWaitTime());
    assertEquals(1, counts.lockTimeouts());
    assertEquals(0, waits.pausedNanos(), "it waited on the load, never polled the lease");
  }

  /** A thread that completes {@code into} with what {@code image} returns for key a. */
  private static Thread waiterThread(Decorated<String> image, CompletableFuture<String> into) {
    return new Thread(
        () -> {
          try {
            into.complete(image.call(key("a"), () -> "waiter's"));
          } catch (Throwable failure) {
            into.completeExceptionally(failure);
          }
        });
  }

  @Test
  void aCallerInAnotherCachetWaitsForTheLeaseHolderAndGetsItsValue() throws Exception {
    Decorated<String> holder = Decorated.of(openDefault(), NS, "long_term", String.class);
    Decorated<String> waiter = Decorated.of(openDefault(), NS, "long_term", String.class);
    Load load = assertInstanceOf(Load.class, holder.operation.get(key("a")));

    CompletableFuture<String> waiting = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                waiting.complete(waiter.call(key("a"), () -> "waiter's"));
              } catch (Throwable failure) {
                waiting.completeExceptionally(failure);
              }
            });
    thread.start();
    try {
      Waiting.untilLockWaiting(thread);
      assertFalse(waiting.isDone(), "the waiter polls while the lease is held");
      holder.operation.put(load, "holder's");

      assertEquals("holder's", waiting.get(5, TimeUnit.SECONDS));
    } finally {
      thread.interrupt();
    }
    assertEquals(0, waiter.delegateCalls.get());
    assertEquals(1, waiter.cachet.statistics().namespace(NS).lockWaits());
  }

  @Test
  void aWaiterComputesItselfAfterTheLockTimeout() {
    // The waiter's clock is virtual: each pause of its backoff moves it, so the lock timeout
    // passes after the polls it schedules, in milliseconds of real time and whatever the load.
    Duration lockTimeout = Duration.ofMillis(1500);
    VirtualWaitClock waits = new VirtualWaitClock();
    Decorated<String> holder =
        Decorated.of(
            open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(lockTimeout))),
            NS,
            "long_term",
            String.class);
    Decorated<String> waiter =
        Decorated.of(
            open(
                b ->
                    b.waitClock(waits)
                        .region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(lockTimeout))),
            NS,
            "long_term",
            String.class);
    assertInstanceOf(Load.class, holder.operation.get(key("a"))); // never ends: a dead holder

    assertEquals("waiter's", waiter.get(key("a"), () -> "waiter's"));

    // It gives up a tenth of the lock timeout (at most 100 ms) before the waiters of its own
    // process would, and not a poll earlier.
    assertEquals(lockTimeout.minusMillis(100).toNanos(), waits.pausedNanos());
    CacheStatistics.Counts counts = waiter.cachet.statistics().namespace(NS);
    assertEquals(1, counts.lockWaits());
    assertEquals(1, counts.lockTimeouts());
    assertEquals(1, waiter.delegateCalls.get());
  }

  @Test
  void aComputationSlowerThanTheLockTimeoutStillStoresItsValue() throws Exception {
    // The holder renews its lease while it computes; without that, the placeholder would lapse
    // after the lease time (lock timeout + 1 s, 3 s at most on memcached's clock) and the store be
    // refused. Renewals come every 0.67 s, so a scheduling stall of a second on a loaded machine
    // does not let it lapse. The sleep is the subject: memcached expires the lease on its own
    // clock, which no test can move (on the in-memory store, whose clock stands still, this
    // proves less; LeaseRenewalTest has the schedule exactly on virtual time).
    Decorated<String> image =
        Decorated.of(
            open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.lockTimeout(Duration.ofSeconds(2)))),
            NS,
            "long_term",
            String.class);
    assertEquals(
        "slow",
        image.get(
            key("a"),
            () -> {
              Thread.sleep(4_500);
              return "slow";
            }));

    assertEquals("slow", image.get(key("a"), () -> "not called"));
    assertEquals(0, image.cachet.statistics().namespace(NS).storesRefused());
  }

  @Test
  void anInterruptedWaiterStopsWaitingAndComputes() throws Exception {
    Decorated<String> holder = Decorated.of(openDefault(), NS, "long_term", String.class);
    Decorated<String> waiter = Decorated.of(openDefault(), NS, "long_term", String.class);
    assertInstanceOf(Load.class, holder.operation.get(key("a")));
    AtomicInteger interruptedAfter = new AtomicInteger(-1);

    Thread thread =
        new Thread(
            () -> {
              waiter.get(key("a"), () -> "computed");
              interruptedAfter.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            });
    thread.start();
    Waiting.untilLockWaiting(thread);
    thread.interrupt();
    thread.join(2000);

    assertFalse(thread.isAlive());
    assertEquals(1, interruptedAfter.get(), "the interrupt flag is restored");
    assertEquals(1, waiter.delegateCalls.get());
  }

  @Test
  void aThreadInterruptedWhileWaitingForThisProcesssLoadStopsWaitingAndComputes() throws Exception {
    Decorated<String> image = Decorated.of(openDefault(), NS, "long_term", String.class);
    Load loading = assertInstanceOf(Load.class, image.operation.get(key("a")));
    AtomicInteger interruptedAfter = new AtomicInteger(-1);

    Thread thread =
        new Thread(
            () -> {
              image.get(key("a"), () -> "computed");
              interruptedAfter.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            });
    thread.start();
    Waiting.untilLockWaiting(thread);
    thread.interrupt();
    thread.join(2000);

    assertFalse(thread.isAlive());
    assertEquals(1, interruptedAfter.get(), "the interrupt flag is restored");
    assertEquals(1, image.delegateCalls.get());
    assertEquals(0, image.cachet.statistics().namespace(NS).lockTimeouts());
    loading.abandon();
  }

  @Test
  void duringTheStaleWindowOneCallerRecomputesAndTheOthersGetTheStaleValue() throws Exception {
    Cachet cachet =
        open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.staleWindow(Duration.ofMinutes(5))));
    Decorated<String> image = Decorated.of(cachet, NS, "long_term", String.class);
    image.get(key("a"), () -> "old");
    clock.advance(Duration.ofMinutes(11));

    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      Future<String> refresher =
          pool.submit(() -> image.call(key("a"), () -> {
            computing.countDown();
            release.await();
            return "new";
          }));
      assertTrue(computing.await(5, TimeUnit.SECONDS));
      List<Future<String>> others = new ArrayList<>();
      for (int i = 1; i < threads; i++) {
        others.add(pool.submit(() -> image.call(key("a"), () -> "not me")));
      }
      for (Future<String> other : others) {
        assertEquals("old", other.get(2, TimeUnit.SECONDS), "stale value at once");
      }
      release.countDown();
      assertEquals("new", refresher.get(5, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals("new", image.get(key("a"), () -> "not me"));
    assertEquals(2, image.delegateCalls.get(), "the first call and the one refresh");
    assertEquals(threads - 1, cachet.statistics().namespace(NS).staleHits());
  }

  @Test
  void anotherCachetGetsTheStaleValueWhileTheLeaseIsHeld() {
    Consumer<Cachet.Builder> stale =
        b -> b.region("long_term", Duration.ofMinutes(10), r -> r.staleWindow(Duration.ofMinutes(5)));
    Decorated<String> first = Decorated.of(open(stale), NS, "long_term", String.class);
    Decorated<String> second = Decorated.of(open(stale), NS, "long_term", String.class);
    first.get(key("a"), () -> "old");
    clock.advance(Duration.ofMinutes(12));

    Load refresh = assertInstanceOf(Load.class, first.operation.get(key("a")));
    assertEquals("old", second.get(key("a"), () -> "not me"));
    first.operation.put(refresh, "new");

    assertEquals("new", second.get(key("a"), () -> "not me"));
    assertEquals(0, second.delegateCalls.get());
  }

  @Test
  void afterTheStaleWindowTheEntryIsGone() {
    Decorated<String> image =
        Decorated.of(
            open(b -> b.region("long_term", Duration.ofMinutes(10), r -> r.staleWindow(Duration.ofMinutes(5)))),
            NS,
            "long_term",
            String.class);
    image.get(key("a"), () -> "old");

    clock.advance(Duration.ofMinutes(15));

    assertEquals("new", image.get(key("a"), () -> "new"));
    assertEquals(2, image.delegateCalls.get());
  }
}
