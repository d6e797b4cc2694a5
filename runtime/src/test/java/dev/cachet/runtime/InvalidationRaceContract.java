package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cachet.runtime.internal.coordination.Generations;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.MutableClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consistency promise of DESIGN 3a, checked where a computation races an invalidation: once
 * {@code invalidate(key)}, {@code invalidateAll(namespace)} or an {@code @Invalidates} method has
 * returned, no call that begins afterwards, in any thread of any process, returns a value whose
 * computation began before the invalidation did.
 *
 * <p>Every race is pinned with latches, never with sleeps: a call's delegate reads the
 * {@link Source} (the system of record, a version per id), then stops at a {@link Gate} holding
 * what it read, while the test changes the source and invalidates; only then is the gate opened.
 * A "process" is a {@link Cachet} of its own on the shared store (its own in-flight loads, its
 * own connection), so cross-process races run deterministically in one JVM. The subclasses run
 * the contract on the in-memory store and on a real memcached server.
 *
 * <p>Only calls that begin after the invalidation returned are held to the new value: a call
 * that began before it (the held computation itself, or a caller already waiting for it) may
 * return the old one, so for those the tests check only that they return.
 */
abstract class InvalidationRaceContract {
  static final String NS = "image";
  /** A region without a stale window: a miss is a miss. */
  static final String PLAIN = "plain";
  /** A region whose entries are served stale for a while after expiry, while one caller refreshes. */
  static final String STALE = "stale";

