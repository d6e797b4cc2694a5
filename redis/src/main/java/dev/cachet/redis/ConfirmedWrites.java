package dev.cachet.redis;

import dev.cachet.runtime.spi.TransportException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The writes of {@link RedisClusterTransport} that are invalidations, confirmed on the replicas
 * before they are acknowledged: Redis replicates asynchronously, so a primary that fails over can
 * lose a write it acknowledged, and a lost invalidation would bring its value back (the package
 * description, "Failures, and what each does").
 */
final class ConfirmedWrites {
  private final ClusterConnector connector;
  private final String description;
  /** {@code WAIT}'s own timeout: half the operation timeout, so a slow replica is a refusal, not a timeout. */
  private final long waitMillis;

  ConfirmedWrites(ClusterConnector connector, String description, Duration operationTimeout) {
    this.connector = connector;
    this.description = description;
    this.waitMillis = Math.max(1, operationTimeout.toMillis() / 2);
  }

  /**
   * {@code type} on the bucket's primary, pipelined with {@code WAIT n t} on the same connection,
   * n the replicas the topology gives that primary: the write's reply once they all have it. A
   * write that meets {@code MOVED} (the slot moved: failover, resharding) is sent, with its {@code
   * WAIT}, to the node the redirect names, and the topology refreshed; one that meets {@code ASK}
   * (the slot is moving and the key has gone) is sent there after {@code ASKING}, the three
   * commands written together so no other caller's command comes between. A second redirect is
   * left to Lettuce's routing, and the write reported unconfirmed: the runtime retries it.
   */
  <T> CompletableFuture<T> write(
      String operation,
      String key,
      int bucket,
      CommandType type,
      Supplier<CommandOutput<String, Item, T>> output,
      CommandArgs<String, Item> args) {
    StatefulRedisClusterConnection<String, Item> open = connector.connection();
    RedisClusterNode owner = open.getPartitions().getPartitionBySlot(Buckets.slot(bucket));
    if (owner == null || owner.getUri() == null) {
      throw new TransportException("no primary of " + description + " holds slot " + Buckets.slot(bucket));
    }
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Write<T> write = new Write<>(operation, key, type, output, args, outcome);
    attempt(open, owner.getUri().getHost(), owner.getUri().getPort(), false, write, 1);
    return outcome;
  }

  /** One confirmed write: what to send, and where its outcome goes. */
  private record Write<T>(
      String operation,
      String key,
      CommandType type,
      Supplier<CommandOutput<String, Item, T>> output,
      CommandArgs<String, Item> args,
      CompletableFuture<T> outcome) {}

  private <T> void attempt(
      StatefulRedisClusterConnection<String, Item> open, String host, int port, boolean asking, Write<T> write, int redirects) {
    RedisClusterNode target = connector.nodeAt(host, port);
    // A node the topology does not know yet has at least the replica a cluster like ours gives it.
    int replicas = target == null ? 1 : replicasOf(open.getPartitions(), target);
    open.getConnectionAsync(host, port)
        .whenComplete(
            (node, unreachable) -> {
              if (unreachable != null) {
                write.outcome().completeExceptionally(unreachable);
                return;
              }
              writeAndWait(node, asking, replicas, write)
                  .whenComplete(
                      (value, failure) -> {
                        Redirect redirect = failure == null ? null : Redirect.of(failure);
                        if (failure == null) {
                          write.outcome().complete(value);
                        } else if (redirect == null) {
                          write.outcome().completeExceptionally(failure);
                        } else if (redirects > 0) {
                          if (!redirect.ask()) {
                            connector.refreshTopology();
                          }
                          attempt(open, redirect.host(), redirect.port(), redirect.ask(), write, redirects - 1);
                        } else {
                          resendRouted(write);
                        }
                      });
            });
  }

  private <T> CompletableFuture<T> writeAndWait(
      StatefulRedisConnection<String, Item> node, boolean asking, int replicas, Write<T> write) {
    AsyncCommand<String, Item, T> command = new AsyncCommand<>(new Command<>(write.type(), write.output().get(), write.args()));
    AsyncCommand<String, Item, Long> wait =
        new AsyncCommand<>(
            new Command<>(CommandType.WAIT, new IntegerOutput<>(ItemCodec.INSTANCE), Calls.args().add(replicas).add(waitMillis)));
    List<RedisCommand<String, Item, ?>> batch = new ArrayList<>(3);
    if (asking) {
      batch.add(new AsyncCommand<>(new Command<>(CommandType.ASKING, new StatusOutput<>(ItemCodec.INSTANCE), Calls.args())));
    }
    batch.add(command);
    batch.add(wait);
    node.dispatch(batch);
    return command.thenCombine(
        wait,
        (value, acknowledged) -> {
          if (acknowledged < replicas) {
            throw new TransportException(
                write.operation() + " " + write.key() + " applied on the primary but acknowledged by " + acknowledged
                    + " of its " + replicas + " replicas within " + waitMillis
                    + " ms; a failover could lose it, so it is retried");
          }
          return value;
        });
  }

  /** Through Lettuce's routing, which follows redirects itself; reported unconfirmed. */
  private <T> void resendRouted(Write<T> write) {
    try {
      connector.connection().async().dispatch(write.type(), write.output().get(), write.args())
          .whenComplete(
              (value, failure) -> write.outcome().completeExceptionally(
                  failure != null
                      ? failure
                      : new TransportException(
                          write.operation() + " " + write.key() + " followed a slot move and was applied where the"
                              + " slot is now; not yet confirmed on its replicas, so it is retried")));
    } catch (RuntimeException notConnected) {
      write.outcome().completeExceptionally(notConnected);
    }
  }

  /** A {@code MOVED slot host:port} or {@code ASK slot host:port} reply. */
  record Redirect(boolean ask, String host, int port) {
    static Redirect of(Throwable failure) {
      String message = Calls.unwrap(failure).getMessage();
      if (message == null || !(message.startsWith("MOVED ") || message.startsWith("ASK "))) {
        return null;
      }
      String address = message.substring(message.lastIndexOf(' ') + 1);
      int colon = address.lastIndexOf(':');
      try {
        return new Redirect(message.startsWith("ASK "), address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
      } catch (RuntimeException unreadable) {
        return null;
      }
    }
  }

  /** The replicas of {@code owner} that the topology does not mark failed. */
  static int replicasOf(Partitions partitions, RedisClusterNode owner) {
    int replicas = 0;
    for (RedisClusterNode node : partitions) {
      if (owner.getNodeId().equals(node.getSlaveOf())
          && node.is(RedisClusterNode.NodeFlag.REPLICA)
          && !node.is(RedisClusterNode.NodeFlag.FAIL)
          && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
        replicas++;
      }
    }
    return replicas;
  }

}
