package dev.cachet.consistency;

import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.Cachet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker process of a run: a {@link Cachet} on the run's store (memcached, Redis or a Redis Cluster) around a
 * {@link VersionedInventory}, and threads that read and write through the generated
 * {@code CachingInventory} for a fixed time, recording every operation in this process's history,
 * with what its {@link FaultTrackingTransport} saw of it: whether the call hit a transport fault,
 * whether it reached the store at all, and for a write whether its invalidation was acknowledged.
 *
 * <p>Protocol on stdin/stdout (logs go to stderr): the worker prints {@code ready PID NANOS} once
 * its {@code Cachet} is built ({@code NANOS} is its {@code System.nanoTime()}, which the run
 * checks against its own clock), then waits for {@code go START END}: its threads begin at
 * {@code START} and stop issuing operations at {@code END} ({@code System.nanoTime()} values,
 * comparable across the processes of one machine). When they have stopped it writes the summary
 * and prints {@code done OPERATIONS}. End of input before {@code go} ends the worker.
 *
 * <p>Each operation picks one of {@code --keys} items at random, and is a write with probability
 * {@code --write-permille}/1000 (each of the three invalidation paths equally often), else a read.
 */
final class Worker {
  private static final Set<String> FLAGS = Set.of();
  /** Past its end a thread finishes only its current call, which the lock timeout bounds. */
  private static final Duration JOIN_GRACE = Duration.ofSeconds(30);
  private static final int FAILURES_LOGGED = 5;

  private final int process;
  private final int threads;
  private final int keys;
  private final int writePermille;
  private final Cachet cachet;
  /** The cache's transport, which tells whether a call of this thread hit a fault. */
  private final FaultTrackingTransport transport;
  private final VersionedInventory source;
  private final Inventory cached;
  private final HistoryFile.Writer history;
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();
  /** The first failure of the harness itself in a thread (not a failed call): the run is void. */
  private final AtomicReference<Throwable> broken = new AtomicReference<>();

  private Worker(
      int process,
      int threads,
      int keys,
      int writePermille,
      Cachet cachet,
      FaultTrackingTransport transport,
      VersionedInventory source,
      HistoryFile.Writer history) {
    this.process = process;
    this.threads = threads;
    this.keys = keys;
    this.writePermille = writePermille;
    this.cachet = cachet;
    this.transport = transport;
    this.source = source;
    this.cached = new CachingInventory(source, cachet);
    this.history = history;
  }

  public static void main(String[] args) throws Exception {
    Arguments options = Arguments.parse(args, FLAGS);
    RunSettings.Store store = RunSettings.Store.of(options.text("store", "memcached"));
    String servers = options.required("servers");
    Path truthPath = Path.of(options.required("truth"));
    Path historyPath = Path.of(options.required("history"));
    Path summaryPath = Path.of(options.required("summary"));
    int process = options.count("process", 0, 0, 1000);
    int threads = options.count("threads", 4, 1, 256);
    int writePermille = options.count("write-permille", 100, 0, 1000);
    long maxPauseMicros = options.number("max-pause-micros", 5_000);
    Duration operationTimeout = Duration.ofMillis(options.number("op-timeout-ms", 250));
    Duration nearCache = Duration.ofMillis(options.number("near-cache-ms", 0));
    options.requireAllUsed();

    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (VersionFile truth = VersionFile.open(truthPath)) {
      // The store as the application opens it (memcached or Redis, with their defaults), watched.
      AtomicReference<FaultTrackingTransport> watched = new AtomicReference<>();
      try (Cachet cachet = openCachet(store, servers, operationTimeout, nearCache, watched)) {
        FaultTrackingTransport transport = watched.get();
        VersionedInventory source = new VersionedInventory(truth, maxPauseMicros * 1_000);
        Worker worker;
        try (HistoryFile.Writer history = HistoryFile.create(historyPath, process)) {
          worker =
              new Worker(process, threads, truth.keys(), writePermille, cachet, transport, source, history);
          out.println("ready " + ProcessHandle.current().pid() + " " + System.nanoTime());
          BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          String go = in.readLine();
          if (go == null) {
            return; // the run ended before starting us
          }
          String[] words = go.trim().split(" ");
          if (words.length != 3 || !words[0].equals("go")) {
            throw new IllegalStateException("expected 'go START END', got: " + go);
          }
          worker.run(Long.parseLong(words[1]), Long.parseLong(words[2]));
        }
        // Only once the history is complete: a summary says this worker ended normally.
        worker.summary().write(summaryPath);
        out.println("done " + worker.operations.get());
      }
    }
  }

  /**
   * The cache on {@code servers} of {@code store} (memcached addresses, a Redis URI, or the URIs of a
   * Redis Cluster's nodes), its transport wrapped in the {@link FaultTrackingTransport} left in
   * {@code watched}. The lock timeout is the default, named because the checker's window 2 is
   * derived from it. With a {@code nearCache} bound other than zero, near copies are kept to it (the
   * checker's window 5).
   */
  private static Cachet openCachet(
      RunSettings.Store store,
      String servers,
      Duration operationTimeout,
      Duration nearCache,
      AtomicReference<FaultTrackingTransport> watched) {
    Cachet.Builder builder =
        (switch (store) {
              case MEMCACHED -> Cachet.builder().memcached(servers);
              case REDIS -> Cachet.builder().redis(servers);
              case REDIS_CLUSTER -> Cachet.builder().redisCluster(servers);
            })
            .operationTimeout(operationTimeout)
            .wrapTransport(
                opened -> {
                  watched.set(new FaultTrackingTransport(opened));
                  return watched.get();
                })
            .region("checked", Duration.ofSeconds(60), region -> region.lockTimeout(Windows.LOCK_TIMEOUT));
    if (!nearCache.isZero()) {
      builder.nearCache(1024, nearCache);
    }
    return builder.build();
  }

