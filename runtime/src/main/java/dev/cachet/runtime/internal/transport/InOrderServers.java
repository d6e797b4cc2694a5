package dev.cachet.runtime.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * {@code retryNanos}; a definite answer is kept for the transport's life. A pool with SASL
 * credentials is never probed (its servers speak the binary protocol, and an unauthenticated
 * {@code stats} says nothing): its writes are sent one after another.
 */
final class InOrderServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MemcachedTransport.class);
  /** A {@code stats} reply is a few kilobytes; more than this is not memcached's. */
  private static final int LONGEST_REPLY = 64 * 1024;

  private enum Verdict { IN_ORDER, NOT_IN_ORDER, UNKNOWN }

  private final boolean probing;
  private final int timeoutMillis;
  private final long retryNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<InetSocketAddress, Verdict> verdicts = new ConcurrentHashMap<>();
  /** When each server whose verdict is unknown was last probed. */
  private final ConcurrentHashMap<InetSocketAddress, Long> probedAt = new ConcurrentHashMap<>();
  private final ExecutorService prober;

  /**
   * @param probing {@code false} for a pool that is never probed (SASL): no server is in order
   * @param timeoutMillis how long one probe may take to connect, and to be answered
   * @param retryNanos the least time between two probes of a server whose verdict is unknown
   */
  InOrderServers(boolean probing, int timeoutMillis, long retryNanos, LongSupplier nanoClock) {
    this.probing = probing;
    this.timeoutMillis = timeoutMillis;
    this.retryNanos = retryNanos;
    this.nanoClock = nanoClock;
    this.prober =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "cachet-memcached-probe");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Probes {@code servers} at once and waits for the probes, at most the probe timeout. */
  void probeAll(List<InetSocketAddress> servers) {
    if (!probing) {
      return;
    }
    CountDownLatch probed = new CountDownLatch(servers.size());
    for (InetSocketAddress server : servers) {
      if (!startProbe(server, probed::countDown)) {
        probed.countDown();
      }
    }
    try {
      // Twice the timeout: connecting and then reading may each take one.
      probed.await(2L * timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    if (verdict == Verdict.UNKNOWN) {
      startProbe(server, () -> {});
    }
    return verdict == Verdict.IN_ORDER;
  }

  /** {@code true} when a probe was started. */
  private boolean startProbe(InetSocketAddress server, Runnable done) {
    long now = nanoClock.getAsLong();
    Long last = probedAt.get(server);
    if (last != null && now - last < retryNanos) {
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

  /** One {@code stats} on a connection of its own. */
  private Verdict probe(InetSocketAddress server) {
    try (Socket socket = new Socket()) {
      socket.connect(server, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (reply.length() < LONGEST_REPLY) {
        int n = in.read(buffer);
        if (n < 0) {
          break; // closed: twemproxy does so on a command it does not pass on
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
      // Down or slow: no verdict yet, probed again later.
      return Verdict.UNKNOWN;
    }
  }

  @Override
  public void close() {
    prober.shutdownNow();
  }
}
