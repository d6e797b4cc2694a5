package dev.cachet.runtime.internal.transport;

import com.google.code.yanf4j.core.Session;
import dev.cachet.runtime.spi.Transport.Write;
import dev.cachet.runtime.spi.TransportException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.transcoders.CachedData;

/**
 * Commands to several servers at once: every server's commands are written, back to back on its
 * one connection, before any reply is awaited, and then each server's replies are awaited within
 * one operation timeout for all. A server's outcome is its own: its circuit breaker is asked
 * before its commands are sent and told how it answered, so a timeout is charged to the server
 * that did not answer, as when servers were asked one after another.
 *
 * <p>The commands are built with the client's own {@link CommandFactory} and written to the
 * connection Xmemcached's locator picks for the first command of a server; the others of that
 * server are written to the same connection, never to another one Xmemcached may open meanwhile,
 * so that commands of one server reach it in the order given, on one TCP stream.
 */
final class ServerExchanges {
  /** How often a wait looks whether its connection has closed (Xmemcached may not wake it). */
  private static final long CLOSED_CONNECTION_CHECK_MILLIS = 5;

  /** One write of {@link #write}, by the sequence it belongs to, with memcached's exptime for it. */
  record Outgoing(int sequence, Write write, int exptime) {}

  private final MemcachedClient client;
  private final CommandFactory commands;
  private final Function<String, InetSocketAddress> serverOf;
  private final Function<InetSocketAddress, CircuitBreaker> breakerOf;
  private final Runnable serverAnswered;
  private final String description;
  private final String breakerSummary;

  /**
   * @param serverOf the server Xmemcached sends a key to, or {@code null} when none is connected
   * @param serverAnswered told whenever a server answered (timed-out adds are then undone)
   * @param breakerSummary the end of a refusal's message: why the breaker is open
   */
  ServerExchanges(
      MemcachedClient client,
      CommandFactory commands,
      Function<String, InetSocketAddress> serverOf,
      Function<InetSocketAddress, CircuitBreaker> breakerOf,
      Runnable serverAnswered,
      String description,
      String breakerSummary) {
    this.client = client;
    this.commands = commands;
    this.serverOf = serverOf;
    this.breakerOf = breakerOf;
    this.serverAnswered = serverAnswered;
    this.description = description;
    this.breakerSummary = breakerSummary;
  }

