package dev.cachet.redis;

import dev.cachet.runtime.internal.transport.CircuitBreaker;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link Transport#writeSequences} on a Redis Cluster: every sequence at once, each primary's
 * share pipelined on its connection and confirmed by one {@code WAIT}. The steps and failure
 * cases are in the package description, "Sequences of writes, pipelined and confirmed".
 */
final class ClusterSequences {
  private final ClusterConnector connector;
  private final Calls calls;
  private final String description;
  private final long timeoutNanos;
  /** {@code WAIT}'s own timeout, as {@link ConfirmedWrites}': a slow replica is a refusal, not a timeout. */
  private final long waitMillis;
  private final Function<RedisClusterNode, CircuitBreaker> breakers;

  ClusterSequences(
      ClusterConnector connector,
      Calls calls,
      String description,
      Duration operationTimeout,
      Function<RedisClusterNode, CircuitBreaker> breakers) {
    this.connector = connector;
    this.calls = calls;
    this.description = description;
    this.timeoutNanos = operationTimeout.toNanos();
    this.waitMillis = Math.max(1, operationTimeout.toMillis() / 2);
    this.breakers = breakers;
  }

  /** One sequence of the call: its legs, and its outcome. */
  private record Sequence(List<List<Transport.Write>> legs, CompletableFuture<Void> done) {
    void fail(Throwable failure) {
      done.completeExceptionally(failure);
    }
  }

  /** Writes of one sequence in one slot, sent together: leg {@code index} of it, or the rest of one after a redirect. */
  private record Leg(Sequence sequence, int index, List<Transport.Write> writes) {
    int slot() {
      return Buckets.slot(Buckets.of(writes.get(0).key()));
    }

    /** Whether a failover must keep it: a {@code DEL}, or a generation copy's (or change mark's) {@code SET}. */
    boolean invalidates() {
      for (Transport.Write write : writes) {
        if (write.isDelete() || Buckets.isCopy(write.key())) {
          return true;
        }
      }
      return false;
    }
  }

  /** A primary's first batch of this call: charged to its breaker once. */
  private record NodeCall(CircuitBreaker breaker, CircuitBreaker.Permit permit, CompletableFuture<Void> answered) {}

