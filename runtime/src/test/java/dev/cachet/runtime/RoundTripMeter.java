package dev.cachet.runtime;

import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.testing.TurnCountingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Round trips counted at the socket: a recording {@link TurnCountingProxy} in front of each server
 * of a pool (or of one twemproxy), all on one {@link TurnCountingProxy.Timeline}, so that a call
 * measured gives its turns (request/response exchanges, summed over the servers), the commands
 * each server received and the round trips of elapsed time (requests that had to wait for an
 * earlier reply). Each reply is held {@value #LATENCY_MILLIS} ms, as a network would, so commands
 * sent without waiting always share their round trip however the client's threads are scheduled.
 */
final class RoundTripMeter implements AutoCloseable {
  /**
   * Longer than the client can be late in sending what it sends at once: on a loaded 2-core
   * machine the last of three servers' requests once left more than 30 ms after the first had its
   * reply, and so counted as a round trip of its own.
   */
  static final long LATENCY_MILLIS = 100;

  /**
   * What one call sent: its turns, its commands (server by server, and each server's alone), how
   * many servers it spoke to, and its round trips of elapsed time.
   */
  record Measured(long turns, List<String> commands, List<List<String>> byServer, int serversSpokenTo, int depth) {
    List<String> verbs() {
      return commands.stream().map(command -> command.split(" ", 2)[0]).toList();
    }

    long count(String verb) {
      return verbs().stream().filter(verb::equals).count();
    }

    /** How many servers received a command containing {@code text}. */
    long serversSent(String text) {
      return byServer.stream().filter(commands -> commands.stream().anyMatch(c -> c.contains(text))).count();
    }

    void print(String what) {
      System.out.println(
          "round trips: " + what + ": " + turns + " turns, " + depth + " elapsed, " + serversSpokenTo
              + " servers (" + String.join(", ", verbs()) + ")");
    }
  }

  private final List<TurnCountingProxy> proxies = new ArrayList<>();
  private final TurnCountingProxy.Timeline timeline =
      new TurnCountingProxy.Timeline(Duration.ofMillis(LATENCY_MILLIS));

  /** A proxy in front of each of {@code targets} ({@code host:port}). */
  RoundTripMeter(List<String> targets) {
    for (String target : targets) {
      proxies.add(TurnCountingProxy.recording(target, timeline));
    }
  }

  /** The proxies' addresses, separated by spaces, as {@link Cachet.Builder#memcached} takes them. */
  String addresses() {
    return proxies.stream().map(TurnCountingProxy::address).collect(Collectors.joining(" "));
  }

  /** What {@code call} sends through {@code cachet}'s connections. */
  Measured measure(Cachet cachet, Runnable call) {
    // Touches every connection, so that none sends Xmemcached's idle heartbeat (a turn) during
    // the call measured: it comes only after 5 s of silence. A read, not stats: twemproxy closes
    // the connection on stats.
    Transport transport = Internals.transport(cachet);
    transport.getAll(transport.everywhere(WireFormat.generationKey("round-trip-meter")));
    List<List<byte[]>> before = new ArrayList<>();
    timeline.reset();
    for (TurnCountingProxy proxy : proxies) {
      proxy.reset();
      before.add(proxy.bytesSentPerConnection());
    }
    call.run();

    long turns = 0;
    List<String> commands = new ArrayList<>();
    List<List<String>> byServer = new ArrayList<>();
    int serversSpokenTo = 0;
    for (int i = 0; i < proxies.size(); i++) {
      turns += proxies.get(i).turns();
      List<String> sent = TurnCountingProxy.commandLines(before.get(i), proxies.get(i).bytesSentPerConnection());
      serversSpokenTo += sent.isEmpty() ? 0 : 1;
      commands.addAll(sent);
      byServer.add(List.copyOf(sent));
    }
    return new Measured(turns, commands, List.copyOf(byServer), serversSpokenTo, timeline.depth());
  }

  /**
   * How many turns of the call being measured have had their reply reach the client: a call that
   * waits for it knows its next request starts a round trip of its own.
   */
  int repliedTurns() {
    return timeline.replied();
  }

  @Override
  public void close() {
    proxies.forEach(TurnCountingProxy::close);
  }
}
