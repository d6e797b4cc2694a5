package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TurnCountingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The round trips of a miss, and of the invalidations, on a pool of three servers, counted at the
 * socket: a proxy in front of
 * each server counts request/response turns and records the commands, and every turn of a miss
 * goes to the entry's own server, where its copy of the generation lives too. A hit is one turn
 * ({@link OneRoundTripPerHitTest}). The protocol is {@code CachedOperation.lead} and
 * {@code claim}: look up, establish the generation if absent, {@code add} a placeholder (or
 * {@code cas} it over a dead item), {@code gets} its id, store by {@code cas}.
 */
class MissRoundTripsTest {
  private static final String NAMESPACE = "image";

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(3);

  private final List<TurnCountingProxy> proxies = new ArrayList<>();
  /** 30 ms per reply: commands sent without waiting always share their turn or chain. */
  private final TurnCountingProxy.Timeline timeline = new TurnCountingProxy.Timeline(Duration.ofMillis(30));
  private Cachet cachet;
  private Decorated<String> image;

  @BeforeEach
  void open() {
    for (int i = 0; i < 3; i++) {
      proxies.add(TurnCountingProxy.recording(memcached.get(i).address(), timeline));
    }
    cachet =
        Cachet.builder()
            .memcached(proxies.stream().map(TurnCountingProxy::address).collect(Collectors.joining(" ")))
            // A timeout on a loaded machine would turn a counted miss into a fault.
            .operationTimeout(Duration.ofSeconds(2))
            .region("r", Duration.ofMinutes(10))
            .build();
    image = Decorated.of(cachet, NAMESPACE, "r", String.class);
  }

  @AfterEach
  void close() {
    cachet.close();
    proxies.forEach(TurnCountingProxy::close);
  }

  @Test
  void aColdMissWithTheGenerationPresentIsFourRoundTrips() {
    // Writes the generation's copy on every server, as any earlier use of the namespace would.
    cachet.invalidateAll(NAMESPACE);

    Measured miss = measure("cold", "v1");

    print("cold miss, generation present", miss);
    assertEquals(List.of("get", "add", "gets", "cas"), miss.verbs());
    assertEquals(4, miss.turns);
    assertEquals(4, miss.depth);
    assertStoredAndHit("cold", "v1");
  }

  @Test
  void aMissOnANamespaceWithoutAGenerationAddsTheGenerationsAdd() {
    Measured miss = measure("first", "v1");

    print("miss, namespace without a generation", miss);
    assertEquals(List.of("get", "add", "add", "gets", "cas"), miss.verbs());
    assertTrue(
        miss.commands.get(1).startsWith("add " + NAMESPACE + "/gen@"),
        "the generation's copy on the entry's server, before the lease: " + miss.commands);
    assertEquals(5, miss.turns);
    assertStoredAndHit("first", "v1");
  }

  @Test
  void aMissOverADeadItemIsSixRoundTrips() {
    image.get(Decorated.key(NAMESPACE, "dead"), () -> "old");
    // The stored value now belongs to an old generation: dead, but still in the item.
    cachet.invalidateAll(NAMESPACE);

    Measured miss = measure("dead", "new");

    print("miss over a dead item (after invalidateAll)", miss);
    // The add is refused by the dead item, which the placeholder replaces by cas; its own gets
    // then learns the placeholder's id for the value's cas.
    assertEquals(List.of("get", "add", "gets", "cas", "gets", "cas"), miss.verbs());
    assertEquals(6, miss.turns);
    assertStoredAndHit("dead", "new");
  }

  @Test
  void anInvalidateIsTheDeleteAndTheChangeMarkBesideItInOneRoundTrip() {
    image.get(Decorated.key(NAMESPACE, "x"), () -> "v");

    Measured invalidate = measure(() -> assertTrue(cachet.invalidateAcknowledged(Decorated.key(NAMESPACE, "x"))));

    print("invalidate", invalidate);
    // On one connection, in this order: the server applies the mark after the delete.
    assertEquals(List.of("delete", "set"), invalidate.verbs());
    assertTrue(invalidate.commands.get(1).startsWith("set " + NAMESPACE + "/changes@"), invalidate.commands.toString());
    assertEquals(1, invalidate.serversSpokenTo, "the mark beside the entry: " + invalidate.commands);
    assertEquals(1, invalidate.turns);
    assertEquals(1, invalidate.depth);
  }

  @Test
  void anInvalidateAllOfThreeServersWritesEachCopyWithItsMarkAllAtOnce() {
    cachet.invalidateAll(NAMESPACE);

    Measured invalidateAll = measure(() -> assertTrue(cachet.invalidateAllAcknowledged(NAMESPACE)));

    print("invalidateAll over three servers", invalidateAll);
    assertEquals(List.of("set", "set", "set", "set", "set", "set"), invalidateAll.verbs());
    assertEquals(
        3,
        invalidateAll.commands.stream().filter(command -> command.startsWith("set " + NAMESPACE + "/changes@")).count(),
        "a change mark beside each copy: " + invalidateAll.commands);
    assertEquals(3, invalidateAll.serversSpokenTo);
    assertEquals(3, invalidateAll.turns, "one per server");
    assertEquals(1, invalidateAll.depth, "every server at once");
  }

  /** One call of {@code id} whose delegate returns {@code value}: its turns and commands. */
  private Measured measure(String id, String value) {
    int calls = image.delegateCalls.get();
    Measured miss = measure(() -> assertEquals(value, image.get(Decorated.key(NAMESPACE, id), () -> value)));
    assertEquals(calls + 1, image.delegateCalls.get(), "a miss");
    assertEquals(1, miss.serversSpokenTo, "a miss talks to its entry's server only: " + miss.commands);
    return miss;
  }

  /** What {@code call} sends: its turns and commands, on every server. */
  private Measured measure(Runnable call) {
    // Touches every connection, so that none sends Xmemcached's idle heartbeat (a turn) during
    // the call measured: it comes only after 5 s of silence.
    cachet.serverStatistics();
    List<List<byte[]>> before = new ArrayList<>();
    timeline.reset();
    for (TurnCountingProxy proxy : proxies) {
      proxy.reset();
      before.add(proxy.bytesSentPerConnection());
    }
    call.run();

    long turns = 0;
    List<String> commands = new ArrayList<>();
    int serversSpokenTo = 0;
    for (int i = 0; i < proxies.size(); i++) {
      turns += proxies.get(i).turns();
      List<String> sent = TurnCountingProxy.commandLines(before.get(i), proxies.get(i).bytesSentPerConnection());
      serversSpokenTo += sent.isEmpty() ? 0 : 1;
      commands.addAll(sent);
    }
    return new Measured(turns, commands, serversSpokenTo, timeline.depth());
  }

  private void assertStoredAndHit(String id, String value) {
    int calls = image.delegateCalls.get();
    assertEquals(value, image.get(Decorated.key(NAMESPACE, id), () -> "not stored"));
    assertEquals(calls, image.delegateCalls.get(), "the miss stored its value");
  }

  private static void print(String what, Measured miss) {
    System.out.println("round trips: " + what + ": " + miss.turns + " turns, " + miss.depth + " elapsed (" + String.join(", ", miss.verbs()) + ")");
    miss.commands.forEach(command -> System.out.println("  " + command));
  }

  private record Measured(long turns, List<String> commands, int serversSpokenTo, int depth) {
    List<String> verbs() {
      return commands.stream().map(command -> command.split(" ", 2)[0]).toList();
    }
  }
}
