package dev.cachet.runtime.internal.transport;

import com.google.code.yanf4j.core.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.transcoders.CachedData;

/**
 * Reads keys as one single-key get per key, sent back to back and waited for together (one
 * latch, so the caller wakes once): the gets {@code MemcachedTransport} sends while other reads
 * are in flight.
 *
 * <p>Xmemcached's optimizer merges the single-key gets queued on a connection into one
 * multi-get, and asks for a key only once however many callers want it; it never merges a
 * multi-get command. A lookup reads its namespace's generation key and its entry, so under
 * concurrency the generation key, shared by every lookup of the namespace, and any hot entry are
 * asked for once per merged request instead of once per caller: at 8 threads memcached served 2
 * keys per lookup sent as multi-gets, 0.45 to 1.1 sent so, 0.15 to 0.5 per plain {@code get}
 * of one hot key (docs/benchmarks.md, question 3). Alone, the reactor may write the first get
 * before the second is queued (two requests, pipelined), which is why a lone read of several
 * keys is a multi-get instead. The steps are those of Xmemcached's own single-key get: send,
 * wait, cancel on timeout, free the buffer, rethrow the command's error.
 */
final class MergeableGets {
  /** How often a get waiting for its answer looks whether its connection has closed. */
  private static final long CLOSED_CONNECTION_CHECK_MILLIS = 5;

  private final MemcachedClient client;
  /** The client's own command factory, to build single-key gets that Xmemcached may merge. */
  private final CommandFactory commands;

  MergeableGets(MemcachedClient client, CommandFactory commands) {
    this.client = client;
    this.commands = commands;
  }

  Map<String, byte[]> get(Collection<String> keys, long timeoutMillis)
      throws TimeoutException, InterruptedException, MemcachedException {
    if (client.isShutdown()) {
      throw new MemcachedException("the memcached client is closed");
    }
    CountDownLatch answered = new CountDownLatch(keys.size());
    List<Command> sent = new ArrayList<>(keys.size());
    Session connection = null;
    boolean complete = false;
    try {
      for (String key : keys) {
        Command command =
            commands.createGetCommand(
                key, key.getBytes(StandardCharsets.UTF_8), CommandType.GET_ONE, RawBytesTranscoder.INSTANCE);
        command.setLatch(answered);
        connection = client.getConnector().send(command);
        sent.add(command);
      }
      awaitAnswers(answered, connection, timeoutMillis);
      complete = true;
    } finally {
      if (!complete) {
        sent.forEach(Command::cancel);
      }
    }
    Map<String, byte[]> found = new HashMap<>();
    for (Command command : sent) {
      command.getIoBuffer().free();
      Exception failure = command.getException();
      if (failure != null) {
        throw failure instanceof MemcachedException memcached ? memcached : new MemcachedException(failure);
      }
      if (command.getResult() instanceof CachedData data) {
        found.put(command.getKey(), data.getData());
      }
    }
    return found;
  }

  /**
   * Waits until every get is answered. When the connection closes under a merged get, Xmemcached
   * fails only the merged command and never wakes the callers of the gets merged into it
   * ({@code MemcachedTCPSession.destroy}); so the wait looks at the connection every
   * {@value #CLOSED_CONNECTION_CHECK_MILLIS} ms and fails at once, as an unmerged get would, rather
   * than charge a dead server a whole op timeout (and its circuit breaker a timeout).
   */
  private static void awaitAnswers(CountDownLatch answered, Session connection, long timeoutMillis)
      throws TimeoutException, InterruptedException, MemcachedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new TimeoutException("no answer within " + timeoutMillis + " ms");
      }
      long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(CLOSED_CONNECTION_CHECK_MILLIS));
      if (answered.await(slice, TimeUnit.NANOSECONDS)) {
        return;
      }
      if (connection != null && connection.isClosed()) {
        throw new MemcachedException("connection to " + connection.getRemoteSocketAddress() + " closed");
      }
    }
  }
}
