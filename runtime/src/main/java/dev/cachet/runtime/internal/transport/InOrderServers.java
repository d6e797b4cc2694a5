package dev.cachet.runtime.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which servers of a pool are known to apply one connection's commands in the order they arrive,
 * so that two writes may be sent on it back to back, the second applied after the first
 * ({@link dev.cachet.runtime.spi.Transport#writeSequences}).
 *
 * <p>memcached reads a connection's commands one after another. A proxy in front of several
 * servers (twemproxy, mcrouter) does not: it forwards two keys to the servers its own hashing
 * picks, each on its own connection, and nothing orders the second after the first. The client
 * cannot tell them apart by the commands Cachet uses (twemproxy forwards {@code version} to a
 * server), so each server is probed on a connection of its own with {@code stats}: memcached
 * answers with {@code STAT pid} and {@code STAT libevent}; twemproxy closes the connection. Only
 * such an answer makes a server "in order"; anything else, until a probe says so, does not, and
 * writes to it are sent one after another.
 *
 * <p>A probe that could not finish (refused, timed out) is tried again, at most once per
 * {@code retryNanos}; a connection closed unanswered, at most once per {@code recheckNanos}; an
 * answer is kept for the transport's life. Probes run on threads of their own: a transport waits
 * for the first ones at most its connect timeout, while its client connects. A pool with SASL
 * credentials is never probed (its servers speak the binary protocol, and an unauthenticated
 * {@code stats} says nothing): its writes are sent one after another.
 */
final class InOrderServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MemcachedTransport.class);
  /** A {@code stats} reply is a few kilobytes; more than this is not memcached's. */
  private static final int LONGEST_REPLY = 64 * 1024;

  private enum Verdict {
    IN_ORDER,
    /** An answer that is not memcached's: kept. */
    NOT_IN_ORDER,
    /**
     * The connection closed before any answer: twemproxy does so, and so does a proxy or balancer
     * in front of a server that is down. Not in order until a probe says otherwise, asked again
     * after the recheck interval.
     */
    CLOSED,
    UNKNOWN
  }

  private final boolean probing;
  private final int timeoutMillis;
  private final long retryNanos;
  private final long recheckNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<InetSocketAddress, Verdict> verdicts = new ConcurrentHashMap<>();
  /** When each server whose verdict is unknown, or closed, was last probed. */
  private final ConcurrentHashMap<InetSocketAddress, Long> probedAt = new ConcurrentHashMap<>();
  private final ExecutorService prober;

  /**
   * @param probing {@code false} for a pool that is never probed (SASL): no server is in order
   * @param timeoutMillis how long one probe may take to connect, and to be answered
   * @param retryNanos the least time between two probes of a server whose verdict is unknown
   * @param recheckNanos the least time between two probes of a server that closed the probe's
   *     connection without an answer
   */
  InOrderServers(boolean probing, int timeoutMillis, long retryNanos, long recheckNanos, LongSupplier nanoClock) {
    this.probing = probing;
    this.timeoutMillis = timeoutMillis;
    this.retryNanos = retryNanos;
    this.recheckNanos = recheckNanos;
    this.nanoClock = nanoClock;
    this.prober =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "cachet-memcached-probe");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts a probe of each of {@code servers} at once and returns without waiting: the caller
   * connects its client meanwhile and then waits with {@link Probes#await}, so that probing adds
   * nothing to the time a transport takes to start beyond one connect timeout.
   */
  Probes probeAll(List<InetSocketAddress> servers) {
    CountDownLatch probed = new CountDownLatch(probing ? servers.size() : 0);
    if (probing) {
      for (InetSocketAddress server : servers) {
        if (!startProbe(server, probed::countDown)) {
          probed.countDown();
        }
      }
    }
    return new Probes(probed);
  }

  /** The probes {@link #probeAll} started. */
  static final class Probes {
    private final CountDownLatch probed;

    private Probes(CountDownLatch probed) {
      this.probed = probed;
    }

    /**
     * Waits until every probe has finished, or until {@code deadlineNanos} ({@link System#nanoTime}),
     * whichever is first; a probe still running then goes on in the background.
     */
    void await(long deadlineNanos) {
      try {
        probed.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * {@code true} when {@code server} is known to apply a connection's commands in order. While
   * that is unknown, this starts a probe in the background (not more often than the retry
   * interval) and answers {@code false}.
   */
  boolean inOrder(InetSocketAddress server) {
    if (!probing || server == null) {
      return false;
    }
    Verdict verdict = verdicts.getOrDefault(server, Verdict.UNKNOWN);
    if (verdict == Verdict.UNKNOWN || verdict == Verdict.CLOSED) {
      startProbe(server, () -> {});
    }
    return verdict == Verdict.IN_ORDER;
  }

  /** {@code true} when a probe was started. */
  private boolean startProbe(InetSocketAddress server, Runnable done) {
    long now = nanoClock.getAsLong();
    Long last = probedAt.get(server);
    long interval = verdicts.get(server) == Verdict.CLOSED ? recheckNanos : retryNanos;
    if (last != null && now - last < interval) {
      return false;
    }
    boolean claimed =
        last == null ? probedAt.putIfAbsent(server, now) == null : probedAt.replace(server, last, now);
    if (!claimed) {
      return false;
    }
    try {
      prober.execute(
          () -> {
            try {
              Verdict verdict = probe(server);
              if (verdict != Verdict.UNKNOWN) {
                verdicts.put(server, verdict);
                LOG.debug("{} {} a connection's commands in order", server,
                    verdict == Verdict.IN_ORDER ? "applies" : "is not known to apply");
              }
            } finally {
              done.run();
            }
          });
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  /**
   * One {@code stats} on a connection of its own, connecting and reading within one probe
   * timeout in all: a frozen server, which accepts connections but never answers, holds a probe
   * no longer than a refusing one would hold Xmemcached's connect.
   */
  private Verdict probe(InetSocketAddress server) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try (Socket socket = new Socket()) {
      socket.connect(server, timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (reply.length() < LONGEST_REPLY) {
        socket.setSoTimeout(remainingMillis(deadline));
        int n = in.read(buffer);
        if (n < 0) {
          if (reply.length() == 0) {
            return Verdict.CLOSED; // twemproxy does so on a command it does not pass on
          }
          break;
        }
        reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        if (reply.indexOf("END\r\n") >= 0 || reply.indexOf("ERROR") >= 0) {
          break;
        }
      }
      String text = reply.toString();
      boolean memcached = text.contains("STAT pid ") && text.contains("STAT libevent ") && text.contains("END\r\n");
      return memcached ? Verdict.IN_ORDER : Verdict.NOT_IN_ORDER;
    } catch (IOException unreachable) {
      // Down, slow or out of time: no verdict yet, probed again later.
      return Verdict.UNKNOWN;
    }
  }

  /** At least 1: a socket timeout of 0 would wait for ever. */
  private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (left <= 0) {
      throw new SocketTimeoutException("probe timed out");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  @Override
  public void close() {
    prober.shutdownNow();
  }
}
