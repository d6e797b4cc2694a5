package dev.cachet.runtime.internal.transport;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items a frozen server may still store after their caller gave up on them (an {@code add} that
 * timed out, a lease whose release failed): a frozen server applies the commands queued on its
 * connection when it wakes. Each is deleted once its server answers again, if it still holds the
 * bytes it was written with, so that it cannot outlive its purpose (a lease would otherwise keep
 * other callers waiting until it lapsed). One background thread; an item whose server is still
 * out waits, and one whose read or delete fails is tried {@value #ATTEMPTS} times at most. Public
 * for the Redis store, whose frozen server does the same.
 */
public final class LateDeletes implements AutoCloseable {
  private static final int ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(LateDeletes.class);

  /** The reads and deletes of the transport's client, without its circuit breakers. */
  public interface Store {
    /** The bytes {@code key} holds, or {@code null}. */
    byte[] get(String key) throws Exception;

    /** Deletes {@code key}. */
    void delete(String key) throws Exception;
  }

  private record Pending(InetSocketAddress server, String key, byte[] value, int attempts) {}

  private final Store store;
  private final Predicate<InetSocketAddress> serverOut;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "cachet-late-deletes");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param serverOut whether a server is known to be out (its circuit breaker is open): its items
   *     wait without spending an attempt
   */
  public LateDeletes(Store store, Predicate<InetSocketAddress> serverOut) {
    this.store = store;
    this.serverOut = serverOut;
  }

  /** Deletes {@code key} on {@code server} once it answers, if it then holds {@code value}. */
  public void add(InetSocketAddress server, String key, byte[] value) {
    queue.add(new Pending(server, key, value.clone(), 0));
  }

  /** A server answered: runs the queue in the background, unless it is empty or running. */
  public void serverAnswered() {
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      try {
        worker.execute(this::runQueue);
      } catch (RuntimeException closed) {
        scheduled.set(false);
      }
    }
  }

  /** Takes each queued item once, in order; the ones that must wait go back at the end. */
  private void runQueue() {
    try {
      int queued = queue.size();
      for (int i = 0; i < queued; i++) {
        Pending pending = queue.poll();
        if (pending == null) {
          break;
        }
        if (serverOut.test(pending.server())) {
          queue.add(pending);
          continue;
        }
        try {
          if (Arrays.equals(store.get(pending.key()), pending.value())) {
            store.delete(pending.key());
            LOG.debug("removed {}, left by an add that timed out or a release that failed", pending.key());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          if (pending.attempts() + 1 < ATTEMPTS) {
            queue.add(new Pending(pending.server(), pending.key(), pending.value(), pending.attempts() + 1));
          }
        }
      }
    } finally {
      scheduled.set(false);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
