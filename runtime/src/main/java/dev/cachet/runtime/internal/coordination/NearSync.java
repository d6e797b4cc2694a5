package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Keeps this process's near copies in step with the invalidations of other processes sharing the
 * store, which memcached cannot push: one thread reads the change marks of the namespaces kept
 * near, every quarter of the staleness bound, advances the epoch of each namespace whose mark
 * changed (dropping its copies), and then declares the process in sync until the bound has passed
 * since the read was sent. A copy is served only while that moment is ahead; a sync that fails
 * ends it at once (docs/consistency.md, the near cache over memcached).
 *
 * <p>{@link #LOCAL} is for a store no other process shares: always in sync, nothing to read.
 */
public final class NearSync implements AutoCloseable {
  /** Never out of step: every invalidation of a process-local store is made in this process. */
  public static final NearSync LOCAL = new NearSync();

  /** What a copy of a mark was at the last sync: nothing read yet. */
  private static final byte[] UNSEEN = new byte[0];
  private static final int MARK_BYTES = 8;

  private final Transport transport;
  private final LongSupplier clock;
  private final long boundMillis;
  private final FaultLog faults;
  private final Function<String, Epoch> epochs;
  private final SecureRandom random;
  /** The namespaces kept near. */
  private final Set<String> kept = ConcurrentHashMap.newKeySet();
  /** Each copy of a kept namespace's mark as the last sync saw it; the sync thread's alone. */
  private final Map<String, byte[]> seen = new HashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor syncer;
  /** Copies may be served while the clock is before this; read by every near hit. */
  private volatile long inSyncUntil;
  /** When the last sync that succeeded was sent; before the first, when this was made. */
  private volatile long lastSynced;

  private NearSync() {
    this.transport = null;
    this.clock = null;
    this.boundMillis = 0;
    this.faults = null;
    this.epochs = null;
    this.random = null;
    this.syncer = null;
    this.inSyncUntil = Long.MAX_VALUE;
  }

  /**
   * @param clock the clock near hits check the bound against, in milliseconds: monotonic, read on
   *     every near hit
   * @param bound how long after another process's invalidation a copy may still be served
   * @param epochs the epoch of a namespace, by name: what a sync advances
   */
  NearSync(
      Transport transport,
      LongSupplier clock,
      Duration bound,
      FaultLog faults,
      Function<String, Epoch> epochs,
      SecureRandom random) {
    this.transport = transport;
    this.clock = clock;
    this.boundMillis = bound.toMillis();
    this.faults = faults;
    this.epochs = epochs;
    this.random = random;
    this.inSyncUntil = Long.MIN_VALUE;
    this.lastSynced = clock.getAsLong();
    this.syncer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "cachet-near-sync");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Whether copies may be served now: read by every near hit, after which the hit checks its
   * epoch. Reads this sync's own clock (monotonic, not ticked) unless the store is process-local:
   * a ticking thread that is starved or paused would otherwise stretch the bound by its lag.
   */
  public boolean inSync() {
    return this == LOCAL || clock.getAsLong() < inSyncUntil;
  }

  /**
   * How long ago the last successful sync was sent, in milliseconds (before the first, since
   * syncing was set up); {@code -1} for {@link #LOCAL}, which never syncs.
   */
  public long syncAgeMillis() {
    return this == LOCAL ? -1 : Math.max(0, clock.getAsLong() - lastSynced);
  }

  /** Keeps {@code namespace} in step from now on; its copies wait for the next sync. */
  public void keepNear(String namespace) {
    if (this == LOCAL) {
      return;
    }
    kept.add(namespace);
    if (started.compareAndSet(false, true)) {
      long period = Math.max(1, boundMillis / 4);
      try {
        syncer.scheduleWithFixedDelay(this::syncSafely, 0, period, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        // Closed: copies are never served again.
      }
    }
  }

  /** Fresh random bytes for a namespace's change mark: no two invalidations write the same. */
  static byte[] freshMark(SecureRandom random) {
    byte[] mark = new byte[MARK_BYTES];
    random.nextBytes(mark);
    return mark;
  }

  private void syncSafely() {
    try {
      sync();
    } catch (RuntimeException e) {
      // A sync that failed proves the store unreachable now: stop the copies at once rather than
      // at the bound, which a paused JVM or a starved ticking thread could stretch.
      inSyncUntil = Long.MIN_VALUE;
      faults.warn(
          "near:sync", "near caches not confirmed in sync; their copies stop at the bound", e);
    }
  }

  /**
   * One sync: see the class documentation. Reads every copy of every kept namespace's mark (one
   * per server, {@link Transport#everywhere}: an invalidation rewrites the copy beside what it
   * changed), and drops a namespace's copies when any of its mark's copies changed or is missing.
   * Runs on the sync thread only.
   */
  void sync() {
    List<String> namespacesKept = new ArrayList<>(kept);
    List<List<String>> copiesOf = new ArrayList<>(namespacesKept.size());
    List<String> keys = new ArrayList<>();
    for (String namespace : namespacesKept) {
      List<String> copies = transport.everywhere(WireFormat.changesKey(namespace));
      copiesOf.add(copies);
      keys.addAll(copies);
    }
    long sent = clock.getAsLong();
    Map<String, byte[]> found = transport.getAll(keys);
    for (int i = 0; i < namespacesKept.size(); i++) {
      String namespace = namespacesKept.get(i);
      boolean changed = false;
      for (String copy : copiesOf.get(i)) {
        byte[] mark = found.get(copy);
        byte[] before = seen.getOrDefault(copy, UNSEEN);
        if (mark == null) {
          // Evicted, never written, or its server restarted empty: an invalidation may be lost
          // with it, so the copies go, and a fresh mark gives the next sync something to compare.
          // The copies go after the add, so that this drop covers every change made before the
          // mark this process remembers existed.
          seen.put(copy, addMark(copy));
          changed = true;
        } else if (!Arrays.equals(mark, before)) {
          seen.put(copy, mark);
          changed = true;
        }
      }
      if (changed) {
        epochs.apply(namespace).advance();
      }
    }
    // After every epoch above: a hit that sees this reads the advanced epochs too.
    lastSynced = sent;
    inSyncUntil = sent + boundMillis;
  }

  /**
   * Adds a fresh change mark at {@code key}: the mark, to compare the next sync's with, or {@link
   * #UNSEEN} when it was not stored, so that the next sync drops the copies again.
   */
  private byte[] addMark(String key) {
    byte[] mark = freshMark(random);
    try {
      // Remembered only if stored: a mark set by an invalidation in the meantime makes the add
      // fail, and must not be taken for this process's own.
      return transport.add(key, mark, Duration.ZERO) ? mark : UNSEEN;
    } catch (RuntimeException e) {
      // The next sync finds it missing again, or not ours, and tries again.
      faults.warn("near:mark", "change mark " + key + " not created", e);
      return UNSEEN;
    }
  }

  @Override
  public void close() {
    if (syncer != null) {
      syncer.shutdownNow();
      inSyncUntil = Long.MIN_VALUE;
    }
  }
}
