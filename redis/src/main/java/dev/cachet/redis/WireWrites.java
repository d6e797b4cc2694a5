package dev.cachet.redis;

import dev.cachet.runtime.internal.transport.CircuitBreaker;
import dev.cachet.runtime.internal.transport.MemcachedKeys;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The commands of {@link Transport#writeSequences} on both transports: a {@code SET} or a {@code
 * DEL} per write, built fresh for each attempt (a command is sent once), and the check of its
 * reply.
 */
final class WireWrites {
  private WireWrites() {}

  /**
   * Why no write of {@code sequence} may be sent, or {@code null}: a value too large for an item,
   * refused before anything is sent as a single {@code set} is.
   *
   * @throws IllegalArgumentException for a key no store accepts, as a single write does
   */
  static TransportException refusal(Calls calls, List<Transport.Write> sequence) {
    for (Transport.Write write : sequence) {
      if (!write.isDelete()) {
        MemcachedKeys.requireValid(write.key());
        if (calls.tooLarge(write.key(), write.value())) {
          return calls.refusedAsTooLarge("set", write.key(), write.value());
        }
      }
    }
    return null;
  }

  /** {@code write} as a command, its key named on the wire by {@code wire}. */
  static AsyncCommand<String, Item, ?> command(Calls calls, Transport.Write write, UnaryOperator<String> wire) {
    CommandArgs<String, Item> args = Calls.args().addKey(wire.apply(write.key()));
    if (write.isDelete()) {
      return new AsyncCommand<>(new Command<>(CommandType.DEL, new Outputs.Count(), args));
    }
    args.addValue(calls.newItem(write.value()));
    long millis = Calls.expiryMillis(write.expiry());
    if (millis > 0) {
      args.add("PX").add(millis);
    }
    return new AsyncCommand<>(new Command<>(CommandType.SET, new Outputs.Text(), args));
  }

  /** The fault of a write whose command answered {@code reply}, or {@code null}: a {@code SET} not stored is one. */
  static TransportException unstored(Transport.Write write, Object reply, String description) {
    if (write.isDelete() || "OK".equals(reply)) {
      return null;
    }
    return new TransportException("set " + write.key() + " was not stored by " + description + ": " + reply);
  }

  /**
   * Writes commands built beforehand to the connection together, in one flush; refused with a
   * {@link TransportException} while not connected.
   */
  interface Sender {
    void send(List<RedisCommand<String, Item, ?>> batch);
  }

  /**
   * {@link Transport#writeSequences} on one server: every sequence's writes on its one connection,
   * in order, all at once, awaited at most {@code timeout} in all; the breaker charged once.
   */
  static List<TransportException> onOneConnection(
      Calls calls, CircuitBreaker breaker, String description, Duration timeout, Sender sender, List<List<Transport.Write>> sequences) {
    TransportException[] faults = new TransportException[sequences.size()];
    List<List<CompletableFuture<?>>> replies = new ArrayList<>(sequences.size());
    List<RedisCommand<String, Item, ?>> batch = new ArrayList<>();
    CircuitBreaker.Permit permit = breaker.tryAcquire();
    for (int i = 0; i < sequences.size(); i++) {
      List<Transport.Write> sequence = sequences.get(i);
      List<CompletableFuture<?>> sent = new ArrayList<>(sequence.size());
      replies.add(sent);
      faults[i] = WireWrites.refusal(calls, sequence);
      if (faults[i] != null || sequence.isEmpty()) {
        continue;
      }
      if (permit == CircuitBreaker.Permit.REFUSED) {
        faults[i] = new TransportException("write " + sequence.get(0).key() + " refused at once: " + description
            + " timed out too often in a row; it is probed again after its cool-off");
        continue;
      }
      for (Transport.Write write : sequence) {
        AsyncCommand<String, Item, ?> command = WireWrites.command(calls, write, key -> key);
        batch.add(command);
        sent.add(command);
      }
    }
    if (permit == CircuitBreaker.Permit.REFUSED || batch.isEmpty()) {
      return Arrays.asList(faults);
    }
    try {
      sender.send(batch);
    } catch (TransportException notConnected) {
      for (int i = 0; i < faults.length; i++) {
        if (!replies.get(i).isEmpty()) {
          faults[i] = notConnected;
        }
      }
      breaker.onOtherFailure(permit);
      return Arrays.asList(faults);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean timedOut = false;
    boolean failed = false;
    for (int i = 0; i < faults.length; i++) {
      List<Transport.Write> sequence = sequences.get(i);
      for (int w = 0; w < replies.get(i).size() && faults[i] == null; w++) {
        CompletableFuture<?> reply = replies.get(i).get(w);
        try {
          Object answer = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          faults[i] = WireWrites.unstored(sequence.get(w), answer, description);
        } catch (TimeoutException e) {
          reply.cancel(false);
          timedOut = true;
          faults[i] = calls.fault("write", sequence.get(w).key(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          faults[i] = calls.fault("write", sequence.get(w).key(), e);
        } catch (ExecutionException e) {
          failed = true;
          Throwable cause = Calls.unwrap(e);
          faults[i] = calls.fault("write", sequence.get(w).key(), cause instanceof Exception exception ? exception : e);
        }
      }
    }
    if (timedOut) {
      breaker.onTimeout(permit);
    } else if (failed) {
      breaker.onOtherFailure(permit);
    } else {
      breaker.onSuccess();
    }
    return Arrays.asList(faults);
  }
}
