package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidations, and the ones the store did not acknowledge: a server down, frozen past the
 * operation timeout, behind an open circuit breaker, or its connection dropped. Such an
 * invalidation is not dropped:
 *
 * <ol>
 *   <li>the caller learns it ({@code Cachet.invalidateAcknowledged}), and it is counted;
 *   <li>it is retried every {@value #RETRY_MILLIS} ms in the background until the store
 *       acknowledges it, or until the entries it targets could no longer be served anyway (the
 *       longest hard expiry of the namespace's regions has passed since), or the {@code Cachet}
 *       closes;
 *   <li>until it lands, this process serves nothing it targets: a lookup of its entry key, or of
 *       any entry read beside its generation copy, is a miss that stores nothing.
 * </ol>
 *
 * <p>With a store other processes share, each invalidation also rewrites the namespace's change
 * mark after the store change, for the near caches of other processes ({@link NearSync}); the
 * invalidation lands when both have. The mark has a copy on every server, and each store change
 * is followed by the copy beside it, as an ordered pair ({@link Transport#writeSequences}):
 *
 * <ol>
 *   <li>{@code invalidate}: the entry's {@code delete}, then the mark copy on the entry's server
 *       ({@code beside(changesKey, entryKey)}); one pair, one round trip on a pool.
 *   <li>{@code invalidateAll}: on every server its generation copy, then its mark copy; one pair
 *       per server, all sent at once, each server's outcome its own.
 *   <li>The server applies the mark after the change: a near sync that saw the mark first would
 *       drop its copies, read the not yet deleted value again and keep it. The transport pipelines
 *       a pair only on one connection of a server known to apply its commands in order, and
 *       otherwise sends the mark once the change was acknowledged.
 *   <li>A pair is acknowledged only when both writes were. A pair that timed out, was refused, or
 *       whose connection closed under it is unacknowledged, whatever part of it landed, and is
 *       retried whole, in the same order: a mark that landed without its change can only belong
 *       to an unacknowledged invalidation, whose window (3) applies.
 * </ol>
 *
 * <p>Other processes learn of it only when it lands: a server that answers again may serve them
 * an invalidated value until then, at most one retry interval after this process can reach it
 * again (docs/consistency.md, the windows).
 */
final class Invalidations implements AutoCloseable {
  static final long RETRY_MILLIS = 50;
  /** Beyond this many pending invalidations new ones are given up at once (and counted). */
  static final int MAX_PENDING = 100_000;
  /** How many pending invalidations one retry sends at once. */
  static final int RETRY_SLICE = 256;

  private static final Logger log = LoggerFactory.getLogger("dev.cachet.runtime.Cachet");

  private final Transport transport;
  private final SecureRandom random;
  private final Generations generations;
  private final FaultLog faults;
  private final Function<String, NamespaceEvents> namespaces;
  private final Function<String, Epoch> epochs;
  private final Function<String, Duration> longestHardExpiry;
  /** Pending invalidations by the key they write: an entry key, or a generation copy's key. */
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  /** {@code pending.size()}, read on every lookup: one volatile read while nothing is pending. */
  private final AtomicInteger count = new AtomicInteger();
  /** Whether a retry round is scheduled; rounds stop while nothing is pending. */
  private final AtomicBoolean retrying = new AtomicBoolean();
  /** Its one thread starts with the first retry and ends a second after the last. */
  private final ScheduledThreadPoolExecutor retrier =
      new ScheduledThreadPoolExecutor(
          1,
          task -> {
            Thread thread = new Thread(task, "cachet-invalidation-retry");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param namespaces the events of a namespace, by name
   * @param longestHardExpiry how long the entries of a namespace may be served: the longest hard
   *     expiry of its regions
   */
  Invalidations(
      Transport transport,
      SecureRandom random,
      Generations generations,
      FaultLog faults,
      Function<String, NamespaceEvents> namespaces,
      Function<String, Epoch> epochs,
      Function<String, Duration> longestHardExpiry) {
    this.transport = transport;
    this.random = random;
    this.generations = generations;
    this.faults = faults;
    this.namespaces = namespaces;
    this.epochs = epochs;
    this.longestHardExpiry = longestHardExpiry;
    retrier.setKeepAliveTime(1, TimeUnit.SECONDS);
    retrier.allowCoreThreadTimeOut(true);
  }

  /** Deletes {@code key}'s entry; {@code true} when the store acknowledged it. */
  boolean invalidate(String namespace, String entryKey) {
    NamespaceEvents events = namespaces.apply(namespace);
    events.invalidated();
    try {
      return write(List.of(new Pending(namespace, entryKey, Kind.ENTRY, deadline(namespace))));
    } finally {
      // After the store changed, so that a near-cache entry taken before it cannot survive it.
      epochs.apply(namespace).advance();
    }
  }

  /**
   * Replaces the namespace's generation on every server, each copy with the change mark beside
   * it, every server at once; {@code true} when every server acknowledged both.
   */
  boolean invalidateAll(String namespace) {
    NamespaceEvents events = namespaces.apply(namespace);
    events.invalidated();
    try {
      long deadline = deadline(namespace);
      List<Pending> copies = new ArrayList<>();
      for (String key : transport.everywhere(WireFormat.generationKey(namespace))) {
        copies.add(new Pending(namespace, key, Kind.GENERATION, deadline));
      }
      return write(copies);
    } finally {
      epochs.apply(namespace).advance();
    }
  }

  /**
   * {@code true} while an invalidation of {@code entryKey}, or of the generation copy
   * {@code generationKey} it is read beside, has not landed: the lookup must not trust the store.
   */
  boolean pending(String entryKey, String generationKey) {
    return count.get() != 0 && (pending.containsKey(entryKey) || pending.containsKey(generationKey));
  }

  /** How many invalidations of {@code namespace} wait to be retried. */
  int pendingOf(String namespace) {
    if (count.get() == 0) {
      return 0;
    }
    int of = 0;
    for (Pending waiting : pending.values()) {
      if (waiting.namespace.equals(namespace)) {
        of++;
      }
    }
    return of;
  }

  /** Gives up every pending invalidation: they are counted and logged as abandoned. */
  @Override
  public void close() {
    retrier.shutdownNow();
    int abandoned = 0;
    for (Pending waiting : new ArrayList<>(pending.values())) {
      if (pending.remove(waiting.key, waiting)) {
        count.decrementAndGet();
        namespaces.apply(waiting.namespace).invalidationAbandoned();
        abandoned++;
      }
    }
    if (abandoned > 0) {
      faults.warn(
          "invalidation:abandoned",
          abandoned + " invalidations never acknowledged when the cache closed; the entries they "
              + "target are served until they expire",
          null);
    }
  }

  // ---------------------------------------------------------------- writing and retrying

  /**
   * One attempt of every invalidation in {@code invalidations}, all at once; those that fail wait
   * for the retries. {@code true} when every one landed.
   */
  private boolean write(List<Pending> invalidations) {
    long started = System.nanoTime();
    List<Attempt> attempts = new ArrayList<>(invalidations.size());
    for (Pending invalidation : invalidations) {
      attempts.add(attempt(invalidation));
    }
    List<TransportException> outcomes = send(attempts);
    boolean acknowledged = true;
    for (int i = 0; i < attempts.size(); i++) {
      Attempt attempt = attempts.get(i);
      Pending invalidation = attempt.pending;
      TransportException fault = outcomes.get(i);
      if (fault == null) {
        landed(attempt);
        debug(invalidation.kind.operation, invalidation.key, invalidation.kind.outcome, started);
        // A newer invalidation of the same key lands for the older pending one too.
        Pending older = pending.get(invalidation.key);
        if (older != null && pending.remove(invalidation.key, older)) {
          count.decrementAndGet();
        }
        continue;
      }
      acknowledged = false;
      NamespaceEvents events = namespaces.apply(invalidation.namespace);
      events.transportFault(fault);
      events.invalidationUnacknowledged();
      faults.warn(
          "transport:invalidate", invalidation.kind.failure + invalidation.key + "; retried until it lands", fault);
      enqueue(invalidation);
    }
    return acknowledged;
  }

  /**
   * The writes of one attempt: the store change, then, unless the store is this process's own,
   * the namespace's change mark beside it, for near caches in other processes (whether or not
   * this process keeps one, theirs may hold what the invalidation targets). The transport applies
   * the mark after the change ({@link Transport#writeSequences}).
   */
  private Attempt attempt(Pending invalidation) {
    List<Transport.Write> writes = new ArrayList<>(2);
    byte[] fresh = null;
    switch (invalidation.kind) {
      case GENERATION -> {
        fresh = generations.freshBytes(invalidation.key);
        writes.add(Transport.Write.set(invalidation.key, fresh, Duration.ZERO));
      }
      case ENTRY -> writes.add(Transport.Write.delete(invalidation.key));
    }
    if (!transport.processLocal()) {
      String mark = transport.beside(WireFormat.changesKey(invalidation.namespace), invalidation.key);
      writes.add(Transport.Write.set(mark, NearSync.freshMark(random), Duration.ZERO));
    }
    return new Attempt(invalidation, List.copyOf(writes), fresh);
  }

  /** Sends every attempt at once; one outcome per attempt, {@code null} when it landed. */
  private List<TransportException> send(List<Attempt> attempts) {
    List<List<Transport.Write>> sequences = new ArrayList<>(attempts.size());
    for (Attempt attempt : attempts) {
      sequences.add(attempt.writes);
    }
    try {
      List<TransportException> outcomes = transport.writeSequences(sequences);
      if (outcomes.size() == attempts.size()) {
        return outcomes;
      }
      throw new TransportException(
          transport.describe() + " answered " + outcomes.size() + " outcomes for " + attempts.size() + " sequences");
    } catch (RuntimeException e) {
      // A store that broke its contract: nothing it did can be trusted to have landed.
      TransportException fault = e instanceof TransportException t ? t : new TransportException(e.toString(), e);
      return new ArrayList<>(Collections.nCopies(attempts.size(), fault));
    }
  }

  /** What an attempt that landed leaves to remember: a generation copy's new bytes. */
  private void landed(Attempt attempt) {
    if (attempt.freshGeneration != null) {
      Pending invalidation = attempt.pending;
      generations.written(invalidation.key, attempt.freshGeneration, namespaces.apply(invalidation.namespace));
    }
  }

  private void enqueue(Pending invalidation) {
    if (count.get() >= MAX_PENDING) {
      namespaces.apply(invalidation.namespace).invalidationAbandoned();
      faults.warn(
          "invalidation:abandoned",
          MAX_PENDING + " invalidations already wait for their servers; " + invalidation.key
              + " is served until it expires",
          null);
      return;
    }
    if (pending.put(invalidation.key, invalidation) == null) {
      count.incrementAndGet();
    }
    scheduleRetries();
  }

  private void scheduleRetries() {
    if (retrying.compareAndSet(false, true)) {
      try {
        retrier.schedule(this::retryRound, RETRY_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        retrying.set(false);
      }
    }
  }

  /** One round, then the next one while anything is still pending. */
  private void retryRound() {
    try {
      retry();
    } finally {
      retrying.set(false);
      if (count.get() > 0) {
        scheduleRetries();
      }
    }
  }

  /** Runs on the retry thread: tries every pending invalidation once, all at once. */
  private void retry() {
    long now = System.nanoTime();
    List<Attempt> attempts = new ArrayList<>();
    for (Map.Entry<String, Pending> entry : List.copyOf(pending.entrySet())) {
      Pending waiting = entry.getValue();
      if (now - waiting.deadlineNanos >= 0) {
        // Not a loss: every entry it targeted has expired by now.
        if (pending.remove(waiting.key, waiting)) {
          count.decrementAndGet();
        }
        continue;
      }
      attempts.add(attempt(waiting));
    }
    // In slices: one slice's writes share one op timeout, which a million would not meet.
    for (int from = 0; from < attempts.size(); from += RETRY_SLICE) {
      retry(attempts.subList(from, Math.min(attempts.size(), from + RETRY_SLICE)), now);
    }
  }

  private void retry(List<Attempt> attempts, long now) {
    List<TransportException> outcomes = send(attempts);
    for (int i = 0; i < attempts.size(); i++) {
      Attempt attempt = attempts.get(i);
      Pending waiting = attempt.pending;
      if (outcomes.get(i) != null) {
        continue; // tried again at the next tick; the first failure was counted and logged
      }
      landed(attempt);
      if (pending.remove(waiting.key, waiting)) {
        count.decrementAndGet();
        namespaces.apply(waiting.namespace).invalidationRetried();
        debug("retry", waiting.key, "acknowledged", now);
      }
    }
  }

  /** When an invalidation no longer matters: once every entry it could target has passed its hard expiry. */
  private long deadline(String namespace) {
    Duration longest = longestHardExpiry.apply(namespace);
    long nanos;
    try {
      nanos = longest.toNanos();
    } catch (ArithmeticException longerThanAnyClock) {
      nanos = Long.MAX_VALUE / 2;
    }
    return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
  }

  private static void debug(String operation, String key, String outcome, long started) {
    if (log.isDebugEnabled()) {
      log.debug("{} {} -> {}, {} ms", operation, key, outcome,
          String.format("%.2f", (System.nanoTime() - started) / 1e6));
    }
  }

  /** What one pending invalidation writes. */
  private enum Kind {
    /** The delete of an entry key, then the change mark beside it. */
    ENTRY("invalidate", "deleted", "entry not invalidated: "),
    /** The replacement of one server's copy of a namespace generation, then the mark beside it. */
    GENERATION("invalidateAll", "new generation", "namespace not invalidated on ");

    final String operation;
    final String outcome;
    final String failure;

    Kind(String operation, String outcome, String failure) {
      this.operation = operation;
      this.outcome = outcome;
      this.failure = failure;
    }
  }

  /** One try of a pending invalidation: its writes, and the generation bytes it would store. */
  private record Attempt(Pending pending, List<Transport.Write> writes, byte[] freshGeneration) {}

  /** One invalidation of {@code key}, retried until it lands or its deadline passes. */
  private record Pending(String namespace, String key, Kind kind, long deadlineNanos) {}
}
