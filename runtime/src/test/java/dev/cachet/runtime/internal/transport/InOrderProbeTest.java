package dev.cachet.runtime.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.spi.Transport.Write;
import dev.cachet.runtime.spi.TransportException;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TurnCountingProxy;
import dev.cachet.runtime.testing.Waiting;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code stats} probe that decides whether a server's writes may be pipelined
 * ({@link InOrderServers}): it never makes a transport slower to open than Xmemcached's own
 * connect, whatever state the server is in, and a server it could not judge at start is judged
 * again once it answers. A sequence of two writes to one server is one round trip of elapsed
 * time when pipelined and two when each waits for the one before, which tells the path taken.
 */
class InOrderProbeTest {
  /** Long enough that one connect timeout more, the probe waited for after the connect, shows. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Each reply held this long: commands sent without waiting then always share a round trip. */
  private static final Duration LATENCY = Duration.ofMillis(30);
  private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long RECHECK_NANOS = Duration.ofSeconds(30).toNanos();

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  private static MemcachedTransport connect(String address) {
    return MemcachedTransport.connect(
        MemcachedSettings.servers(address)
            .withConnectTimeout(CONNECT_TIMEOUT)
            .withOperationTimeout(Duration.ofMillis(500))
            .withReconnectInterval(Duration.ofMillis(200)));
  }

  /**
   * A frozen server accepts connections and answers nothing: Xmemcached's warm-up waits one
   * connect timeout for it, and a probe waited for after that would add another.
   */
  @Test
  void aServerFrozenAtStartHoldsTheTransportForOneConnectTimeoutNotTwo() {
    MemcachedServer server = memcached.get();
    server.pause();
    try {
      long start = System.nanoTime();
      try (MemcachedTransport transport = connect(server.address())) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertNotNull(transport.describe(), "the transport opened");
        System.out.println("connect to a frozen server took " + took.toMillis() + " ms");
        assertTrue(
            took.compareTo(CONNECT_TIMEOUT.multipliedBy(3).dividedBy(2)) < 0,
            "connecting to a frozen server took " + took.toMillis() + " ms; the connect timeout is "
                + CONNECT_TIMEOUT.toMillis() + " ms");
      }
    } finally {
      server.resume();
    }
  }

  @Test
  void aServerFrozenAtStartIsProbedAgainOnceItAnswersAndItsPairsArePipelined() {
    MemcachedServer server = memcached.get();
    TurnCountingProxy.Timeline timeline = new TurnCountingProxy.Timeline(LATENCY);
    try (TurnCountingProxy proxy = TurnCountingProxy.recording(server.address(), timeline)) {
      server.pause();
      MemcachedTransport transport;
      try {
        transport = connect(proxy.address());
      } finally {
        server.resume();
      }
      try (transport) {
        // Unjudged at start, so sent in two steps; judged once it answers, then in one.
        Waiting.until("a pair pipelined after the server answered", () -> roundTripsOfAPair(transport, timeline) == 1);
      }
    }
  }

  @Test
  void aServerDownAtStartOpensTheTransportAtOnce() {
    MemcachedServer server = memcached.get();
    server.stop();
    long start = System.nanoTime();
    try (MemcachedTransport transport = connect(server.address())) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertNotNull(transport.describe(), "the transport opened");
      assertTrue(took.compareTo(CONNECT_TIMEOUT) < 0, "connecting to a refusing server took " + took.toMillis() + " ms");
    }
  }

  /** Refused: no verdict, so asked again once the retry interval has passed on the probes' clock. */
  @Test
  void aServerThatRefusedTheProbeIsAskedAgainAfterTheRetryInterval() {
    MemcachedServer server = memcached.get();
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
    AtomicLong clock = new AtomicLong();
    server.stop();
    try (InOrderServers servers = new InOrderServers(true, 1_000, RETRY_NANOS, RECHECK_NANOS, clock::get)) {
      servers.probeAll(List.of(address)).await(System.nanoTime() + CONNECT_TIMEOUT.toNanos());
      assertFalse(servers.inOrder(address));
      server.restart();
      clock.addAndGet(RETRY_NANOS);
      Waiting.until("judged in order once it was up", () -> servers.inOrder(address));
    }
  }

  /**
   * A balancer in front of a server that is down accepts the probe's connection and closes it,
   * as twemproxy does: not in order, and asked again only after the longer recheck interval.
   */
  @Test
  void aConnectionClosedUnansweredIsAskedAgainAfterTheRecheckInterval() {
    MemcachedServer server = memcached.get();
    AtomicLong clock = new AtomicLong();
    try (TurnCountingProxy proxy = TurnCountingProxy.to(server.address());
        InOrderServers servers = new InOrderServers(true, 1_000, RETRY_NANOS, RECHECK_NANOS, clock::get)) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(proxy.address().split(":")[1]));
      server.stop();
      servers.probeAll(List.of(address)).await(System.nanoTime() + CONNECT_TIMEOUT.toNanos());
      assertFalse(servers.inOrder(address));
      server.restart();
      clock.addAndGet(RECHECK_NANOS);
      Waiting.until("judged in order once the server behind the proxy was up", () -> servers.inOrder(address));
    }
  }

  @Test
  void aPairToAServerProbedAtStartIsOneTurnAndItsWritesAreAppliedInOrder() {
    MemcachedServer server = memcached.get();
    TurnCountingProxy.Timeline timeline = new TurnCountingProxy.Timeline(LATENCY);
    try (TurnCountingProxy proxy = TurnCountingProxy.recording(server.address(), timeline);
        MemcachedTransport transport = connect(proxy.address())) {
      transport.set("k", bytes("old"), Duration.ZERO);
      timeline.reset();
      List<TransportException> outcomes =
          transport.writeSequences(
              List.of(List.of(Write.delete("k"), Write.set("k", bytes("new"), Duration.ZERO))));
      assertEquals(Arrays.asList((TransportException) null), outcomes);
      assertEquals(1, timeline.depth());
      assertEquals("new", new String(transport.getAll(List.of("k")).get("k"), StandardCharsets.UTF_8));
    }
  }

  /**
   * The round trips of elapsed time of one sequence of two writes to the one server, or -1 when
   * it failed (the server not yet reconnected). A probe running meanwhile is a chain of its own.
   */
  private static long roundTripsOfAPair(MemcachedTransport transport, TurnCountingProxy.Timeline timeline) {
    timeline.reset();
    List<TransportException> outcomes =
        transport.writeSequences(
            List.of(List.of(Write.delete("pair/a"), Write.set("pair/b", bytes("v"), Duration.ZERO))));
    return outcomes.get(0) == null ? timeline.depth() : -1;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