  private void run(long startNanos, long endNanos) throws InterruptedException {
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      HistoryFile.Recorder recorder = history.recorder(t);
      SplittableRandom random = new SplittableRandom(((long) process << 32) ^ t ^ startNanos);
      Thread thread =
          new Thread(
              () -> {
                try {
                  loop(recorder, random, startNanos, endNanos);
                } catch (Throwable e) {
                  broken.compareAndSet(null, e);
                }
              },
              "checker-p" + process + "-t" + t);
      running.add(thread);
      thread.start();
    }
    long joinDeadline = endNanos + JOIN_GRACE.toNanos();
    for (Thread thread : running) {
      long remaining = joinDeadline - System.nanoTime();
      if (remaining > 0) {
        thread.join(Math.max(1, remaining / 1_000_000));
      }
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " still runs " + JOIN_GRACE + " after the end");
      }
    }
    if (broken.get() != null) {
      // No summary: the run sees this worker as not having ended normally.
      throw new IllegalStateException("a worker thread broke", broken.get());
    }
  }

  private void loop(HistoryFile.Recorder recorder, SplittableRandom random, long startNanos, long endNanos) {
    VersionedInventory.CallTrace trace = source.trace();
    long wait;
    while ((wait = startNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
    try {
      while (System.nanoTime() - endNanos < 0) {
        int key = random.nextInt(keys);
        OpType type =
            random.nextInt(1000) < writePermille ? OpType.WRITES[random.nextInt(OpType.WRITES.length)] : OpType.READ;
        trace.reset();
        one(recorder, trace, type, key);
        operations.incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs and records one operation, with what the transport saw of it on this thread: whether an
   * operation of the cache hit a fault, and whether the call reached the store at all.
   */
  private void one(HistoryFile.Recorder recorder, VersionedInventory.CallTrace trace, OpType type, int key)
      throws IOException {
    transport.begin();
    long start = System.nanoTime();
    long version = -1;
    int flags = 0;
    try {
      switch (type) {
        case READ -> {
          Item item = cached.item(key);
          if (item == null || item.id() != key) {
            flags |= Op.WRONG_ITEM;
          } else {
            version = item.version();
          }
        }
        case WRITE_INVALIDATES -> version = cached.write(key);
        case WRITE_THEN_INVALIDATE -> {
          version = source.write(key);
          if (!cachet.invalidateAcknowledged(InventoryKeys.item(key))) {
            flags |= Op.UNACKNOWLEDGED;
          }
        }
        case WRITE_INVALIDATE_ALL -> version = cached.writeAndInvalidateAll(key);
      }
    } catch (RuntimeException | Error e) {
      // The cache is never on the failure path: nothing but the delegate's own exceptions (none
      // here) may reach a caller. Counted and recorded; the checker reports them.
      flags |= Op.FAILED;
      if (type.isWrite()) {
        version = trace.version();
      }
      if (failedCalls.incrementAndGet() <= FAILURES_LOGGED) {
        e.printStackTrace();
      }
    }
    long end = System.nanoTime();
    boolean faulted = transport.faulted();
    if (faulted) {
      flags |= Op.FAULT;
    }
    if (type == OpType.READ && transport.roundTrips() == 0) {
      // A lookup that reaches the store is a round trip even when it fails: none at all means
      // Cachet skipped every lookup of the call, as it does while one of its invalidations of the
      // key (or of the generation read beside it) waits to be retried.
      flags |= Op.NO_ROUND_TRIP;
    }
    if (faulted && (type == OpType.WRITE_INVALIDATES || type == OpType.WRITE_INVALIDATE_ALL)) {
      // The generated methods return nothing; their only cache operations are the invalidation's
      // (the delegate's write does not touch the cache), so a fault is an invalidation, or one
      // server's part of it, that the store did not acknowledge. The explicit path, which is told,
      // lets the checker verify that the two agree.
      flags |= Op.UNACKNOWLEDGED;
    }
    long mid = -1;
    if (type.isWrite()) {
      mid = trace.truthNanos();
    } else if (trace.called()) {
      flags |= Op.DELEGATE;
      mid = trace.truthNanos();
    }
    recorder.record(type, flags, key, start, mid, end, version);
  }

  private ProcessSummary summary() {
    CacheStatistics.Counts counts = cachet.statistics().totals();
    return new ProcessSummary(
        process,
        ProcessHandle.current().pid(),
        threads,
        source.itemCalls(),
        source.writeCalls(),
        failedCalls.get(),
        counts.hits(),
        counts.misses(),
        counts.staleHits(),
        counts.lockTimeouts(),
        counts.storeFailures(),
        counts.storesRefused(),
        counts.transportErrors(),
        counts.transportTimeouts(),
        counts.invalidations(),
        counts.nearHits());
  }
}