  static final Duration FRESH = Duration.ofMinutes(10);
  static final Duration STALE_WINDOW = Duration.ofMinutes(5);
  /**
   * Long next to {@link #PROMPTLY}: a call that waits for a computation or a lease it should have
   * ignored waits about this long, and so is told apart from one that did not wait.
   */
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);
  /**
   * How soon a call that begins after an invalidation must return while an older computation is
   * still held: well within {@link #LOCK_TIMEOUT}, with room for a loaded two-core machine.
   */
  static final Duration PROMPTLY = Duration.ofSeconds(3);
  /** Bounds waits that only guard against a hang: longer than any lock timeout a call can sit out. */
  static final Duration HANG = LOCK_TIMEOUT.multipliedBy(3);
  /**
   * Store operations naming a key after which its caller is waiting for a lease held elsewhere:
   * its lookup, its attempt at the lease, and polls. Counted rather than timed, so the test knows
   * the caller is waiting instead of hoping it is.
   */
  static final int OPERATIONS_OF_A_WAITER = 4;

  final MutableClock clock = MutableClock.fixed();
  final Source source = new Source();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Gate> gates = new CopyOnWriteArrayList<>();
  private final List<Cachet> opened = new ArrayList<>();

  /** A new connection to this test's one store, as a process of the application opens it. */
  abstract Transport connect();

  /** Closes the store itself, after every {@link Cachet} of the test is closed. */
  void closeStore() {}

  @AfterEach
  void stopEverything() throws InterruptedException {
    try {
      // A failed assertion leaves computations held: open every gate so their threads end.
      gates.forEach(Gate::open);
      threads.shutdown();
      if (!threads.awaitTermination(HANG.toSeconds(), TimeUnit.SECONDS)) {
        threads.shutdownNow();
        fail("a call of this test did not return within " + HANG + " of its gate opening");
      }
    } finally {
      opened.forEach(Cachet::close);
      closeStore();
    }
  }

  // ---------------------------------------------------------------- 1. invalidate during a miss

  @Test
  void aMissInFlightDuringInvalidateIsNotStoredForLaterCalls() throws Exception {
    Process app = process(PLAIN);
    Process other = process(PLAIN);
    app.establishNamespace();
    HeldCall miss = app.hold("a");

    app.update("a");
    miss.release();

    assertEquals("v1", miss.result(), "the held miss returns what its delegate read");
    assertEquals("v2", app.get("a"), "a call after invalidate(key), in the invalidating process");
    assertEquals("v2", other.get("a"), "a call after invalidate(key), in another process");
  }

  // ---------------------------------------------------------------- 2. invalidateAll during a miss

  /**
   * Holds because the miss writes under the generation it read before its delegate ran, and
   * {@code invalidateAll} replaced that generation.
   */
  @Test
  void aMissInFlightDuringInvalidateAllIsNotStoredForLaterCalls() throws Exception {
    Process app = process(PLAIN);
    Process other = process(PLAIN);
    app.establishNamespace();
    HeldCall miss = app.hold("a");

    app.updateAll("a");
    miss.release();

    assertEquals("v1", miss.result(), "the held miss returns what its delegate read");
    assertEquals("v2", app.get("a"), "a call after invalidateAll, in the invalidating process");
    assertEquals("v2", other.get("a"), "a call after invalidateAll, in another process");
  }

  // ---------------------------------------------------------------- 3. the namespace's first generation

  @Test
  void aMissInFlightDuringTheFirstInvalidateAllOfANamespaceDoesNotAdoptItsGeneration()
      throws Exception {
    Process app = process(PLAIN);
    Process other = process(PLAIN);
    assertEquals(
        Map.of(),
        storedGenerations(),
        "precondition: the namespace has never had a generation, so the miss reads none");
    HeldCall miss = app.hold("a");

    // Writes the namespace's first generation while the miss, which read none, is held.
    app.updateAll("a");
    miss.release();

    assertEquals("v1", miss.result(), "the held miss returns what its delegate read");
    assertEquals("v2", app.get("a"), "a call after invalidateAll, in the invalidating process");
    assertEquals("v2", other.get("a"), "a call after invalidateAll, in another process");
  }

  // ---------------------------------------------------------------- 4. joining an older miss in-process

  @Test
  void aCallAfterInvalidateDoesNotJoinAnOlderMissOfItsProcess() throws Exception {
    Process app = process(PLAIN);
    app.establishNamespace();
    HeldCall older = app.hold("a");

    app.update("a");

    assertEquals(
        "v2",
        within(
            PROMPTLY,
            app.getInThread("a"),
            "a call beginning after invalidate(key), while an older miss of its process is held"));
    older.release();
    assertEquals("v1", older.result(), "the held miss returns what its delegate read");
    assertEquals("v2", app.get("a"), "a call after the held miss ended");
  }

  @Test
  void aCallAfterInvalidateAllDoesNotJoinAnOlderMissOfItsProcess() throws Exception {
    Process app = process(PLAIN);
    app.establishNamespace();
    HeldCall older = app.hold("a");

    app.updateAll("a");

    assertEquals(
        "v2",
        within(
            PROMPTLY,
            app.getInThread("a"),
            "a call beginning after invalidateAll, while an older miss of its process is held"));
    older.release();
    assertEquals("v1", older.result(), "the held miss returns what its delegate read");
    assertEquals("v2", app.get("a"), "a call after the held miss ended");
  }

  // ---------------------------------------------------------------- 5. a waiter in another process

  /** The lease holder's own process invalidates (its {@code @Invalidates} method ran there). */
  @Test
  void afterInvalidateThroughTheHolderNoLaterCallInAnyProcessSeesTheHeldValue() throws Exception {
    Process holder = process(PLAIN);
    Process waiter = process(PLAIN);
    holder.establishNamespace();
    HeldCall held = holder.hold("a");
    Future<String> waiting = waiter.getInThread("a");
    waiter.awaitWaiting("a");

    holder.update("a");

    assertNoLaterCallSeesTheHeldValue(held, waiting, holder, waiter);
  }

  /** The waiting process invalidates (another of its threads ran the {@code @Invalidates} method). */
  @Test
  void afterInvalidateThroughTheWaiterNoLaterCallInAnyProcessSeesTheHeldValue() throws Exception {
    Process holder = process(PLAIN);
    Process waiter = process(PLAIN);
    holder.establishNamespace();
    HeldCall held = holder.hold("a");
    Future<String> waiting = waiter.getInThread("a");
    waiter.awaitWaiting("a");

    waiter.update("a");

    assertNoLaterCallSeesTheHeldValue(held, waiting, holder, waiter);
  }

  private void assertNoLaterCallSeesTheHeldValue(
      HeldCall held, Future<String> waiting, Process holder, Process waiter) throws Exception {
    held.release();
    assertEquals("v1", held.result(), "the held miss returns what its delegate read");
    // The waiter's call began before the invalidation: the old value is as allowed as the new.
    within(HANG, waiting, "the call that was waiting for the lease");
    assertEquals("v2", holder.get("a"), "a later call in the lease holder's process");
    assertEquals("v2", waiter.get("a"), "a later call in the waiting process");
    assertEquals("v2", process(PLAIN).get("a"), "a later call in a process started afterwards");
  }

  // ---------------------------------------------------------------- 6. a stale-window refresh

  @Test
  void aStaleRefreshInFlightDuringInvalidateIsNotStoredForLaterCalls() throws Exception {
    Process app = process(STALE);
    Process other = process(STALE);
    assertEquals("v1", app.get("a"));
    clock.advance(FRESH.plusMinutes(1));
    HeldCall refresh = app.hold("a");

    app.update("a");
    refresh.release();

    assertEquals("v1", refresh.result(), "the held refresh returns what its delegate read");
    assertEquals("v2", app.get("a"), "a call after invalidate(key), in the invalidating process");
    assertEquals("v2", other.get("a"), "a call after invalidate(key), in another process");
  }

  @Test
  void aCallAfterInvalidateDoesNotWaitForAnOlderStaleRefreshOfItsProcess() throws Exception {
    Process app = process(STALE);
    assertEquals("v1", app.get("a"));
    clock.advance(FRESH.plusMinutes(1));
    HeldCall refresh = app.hold("a");

    app.update("a");

    assertEquals(
        "v2",
        within(
            PROMPTLY,
            app.getInThread("a"),
            "a call beginning after invalidate(key), while an older refresh of its process is held"));
    refresh.release();
    assertEquals("v1", refresh.result(), "the held refresh returns what its delegate read");
    assertEquals("v2", app.get("a"), "a call after the held refresh ended");
  }

  // ---------------------------------------------------------------- 7. invalidateAll and waiters

  /**
   * A process that starts calling after {@code invalidateAll} must not wait out the lock timeout
   * for a lease taken under the replaced generation, whose computation can no longer be stored.
   */
  @Test
  void aCallAfterInvalidateAllDoesNotWaitForAnOlderLeaseHeldElsewhere() throws Exception {
    Process holder = process(PLAIN);
    Process waiter = process(PLAIN);
    holder.establishNamespace();
    HeldCall held = holder.hold("a");
    Future<String> waiting = waiter.getInThread("a");
    waiter.awaitWaiting("a");

    waiter.updateAll("a");

    assertEquals(
        "v2",
        within(
            PROMPTLY,
            process(PLAIN).getInThread("a"),
            "a call beginning after invalidateAll in a new process, while an older lease is held"));
    assertNoLaterCallSeesTheHeldValue(held, waiting, holder, waiter);
  }

  /**
   * A call that begins after {@code invalidateAll} in a process where an older call is waiting for
   * a lease held elsewhere must not wait with it: what that call waits for is worthless now.
   */
  @Test
  void aCallAfterInvalidateAllDoesNotWaitWithAnOlderWaiterOfItsProcess() throws Exception {
    Process holder = process(PLAIN);
    Process waiter = process(PLAIN);
    holder.establishNamespace();
    HeldCall held = holder.hold("a");
    Future<String> waiting = waiter.getInThread("a");
    waiter.awaitWaiting("a");

    holder.updateAll("a");

    assertEquals(
        "v2",
        within(
            PROMPTLY,
            waiter.getInThread("a"),
            "a call beginning after invalidateAll in a process already waiting for an older lease"));
    assertNoLaterCallSeesTheHeldValue(held, waiting, holder, waiter);
  }

  // ---------------------------------------------------------------- the application

  static CacheKey key(String id) {
    return Decorated.key(NS, id);
  }

  /** A process of the application whose {@code image(id)} is cached in {@code region}. */
  Process process(String region) {
    Process process = new Process(region);
    opened.add(process.cachet);
    return process;
  }

  /** The copies of the namespace's generation the store holds, by key (one per server). */
  private Map<String, byte[]> storedGenerations() {
    try (Transport store = connect()) {
      return store.getAll(store.everywhere(WireFormat.generationKey(NS)));
    }
  }

  /**
   * Waits at most {@code limit} for a call and returns its value; a call still running then fails
   * the test, saying which call waited.
   */
  static <T> T within(Duration limit, Future<T> call, String what) throws Exception {
    try {
      return call.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + ": still waiting after " + limit, e);
    } catch (ExecutionException e) {
      throw new AssertionError(what + ": threw " + e.getCause(), e.getCause());
    }
  }

  /**
   * One process: its own {@link Cachet} on a connection of its own to the shared store, and the
   * decorator of {@code String image(String id)} as generated code does it, whose delegate reads
   * the {@link Source}.
   */
  final class Process {
    final Cachet cachet;
    final Decorated<String> image;
    private final KeyWatch watch;

    Process(String region) {
      this.watch = new KeyWatch(connect());
      this.cachet =
          Cachet.builder()
              .transport(watch.transport())
              .clock(clock)
              .region(region, FRESH, r -> {
                r.lockTimeout(LOCK_TIMEOUT);
                if (region.equals(STALE)) {
                  r.staleWindow(STALE_WINDOW);
                }
              })
              .build();
      this.image = Decorated.of(cachet, NS, region, String.class);
    }

    /** {@code image(id)} in the calling thread. */
    String get(String id) throws Exception {
      return image.call(key(id), () -> source.read(id));
    }

    /** {@code image(id)} in a thread of its own. */
    Future<String> getInThread(String id) {
      return threads.submit(() -> get(id));
    }

    /**
     * {@code image(id)} in a thread of its own, returning once its delegate has read the source:
     * the delegate then holds what it read until the call is released.
     */
    HeldCall hold(String id) throws InterruptedException {
      Gate gate = new Gate();
      gates.add(gate);
      Future<String> result =
          threads.submit(
              () ->
                  image.call(
                      key(id),
                      () -> {
                        String read = source.read(id);
                        gate.reached();
                        gate.awaitOpen();
                        return read;
                      }));
      gate.awaitReached();
      return new HeldCall(gate, result);
    }

    /**
     * Gives the namespace its generation with a call on another key, so that a test's miss reads
     * one: the races then involve the entry, not the namespace's first generation.
     */
    void establishNamespace() throws Exception {
      assertEquals("v1", get("other"));
    }

    /** An {@code @Invalidates(namespace = "image")} method: the delegate writes, then the entry goes. */
    void update(String id) {
      source.bump(id);
      cachet.invalidate(key(id));
    }

    /** An {@code @Invalidates(namespace = "image", all = true)} method. */
    void updateAll(String id) {
      source.bump(id);
      cachet.invalidateAll(NS);
    }

    /** Returns once a call of this process is waiting for a lease on {@code id} held elsewhere. */
    void awaitWaiting(String id) throws InterruptedException {
      String entryKey = key(id).key();
      assertTrue(
          watch.awaitOperations(entryKey, OPERATIONS_OF_A_WAITER, HANG),
          "the call never polled for " + entryKey + ", so it is not waiting for the lease holder");
    }
  }

  /** A call whose delegate has read the source and holds the value until {@link #release()}. */
  static final class HeldCall {
    private final Gate gate;
    private final Future<String> result;

    HeldCall(Gate gate, Future<String> result) {
      this.gate = gate;
      this.result = result;
    }

    void release() {
      gate.open();
    }

    /** What the call returned, once released. */
    String result() throws Exception {
      return within(HANG, result, "the released call");
    }
  }

  /** Where a delegate stops after reading the source, until the test opens it. */
  static final class Gate {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    void reached() {
      reached.countDown();
    }

    void awaitReached() throws InterruptedException {
      assertTrue(
          reached.await(HANG.toSeconds(), TimeUnit.SECONDS),
          "the held call never reached its delegate");
    }

    void open() {
      open.countDown();
    }

    void awaitOpen() throws InterruptedException {
      if (!open.await(HANG.toSeconds() * 2, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    }
  }

  /** The system of record: a version per id, from 1; a delegate returns {@code "v" + version}. */
  static final class Source {
    private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();

    String read(String id) {
      return "v" + version(id).get();
    }

    void bump(String id) {
      version(id).incrementAndGet();
    }

    private AtomicLong version(String id) {
      return versions.computeIfAbsent(id, unused -> new AtomicLong(1));
    }
  }

  /**
   * Records which keys each store operation of one process names, to learn that a call is polling
   * without reaching into the runtime. A dynamic proxy forwards every method of {@link Transport},
   * including any the protocol comes to need, so the watch does not depend on how the lease is
   * taken or read. An operation counts for a key when it names the key or a key made from it (its
   * lease).
   */
  static final class KeyWatch implements InvocationHandler {
    private final Transport store;
    private final List<List<String>> operations = new ArrayList<>();

    KeyWatch(Transport store) {
      this.store = store;
    }

    Transport transport() {
      return (Transport)
          Proxy.newProxyInstance(
              Transport.class.getClassLoader(), new Class<?>[] {Transport.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
      try {
        return method.invoke(store, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        // After the store answered: a poll counts once it has seen the lease still held.
        record(arguments);
      }
    }

    private synchronized void record(Object[] arguments) {
      List<String> keys = new ArrayList<>();
      for (Object argument : arguments != null ? arguments : new Object[0]) {
        if (argument instanceof String key) {
          keys.add(key);
        } else if (argument instanceof Collection<?> many) {
          many.stream().filter(String.class::isInstance).map(String.class::cast).forEach(keys::add);
        }
      }
      operations.add(keys);
      notifyAll();
    }

    /** {@code true} once {@code count} operations have named {@code key}, {@code false} at the timeout. */
    synchronized boolean awaitOperations(String key, int count, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (operationsOn(key) < count) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      }
      return true;
    }

    private long operationsOn(String key) {
      return operations.stream()
          .filter(keys -> keys.stream().anyMatch(named -> named.startsWith(key)))
          .count();
    }
  }
}