  List<TransportException> write(List<List<Transport.Write>> sequences) {
    long deadline = System.nanoTime() + timeoutNanos;
    int count = sequences.size();
    TransportException[] faults = new TransportException[count];
    Sequence[] sent = new Sequence[count];
    StatefulRedisClusterConnection<String, Item> open = null;
    TransportException notConnected = null;
    try {
      open = connector.connection();
    } catch (TransportException e) {
      notConnected = e;
    }
    Map<String, List<Leg>> byNode = new LinkedHashMap<>();
    Map<String, RedisClusterNode> nodes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      List<Transport.Write> writes = sequences.get(i);
      if (writes.isEmpty()) {
        continue;
      }
      faults[i] = WireWrites.refusal(calls, writes);
      if (faults[i] != null || notConnected != null) {
        faults[i] = faults[i] != null ? faults[i] : notConnected;
        continue;
      }
      Sequence sequence = new Sequence(legsOf(writes), new CompletableFuture<>());
      Leg first = new Leg(sequence, 0, sequence.legs().get(0));
      RedisClusterNode owner = open.getPartitions().getPartitionBySlot(first.slot());
      if (owner == null || owner.getUri() == null) {
        faults[i] = unowned(first);
        continue;
      }
      sent[i] = sequence;
      nodes.putIfAbsent(owner.getNodeId(), owner);
      byNode.computeIfAbsent(owner.getNodeId(), unused -> new ArrayList<>()).add(first);
    }
    List<NodeCall> nodeCalls = new ArrayList<>(byNode.size());
    for (Map.Entry<String, List<Leg>> share : byNode.entrySet()) {
      RedisClusterNode owner = nodes.get(share.getKey());
      CircuitBreaker breaker = breakers.apply(owner);
      CircuitBreaker.Permit permit = breaker.tryAcquire();
      if (permit == CircuitBreaker.Permit.REFUSED) {
        TransportException refused =
            new TransportException(
                "write on " + owner.getUri().getHost() + ":" + owner.getUri().getPort() + " of " + description
                    + " refused at once: it timed out too often in a row; it is probed again after its cool-off");
        share.getValue().forEach(leg -> leg.sequence().fail(refused));
        continue;
      }
      nodeCalls.add(new NodeCall(breaker, permit, send(open, owner.getUri().getHost(), owner.getUri().getPort(), false, share.getValue(), 1)));
    }
    for (int i = 0; i < count; i++) {
      if (sent[i] != null) {
        faults[i] = awaited(sent[i], sequences.get(i), deadline);
      }
    }
    for (NodeCall call : nodeCalls) {
      // Awaited, not polled: the node's answer completes its sequences before it completes itself.
      try {
        call.answered().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        call.breaker().onSuccess();
      } catch (TimeoutException e) {
        call.breaker().onTimeout(call.permit());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        call.breaker().onOtherFailure(call.permit());
      } catch (ExecutionException | CancellationException e) {
        call.breaker().onOtherFailure(call.permit());
      }
    }
    return Arrays.asList(faults);
  }

  /** The outcome of one sequence, waited for until {@code deadline} at most. */
  private TransportException awaited(Sequence sequence, List<Transport.Write> writes, long deadline) {
    String subject = writes.size() == 1 ? writes.get(0).key() : writes.get(0).key() + " and " + (writes.size() - 1) + " more";
    try {
      sequence.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      // Its commands end by Lettuce's own timeout, the same; a late reply changes nothing here.
      sequence.done().cancel(false);
      return calls.fault("write", subject, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return calls.fault("write", subject, e);
    } catch (ExecutionException e) {
      Throwable cause = Calls.unwrap(e);
      return cause instanceof TransportException fault
          ? fault
          : calls.fault("write", subject, cause instanceof Exception exception ? exception : e);
    }
  }

  /** {@code writes} cut where the slot changes: each leg is one primary's, even across a slot move. */
  private static List<List<Transport.Write>> legsOf(List<Transport.Write> writes) {
    List<List<Transport.Write>> legs = new ArrayList<>(1);
    int start = 0;
    for (int i = 1; i <= writes.size(); i++) {
      if (i == writes.size() || slotOf(writes.get(i)) != slotOf(writes.get(start))) {
        legs.add(writes.subList(start, i));
        start = i;
      }
    }
    return legs;
  }

  /**
   * Writes {@code legs} to the node at {@code host:port} in one batch (each write after {@code
   * ASKING} when {@code asking}), then one {@code WAIT} if they must be confirmed; each leg's
   * sequence goes on or fails as its replies say. Completes when the node answered all of it.
   */
  private CompletableFuture<Void> send(
      StatefulRedisClusterConnection<String, Item> open, String host, int port, boolean asking, List<Leg> legs, int redirects) {
    RedisClusterNode target = connector.nodeAt(host, port);
    // A node the topology does not know yet has at least the replica a cluster like ours gives it.
    int replicas = target == null ? 1 : ConfirmedWrites.replicasOf(open.getPartitions(), target);
    CompletableFuture<StatefulRedisConnection<String, Item>> node;
    try {
      node = open.getConnectionAsync(host, port);
    } catch (RuntimeException notOpened) {
      node = CompletableFuture.failedFuture(notOpened);
    }
    return node.handle(
            (connection, unreachable) -> {
              if (unreachable != null) {
                legs.forEach(leg -> leg.sequence().fail(unreachable));
                return CompletableFuture.<Void>failedFuture(unreachable);
              }
              return dispatch(open, connection, asking, replicas, legs, redirects);
            })
        .thenCompose(answered -> answered);
  }

  private CompletableFuture<Void> dispatch(
      StatefulRedisClusterConnection<String, Item> open,
      StatefulRedisConnection<String, Item> node,
      boolean asking,
      int replicas,
      List<Leg> legs,
      int redirects) {
    boolean confirm = false;
    for (Leg leg : legs) {
      confirm |= replicas > 0 && leg.invalidates();
    }
    List<RedisCommand<String, Item, ?>> batch = new ArrayList<>();
    List<List<AsyncCommand<String, Item, ?>>> perLeg = new ArrayList<>(legs.size());
    for (Leg leg : legs) {
      List<AsyncCommand<String, Item, ?>> commands = new ArrayList<>(leg.writes().size());
      for (Transport.Write write : leg.writes()) {
        if (asking) {
          batch.add(new AsyncCommand<>(new Command<>(CommandType.ASKING, new StatusOutput<>(ItemCodec.INSTANCE), Calls.args())));
        }
        AsyncCommand<String, Item, ?> command = WireWrites.command(calls, write, key -> Buckets.wire(key, Buckets.of(key)));
        batch.add(command);
        commands.add(command);
      }
      perLeg.add(commands);
    }
    AsyncCommand<String, Item, Long> wait =
        confirm
            ? new AsyncCommand<>(
                new Command<>(CommandType.WAIT, new IntegerOutput<>(ItemCodec.INSTANCE), Calls.args().add(replicas).add(waitMillis)))
            : null;
    if (wait != null) {
      batch.add(wait);
    }
    try {
      node.dispatch(batch);
    } catch (RuntimeException notSent) {
      legs.forEach(leg -> leg.sequence().fail(notSent));
      return CompletableFuture.failedFuture(notSent);
    }
    CompletableFuture<?>[] replies = new CompletableFuture<?>[batch.size()];
    for (int i = 0; i < replies.length; i++) {
      replies[i] = ((AsyncCommand<String, Item, ?>) batch.get(i)).handle((value, failure) -> null);
    }
    CompletableFuture<Void> answered = CompletableFuture.allOf(replies);
    answered.thenRun(
        () -> {
          for (int i = 0; i < legs.size(); i++) {
            try {
              settle(open, legs.get(i), perLeg.get(i), wait, replicas, redirects);
            } catch (RuntimeException unexpected) {
              // On Lettuce's event loop nobody would see it: the sequence reports it instead of timing out.
              legs.get(i).sequence().fail(unexpected);
            }
          }
        });
    return answered;
  }

  /** Once the node answered: the leg's sequence goes on, follows a redirect, or fails. */
  private void settle(
      StatefulRedisClusterConnection<String, Item> open,
      Leg leg,
      List<AsyncCommand<String, Item, ?>> commands,
      AsyncCommand<String, Item, Long> wait,
      int replicas,
      int redirects) {
    int failed = -1;
    for (int i = 0; i < commands.size() && failed < 0; i++) {
      if (failureOf(commands.get(i)) != null) {
        failed = i;
      }
    }
    if (failed >= 0) {
      Throwable failure = failureOf(commands.get(failed));
      ConfirmedWrites.Redirect redirect = ConfirmedWrites.Redirect.of(failure);
      if (redirect != null && redirects > 0 && allRedirectedTo(commands, failed, redirect)) {
        if (!redirect.ask()) {
          connector.refreshTopology();
        }
        Leg rest = new Leg(leg.sequence(), leg.index(), leg.writes().subList(failed, leg.writes().size()));
        send(open, redirect.host(), redirect.port(), redirect.ask(), List.of(rest), redirects - 1);
      } else {
        leg.sequence().fail(failure);
      }
      return;
    }
    for (int i = 0; i < commands.size(); i++) {
      TransportException unstored = WireWrites.unstored(leg.writes().get(i), commands.get(i).getNow(null), description);
      if (unstored != null) {
        leg.sequence().fail(unstored);
        return;
      }
    }
    if (wait != null && leg.invalidates()) {
      Throwable waitFailed = failureOf(wait);
      long acknowledged = waitFailed == null ? wait.getNow(0L) : -1;
      if (acknowledged < replicas) {
        leg.sequence().fail(
            waitFailed != null
                ? waitFailed
                : new TransportException(
                    "write " + leg.writes().get(0).key() + " applied on the primary but acknowledged by " + acknowledged
                        + " of its " + replicas + " replicas within " + waitMillis
                        + " ms; a failover could lose it, so it is retried"));
        return;
      }
    }
    next(open, leg.sequence(), leg.index() + 1);
  }

  /** Sends leg {@code index} of {@code sequence} alone, or completes it when there is none. */
  private void next(StatefulRedisClusterConnection<String, Item> open, Sequence sequence, int index) {
    if (index == sequence.legs().size()) {
      sequence.done().complete(null);
      return;
    }
    Leg leg = new Leg(sequence, index, sequence.legs().get(index));
    RedisClusterNode owner = open.getPartitions().getPartitionBySlot(leg.slot());
    if (owner == null || owner.getUri() == null) {
      sequence.fail(unowned(leg));
      return;
    }
    send(open, owner.getUri().getHost(), owner.getUri().getPort(), false, List.of(leg), 1);
  }

  private static int slotOf(Transport.Write write) {
    return Buckets.slot(Buckets.of(write.key()));
  }

  private TransportException unowned(Leg leg) {
    return new TransportException("no primary of " + description + " holds slot " + leg.slot());
  }

  /** Whether every write from {@code from} on met a redirect to the same node: only then can the rest follow it in order. */
  private static boolean allRedirectedTo(List<AsyncCommand<String, Item, ?>> commands, int from, ConfirmedWrites.Redirect redirect) {
    for (int i = from; i < commands.size(); i++) {
      Throwable failure = failureOf(commands.get(i));
      if (failure == null || !redirect.equals(ConfirmedWrites.Redirect.of(failure))) {
        return false;
      }
    }
    return true;
  }

  private static Throwable failureOf(CompletableFuture<?> reply) {
    if (!reply.isCompletedExceptionally()) {
      return null;
    }
    try {
      reply.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause() == null ? e : e.getCause();
    } catch (CancellationException e) {
      return e;
    }
  }
}
