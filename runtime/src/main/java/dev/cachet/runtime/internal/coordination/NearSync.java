package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * changed (dropping its copies), and then declares the copies each server's marks govern in sync
 * until the bound has passed since the read was sent. A copy is served only while that moment
 * is ahead for the server of its entry ({@link Watch}); a server that does not answer a sync ends
 * it at once for the copies it governs, and only for those (docs/consistency.md, the near cache
 * over memcached).
 *
 * <p>One server's copies of the marks are enough for the entries it holds: an invalidation
 * rewrites the copy beside what it changed (an entry's delete, a server's generation copy), so
 * an invalidation of an entry changes its own server's copy, and any change seen on any server
 * drops the whole namespace's copies.
 *
 * <p>{@link #LOCAL} is for a store no other process shares: always in sync, nothing to read.
 */
public final class NearSync implements AutoCloseable {
  /** Never out of step: every invalidation of a process-local store is made in this process. */
  public static final NearSync LOCAL = new NearSync();

  /** What a copy of a mark was at the last sync: nothing read yet. */
  private static final byte[] UNSEEN = new byte[0];
  private static final int MARK_BYTES = 8;
  /** The server of the copy of a store that is one server, whose copies name none. */
  private static final String ONE_SERVER = "";

  /**
   * Until when the near copies of the entries of one server, in one namespace, may be served:
   * the copies its copy of the namespace's change mark governs. Read by every near hit.
   */
  public static final class Watch {
    private volatile long inSyncUntil;

    private Watch(long inSyncUntil) {
      this.inSyncUntil = inSyncUntil;
    }
  }

  private static final Watch ALWAYS = new Watch(Long.MAX_VALUE);

  /** One copy of a kept namespace's mark: its key, the server holding it, and what it governs. */
  private record Copy(String key, String server, Watch watch) {}

  private final Transport transport;
  private final LongSupplier clock;
  private final long boundMillis;
  private final FaultLog faults;
  private final Function<String, Epoch> epochs;
  private final SecureRandom random;
  /** The namespaces kept near, each with the copies of its mark, one per server. */
  private final ConcurrentHashMap<String, List<Copy>> kept = new ConcurrentHashMap<>();
  /** The watch of every copy of a mark, by the copy's key. */
  private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();
  /** Each copy of a kept namespace's mark as the last sync saw it; the sync thread's alone. */
  private final Map<String, byte[]> seen = new HashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor syncer;
  /** When the last sync that every server answered was sent; before the first, when this was made. */
  private volatile long lastSynced;

  private NearSync() {
    this.transport = null;
    this.clock = null;
    this.boundMillis = 0;
    this.faults = null;
    this.epochs = null;
    this.random = null;
    this.syncer = null;
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
   * The watch of a near copy of {@code entryKey}: that of the copy of the change mark
   * {@code changesKey} beside it, on the entry's server. Called when a copy is kept, not on a hit.
   */
  public Watch watch(String changesKey, String entryKey) {
    if (this == LOCAL) {
      return ALWAYS;
    }
    // A copy no sync reads (no server connected) keeps its watch in the past: never served.
    return watchOf(transport.beside(changesKey, entryKey));
  }

  private Watch watchOf(String copy) {
    return watches.computeIfAbsent(copy, c -> new Watch(Long.MIN_VALUE));
  }

  /**
   * Whether the copies {@code watch} governs may be served now: read by every near hit, after
   * which the hit checks its epoch. Reads this sync's own clock (monotonic, not ticked) unless
   * the store is process-local: a ticking thread that is starved or paused would otherwise
   * stretch the bound by its lag.
   */
  public boolean inSync(Watch watch) {
    return this == LOCAL || clock.getAsLong() < watch.inSyncUntil;
  }

  /**
   * How long ago the last sync that every server answered was sent, in milliseconds (before the
   * first, since syncing was set up); {@code -1} for {@link #LOCAL}, which never syncs.
   */
  public long syncAgeMillis() {
    return this == LOCAL ? -1 : Math.max(0, clock.getAsLong() - lastSynced);
  }

  /** Keeps {@code namespace} in step from now on; its copies wait for the next sync. */
  public void keepNear(String namespace) {
    if (this == LOCAL) {
      return;
    }
    kept.computeIfAbsent(
        namespace,
        n -> {
          List<Copy> copies = new ArrayList<>();
          for (String key : transport.everywhere(WireFormat.changesKey(n))) {
            String server = WireFormat.copyServer(key);
            copies.add(new Copy(key, server == null ? ONE_SERVER : server, watchOf(key)));
          }
          return List.copyOf(copies);
        });
    if (started.compareAndSet(false, true)) {
      long period = Math.max(1, boundMillis / 4);
      try {
        syncer.scheduleWithFixedDelay(this::syncSafely, 0, period, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closedAlready) {
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
      stopAll();
      faults.warn(
          "near:sync", "near caches not confirmed in sync; their copies stop at once", e);
    }
  }

  private void stopAll() {
    for (Watch watch : watches.values()) {
      watch.inSyncUntil = Long.MIN_VALUE;
    }
  }

  /**
   * One sync: see the class documentation. Reads every copy of every kept namespace's mark (one
   * per server, {@link Transport#everywhere}: an invalidation rewrites the copy beside what it
   * changed), drops a namespace's copies when any of its mark's copies changed or is missing,
   * and then extends the watches of the servers that answered. A server that did not answer
   * stops the copies it governs at once; the others go on. Runs on the sync thread only.
   */
  void sync() {
    List<Map.Entry<String, List<Copy>>> namespacesKept = new ArrayList<>(kept.entrySet());
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, List<Copy>> namespace : namespacesKept) {
      for (Copy copy : namespace.getValue()) {
        keys.add(copy.key);
      }
    }
    long sent = clock.getAsLong();
    Set<String> unanswered = new HashSet<>();
    Map<String, byte[]> found;
    TransportException fault = null;
    try {
      found = transport.getAll(keys);
    } catch (TransportException whole) {
      fault = whole;
      found = readEachServer(namespacesKept, unanswered);
    }
    for (Map.Entry<String, List<Copy>> namespace : namespacesKept) {
      for (Copy copy : namespace.getValue()) {
        if (unanswered.contains(copy.server)) {
          // Its copies of the marks went unread: nothing says the entries it holds are current.
          copy.watch.inSyncUntil = Long.MIN_VALUE;
        }
      }
    }
    for (Map.Entry<String, List<Copy>> namespace : namespacesKept) {
      boolean changed = false;
      for (Copy copy : namespace.getValue()) {
        if (unanswered.contains(copy.server)) {
          continue; // compared once it answers again, with what it held when last read
        }
        byte[] mark = found.get(copy.key);
        byte[] before = seen.getOrDefault(copy.key, UNSEEN);
        if (mark == null) {
          // Evicted, never written, or its server restarted empty: an invalidation may be lost
          // with it, so the copies go, and a fresh mark gives the next sync something to compare.
          // The copies go after the add, so that this drop covers every change made before the
          // mark this process remembers existed.
          seen.put(copy.key, addMark(copy.key));
          changed = true;
        } else if (!Arrays.equals(mark, before)) {
          seen.put(copy.key, mark);
          changed = true;
        }
      }
      if (changed) {
        epochs.apply(namespace.getKey()).advance();
      }
    }
    // After every epoch above: a hit that sees an extension reads the advanced epochs too.
    long until = sent + boundMillis;
    for (Map.Entry<String, List<Copy>> namespace : namespacesKept) {
      for (Copy copy : namespace.getValue()) {
        if (!unanswered.contains(copy.server)) {
          copy.watch.inSyncUntil = until;
        }
      }
    }
    if (unanswered.isEmpty()) {
      lastSynced = sent;
    } else {
      faults.warn(
          "near:sync",
          "near copies of the entries of " + names(unanswered)
              + " stopped at once: the change marks there could not be read; any other servers' go on",
          fault);
    }
  }

  private String names(Set<String> servers) {
    TreeSet<String> names = new TreeSet<>();
    for (String server : servers) {
      names.add(server.equals(ONE_SERVER) ? transport.describe() : server);
    }
    return String.join(", ", names);
  }

  /**
   * After a read of every server failed: each server's copies alone, to learn which servers did
   * not answer (added to {@code unanswered}), so that the others' copies go on being served. A
   * store that is one server is not asked again.
   */
  private Map<String, byte[]> readEachServer(List<Map.Entry<String, List<Copy>>> namespacesKept, Set<String> unanswered) {
    Map<String, List<String>> byServer = new LinkedHashMap<>();
    for (Map.Entry<String, List<Copy>> namespace : namespacesKept) {
      for (Copy copy : namespace.getValue()) {
        byServer.computeIfAbsent(copy.server, server -> new ArrayList<>()).add(copy.key);
      }
    }
    if (byServer.size() <= 1) {
      unanswered.addAll(byServer.keySet());
      return Map.of();
    }
    Map<String, byte[]> found = new HashMap<>();
    for (Map.Entry<String, List<String>> server : byServer.entrySet()) {
      try {
        found.putAll(transport.getAll(server.getValue()));
      } catch (TransportException down) {
        unanswered.add(server.getKey());
      }
    }
    return found;
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
      stopAll();
    }
  }
}
