package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.RoundTripMeter.Measured;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.ForwardingTransport;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MutableClock;
import dev.cachet.runtime.testing.TextClient;
import dev.cachet.runtime.testing.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rows of docs/consistency.md's round-trip table that {@link MissRoundTripsTest} does not
 * count, counted at the socket the same way ({@link RoundTripMeter}): the protocol's less common
 * paths, on one server, each held open by a gate or an observed state. Another process, where one
 * is needed, reaches the server through a meter of its own, so only the call measured is counted;
 * the two agree on the namespace's generation because the test writes the same one into both
 * copies (each process names its copy after the address it reaches the server by).
 */
class ProtocolRoundTripsTest {
  private static final String NS = "image";
  private static final String GENERATION = "4242";

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void closeAll() throws Exception {
    background.shutdownNow();
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private RoundTripMeter meter() {
    RoundTripMeter meter = new RoundTripMeter(List.of(memcached.get().address()));
    opened.add(meter);
    return meter;
  }

  private Cachet open(RoundTripMeter meter, Consumer<Cachet.Builder> more) {
    Cachet.Builder builder =
        Cachet.builder()
            .memcached(meter.addresses())
            // A timeout on a loaded machine would turn a counted call into a fault.
            .operationTimeout(Duration.ofSeconds(2));
    more.accept(builder);
    Cachet cachet = builder.build();
    opened.add(cachet);
    return cachet;
  }

  /** Writes the namespace's generation into the copy {@code cachet} reads, behind its back. */
  private void shareGeneration(Cachet cachet) {
    set(WireFormat.copy(WireFormat.generationKey(NS), server(cachet)), GENERATION);
  }

  /** The {@code ip:port} {@code cachet} reaches the server by: its proxy's. */
  private static String server(Cachet cachet) {
    return WireFormat.copyServer(
        dev.cachet.runtime.internal.Internals.transport(cachet).everywhere(WireFormat.generationKey(NS)).get(0));
  }

  @Test
  void aMissWhoseGenerationAnotherCallerAddedFirstReadsItsGenerationTooTwoMore() {
    RoundTripMeter meter = meter();
    AtomicBoolean raced = new AtomicBoolean();
    List<String> copy = new ArrayList<>();
    // Right after the lookup found no generation, another process adds it: this caller's add is
    // refused, and it reads the one that won.
    Cachet cachet =
        open(
            meter,
            builder ->
                builder
                    .region("r", Duration.ofMinutes(10))
                    .wrapTransport(transport -> new AfterLookup(transport, (keys, found) -> {
                      String generation = copy.get(0);
                      if (keys.contains(generation) && !found.containsKey(generation) && raced.compareAndSet(false, true)) {
                        set(generation, GENERATION);
                      }
                    })));
    copy.add(WireFormat.copy(WireFormat.generationKey(NS), server(cachet)));
    Decorated<String> image = Decorated.of(cachet, NS, "r", String.class);

    Measured miss = meter.measure(cachet, () -> assertEquals("v", image.get(Decorated.key(NS, "a"), () -> "v")));

    miss.print("miss, generation added by another caller first");
    assertTrue(raced.get(), "the lookup found a generation");
    assertEquals(List.of("get", "add", "get", "add", "gets", "cas"), miss.verbs());
    assertTrue(miss.commands().get(2).startsWith("get " + copy.get(0)), miss.commands().toString());
    assertEquals(6, miss.turns());
    assertEquals(6, miss.depth());
  }

  @Test
  void aWaiterPollsTheEntryOnceARoundTripUntilTheHoldersValueAppears() throws Exception {
    RoundTripMeter holderMeter = meter();
    RoundTripMeter waiterMeter = meter();
    Consumer<Cachet.Builder> region = builder -> builder.region("r", Duration.ofMinutes(10), r -> r.lockTimeout(Duration.ofSeconds(20)));
    Cachet holderCachet = open(holderMeter, region);
    Cachet waiterCachet = open(waiterMeter, region);
    shareGeneration(holderCachet);
    shareGeneration(waiterCachet);
    Decorated<String> holder = Decorated.of(holderCachet, NS, "r", String.class);
    Decorated<String> waiter = Decorated.of(waiterCachet, NS, "r", String.class);
    CacheKey key = Decorated.key(NS, "a");
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> held =
        background.submit(
            () ->
                holder.get(
                    key,
                    () -> {
                      computing.countDown();
                      assertTrue(release.await(20, TimeUnit.SECONDS));
                      return "v";
                    }));
    assertTrue(computing.await(10, TimeUnit.SECONDS));
    Thread measured = Thread.currentThread();
    // Once the waiter is waiting between two polls, the holder finishes.
    background.submit(
        () -> {
          Waiting.untilLockWaiting(measured);
          release.countDown();
        });

    Measured waited = waiterMeter.measure(waiterCachet, () -> assertEquals("v", waiter.get(key, () -> "computed twice")));

    waited.print("waiting for another holder");
    assertEquals("v", held.get(10, TimeUnit.SECONDS));
    assertEquals(0, waiter.delegateCalls.get());
    assertTrue(waited.turns() >= 2, "no poll after the first lookup: " + waited.verbs());
    assertEquals(List.of("get"), waited.verbs().stream().distinct().toList(), "a poll is one get of the entry");
    assertEquals(waited.verbs().size(), waited.turns());
    assertEquals(waited.turns(), waited.depth(), "one round trip per poll");
  }

  @Test
  void aHolderRenewsItsLeaseWithOneTouchARoundTrip() {
    RoundTripMeter meter = meter();
    // Renewals half a second apart: the value's cas, sent once the second renewal was answered,
    // never meets a third on the wire.
    Cachet cachet = open(meter, builder -> builder.region("r", Duration.ofMinutes(10), r -> r.lockTimeout(Duration.ofMillis(1_500))));
    shareGeneration(cachet);
    Decorated<String> image = Decorated.of(cachet, NS, "r", String.class);

    // The computation outlasts two renewals, a third of the lock timeout apart: it ends once the
    // client has the second one's reply (get, add, gets and two touches answered).
    Measured slow =
        meter.measure(
            cachet,
            () ->
                assertEquals(
                    "v",
                    image.get(
                        Decorated.key(NS, "slow"),
                        () -> {
                          Waiting.until("two renewals answered", () -> meter.repliedTurns() >= 5);
                          return "v";
                        })));

    slow.print("a miss renewing its lease");
    long renewals = slow.count("touch");
    assertEquals(2, renewals, slow.verbs().toString());
    List<String> others = slow.verbs().stream().filter(verb -> !verb.equals("touch")).toList();
    assertEquals(List.of("get", "add", "gets", "cas"), others);
    assertEquals(4 + renewals, slow.turns());
    assertEquals(4 + renewals, slow.depth());
  }

  @Test
  void aStaleWindowRefreshIsSixRoundTrips() {
    RoundTripMeter meter = meter();
    MutableClock clock = MutableClock.fixed();
    Cachet cachet =
        open(
            meter,
            builder -> builder.clock(clock).region("s", Duration.ofMinutes(1), r -> r.staleWindow(Duration.ofMinutes(5))));
    Decorated<String> image = Decorated.of(cachet, NS, "s", String.class);
    CacheKey key = Decorated.key(NS, "a");
    image.get(key, () -> "old");
    clock.advance(Duration.ofMinutes(2));

    Measured refresh = meter.measure(cachet, () -> image.get(key, () -> "new"));

    refresh.print("stale-window refresh");
    assertEquals(2, image.delegateCalls.get(), "the stale entry was not refreshed");
    assertEquals(List.of("get", "add", "gets", "cas", "get", "delete"), refresh.verbs());
    assertTrue(refresh.commands().get(1).startsWith("add " + key.key() + "/lock"), refresh.commands().toString());
    assertEquals(6, refresh.turns());
    assertEquals(6, refresh.depth());
    assertEquals("new", image.get(key, () -> "not called"));
  }

  @Test
  void aDelegateThatThrowsReleasesItsLeaseInTwoMore() {
    RoundTripMeter meter = meter();
    Cachet cachet = open(meter, builder -> builder.region("r", Duration.ofMinutes(10)));
    shareGeneration(cachet);
    Decorated<String> image = Decorated.of(cachet, NS, "r", String.class);

    Measured failed =
        meter.measure(
            cachet,
            () ->
                assertThrows(
                    IllegalStateException.class,
                    () -> image.get(Decorated.key(NS, "a"), () -> {
                      throw new IllegalStateException("the delegate failed");
                    })));

    failed.print("a miss whose delegate threw");
    assertEquals(List.of("get", "add", "gets", "gets", "delete"), failed.verbs());
    assertEquals(5, failed.turns());
    assertEquals(5, failed.depth());
  }

  @Test
  void aNullNotCachedReleasesItsLeaseInTwoMore() {
    RoundTripMeter meter = meter();
    Cachet cachet = open(meter, builder -> builder.region("r", Duration.ofMinutes(10)));
    shareGeneration(cachet);
    Decorated<String> image = Decorated.withoutNulls(cachet, NS, "r", String.class);

    Measured nothing = meter.measure(cachet, () -> assertNull(image.get(Decorated.key(NS, "a"), () -> null)));

    nothing.print("a miss whose null is not cached");
    assertEquals(List.of("get", "add", "gets", "gets", "delete"), nothing.verbs());
    assertEquals(5, nothing.turns());
    assertEquals(5, nothing.depth());
  }

  // ---------------------------------------------------------------- helpers

  private void set(String key, String value) {
    try (TextClient client = new TextClient(memcached.get().port(), 2_000)) {
      String reply = client.exchange("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n", "\r\n");
      assertEquals("STORED\r\n", reply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A transport that shows the test what each lookup found, before the caller sees it. */
  private static final class AfterLookup extends ForwardingTransport {
    private final BiConsumer<Collection<String>, Map<String, byte[]>> seen;

    AfterLookup(Transport store, BiConsumer<Collection<String>, Map<String, byte[]>> seen) {
      super(store);
      this.seen = seen;
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
      Map<String, byte[]> found = store.getAll(keys);
      seen.accept(keys, found);
      return found;
    }
  }
}