  /**
   * Sends {@code writes} (grouped by server, in the given order within each) and waits for every
   * reply within {@code timeoutMillis}; records in {@code faults} the first fault of each
   * sequence that has one.
   */
  void write(List<Outgoing> writes, TransportException[] faults, long timeoutMillis) {
    Map<InetSocketAddress, List<Outgoing>> byServer = new LinkedHashMap<>();
    for (Outgoing outgoing : writes) {
      InetSocketAddress server = serverOf.apply(outgoing.write().key());
      if (server == null) {
        fault(faults, outgoing.sequence(), fault(outgoing.write(), "no server is connected", null));
        continue;
      }
      byServer.computeIfAbsent(server, s -> new ArrayList<>()).add(outgoing);
    }
    List<Exchange<Outgoing>> sent = new ArrayList<>(byServer.size());
    for (Map.Entry<InetSocketAddress, List<Outgoing>> group : byServer.entrySet()) {
      Exchange<Outgoing> exchange = new Exchange<>(group.getKey(), group.getValue(), group.getValue().size());
      String refused = exchange.open();
      if (refused != null) {
        for (Outgoing outgoing : group.getValue()) {
          fault(faults, outgoing.sequence(), fault(outgoing.write(), refused, null));
        }
        continue;
      }
      for (Outgoing outgoing : group.getValue()) {
        Write write = outgoing.write();
        byte[] key = write.key().getBytes(StandardCharsets.UTF_8);
        Command command =
            write.isDelete()
                ? commands.createDeleteCommand(write.key(), key, 0, 0, false)
                : commands.createSetCommand(
                    write.key(), key, outgoing.exptime(), write.value(), false, RawBytesTranscoder.INSTANCE);
        exchange.send(command);
      }
      sent.add(exchange);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (Exchange<Outgoing> exchange : sent) {
      Exception failure = exchange.await(deadline);
      for (int i = 0; i < exchange.items.size(); i++) {
        Outgoing outgoing = exchange.items.get(i);
        Command command = exchange.commands.get(i);
        Exception own = failure != null ? failure : outcomeOf(command, outgoing.write());
        if (own != null) {
          fault(faults, outgoing.sequence(), fault(outgoing.write(), reason(own), own));
        }
      }
    }
  }

  /**
   * Reads {@code keys} with one multi-get per server, every server at once; throws the fault of
   * the first server that failed, once every server has answered or timed out.
   */
  Map<String, byte[]> getAll(Collection<String> keys, long timeoutMillis) {
    Map<InetSocketAddress, List<String>> byServer = new LinkedHashMap<>();
    for (String key : keys) {
      InetSocketAddress server = serverOf.apply(key);
      if (server == null) {
        throw new TransportException("get " + key + " on " + description + ": no server is connected");
      }
      byServer.computeIfAbsent(server, s -> new ArrayList<>()).add(key);
    }
    List<Exchange<String>> sent = new ArrayList<>(byServer.size());
    TransportException first = null;
    for (Map.Entry<InetSocketAddress, List<String>> group : byServer.entrySet()) {
      // One multi-get for all of the server's keys: one reply to wait for.
      Exchange<String> exchange = new Exchange<>(group.getKey(), group.getValue(), 1);
      String refused = exchange.open();
      if (refused != null) {
        first = first != null ? first : new TransportException("get " + group.getValue().size() + " keys " + refused);
        continue;
      }
      exchange.send(
          commands.createGetMultiCommand(group.getValue(), new CountDownLatch(1), CommandType.GET_MANY, RawBytesTranscoder.INSTANCE));
      sent.add(exchange);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    Map<String, byte[]> found = new HashMap<>();
    for (Exchange<String> exchange : sent) {
      Exception failure = exchange.await(deadline);
      Command command = exchange.commands.get(0);
      if (failure == null) {
        failure = command.getException();
      }
      if (failure != null) {
        first =
            first != null
                ? first
                : new TransportException(
                    "get " + exchange.items.size() + " keys on " + name(exchange.server) + " of " + description
                        + ": " + reason(failure),
                    failure);
        continue;
      }
      if (command.getResult() instanceof Map<?, ?> values) {
        for (Map.Entry<?, ?> value : values.entrySet()) {
          if (value.getValue() instanceof CachedData data) {
            found.put((String) value.getKey(), data.getData());
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return found;
  }

  /** Why a write that was answered failed, or {@code null} when it succeeded. */
  private static Exception outcomeOf(Command command, Write write) {
    if (command.getException() != null) {
      return command.getException();
    }
    Object result = command.getResult();
    if (result == null) {
      return new IllegalStateException("no reply");
    }
    if (!write.isDelete() && Boolean.FALSE.equals(result)) {
      return new IllegalStateException("not stored");
    }
    return null; // a delete of an absent key is no fault
  }

  private static void fault(TransportException[] faults, int sequence, TransportException fault) {
    if (faults[sequence] == null) {
      faults[sequence] = fault;
    }
  }

  private TransportException fault(Write write, String reason, Exception cause) {
    return new TransportException(
        (write.isDelete() ? "delete " : "set ") + write.key() + " on " + description + ": " + reason, cause);
  }

  private static String reason(Exception cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static String name(InetSocketAddress server) {
    return server.getHostString() + ":" + server.getPort();
  }

  /** The commands to one server: sent on one connection, answered together. */
  private final class Exchange<T> {
    final InetSocketAddress server;
    final List<T> items;
    final List<Command> commands;
    final CountDownLatch answered;
    private CircuitBreaker breaker;
    private CircuitBreaker.Permit permit;
    private Session connection;
    /** Why sending failed, if it did: no reply will come. */
    private Exception unsent;

    /** @param commands how many commands will be sent: the replies to wait for */
    Exchange(InetSocketAddress server, List<T> items, int commands) {
      this.server = server;
      this.items = items;
      this.commands = new ArrayList<>(commands);
      this.answered = new CountDownLatch(commands);
    }

    /** Asks the server's breaker; the reason it refused, or {@code null} when the commands may go. */
    String open() {
      breaker = breakerOf.apply(server);
      permit = breaker.tryAcquire();
      if (permit == CircuitBreaker.Permit.REFUSED) {
        return "refused at once: " + name(server) + breakerSummary;
      }
      return null;
    }

    void send(Command command) {
      command.setLatch(answered);
      commands.add(command);
      if (unsent != null) {
        return;
      }
      try {
        if (connection == null) {
          connection = client.getConnector().send(command);
        } else if (connection.isClosed()) {
          // Never onto another connection: that could reach the server before this one's commands.
          throw new IllegalStateException("connection to " + name(server) + " closed");
        } else {
          connection.write(command);
        }
      } catch (Exception e) {
        unsent = e;
      }
    }

    /** Waits for every reply until {@code deadline}; the fault of the whole exchange, or {@code null}. */
    Exception await(long deadline) {
      Exception failure = unsent;
      if (failure == null) {
        failure = awaitAnswers(deadline);
      }
      if (failure instanceof TimeoutException) {
        commands.forEach(Command::cancel);
        breaker.onTimeout(permit);
      } else if (failure != null) {
        commands.forEach(Command::cancel);
        breaker.onOtherFailure(permit);
      } else {
        breaker.onSuccess();
        serverAnswered.run();
        // Only once answered, as Xmemcached does: a cancelled command may still be in the write queue.
        for (Command command : commands) {
          command.getIoBuffer().free();
        }
      }
      return failure;
    }

    private Exception awaitAnswers(long deadline) {
      try {
        while (true) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            return new TimeoutException(
                "no answer from " + name(server) + " within the operation timeout");
          }
          long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(CLOSED_CONNECTION_CHECK_MILLIS));
          if (answered.await(slice, TimeUnit.NANOSECONDS)) {
            return null;
          }
          if (connection != null && connection.isClosed()) {
            return new IllegalStateException("connection to " + name(server) + " closed");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      }
    }
  }
}
