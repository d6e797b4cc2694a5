package dev.cachet.runtime.reliability;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.KeyBuilder;
import dev.cachet.runtime.internal.Load;
import dev.cachet.runtime.testing.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A steady load of cached calls from several threads through one {@link Cachet} on one real
 * memcached, while the phases do things to the server. Every call goes through a decorator shaped
 * like generated code; an exception reaching it counts as a failed call.
 *
 * <p>Per phase it measures calls, failed calls, hits, latency percentiles and the worst latency
 * the cache added to a call (its latency minus the delegate's own time). For a phase that ends a
 * fault it also measures, from the moment the server is back (restarted and answering, or
 * resumed), the time to the first hit and the time until a 100 ms window of calls is 90% hits.
 */
public final class ReliabilityScenario {
  /** Buckets of 100 ms for the hit-ratio timeline of a phase. */
  private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int MAX_BUCKETS = 10 * 600;
  private static final String FINGERPRINT = "5ca1ab1e";

  /**
   * One phase: {@code fault} runs once at its start (its own duration counts into the phase),
   * then the load runs on for {@code length}; a {@code recovery} phase goes on, up to
   * {@code maxLength}, until calls hit again.
   */
  public record Phase(
      String name, Consumer<MemcachedServer> fault, Duration length, boolean recovery, Duration maxLength) {
    /** A phase of fixed length. */
    public static Phase of(String name, Consumer<MemcachedServer> fault, Duration length) {
      return new Phase(name, fault, length, false, length);
    }

    /** A phase after which the server is healthy again: measures when hits come back. */
    public static Phase recovery(
        String name, Consumer<MemcachedServer> fault, Duration length, Duration maxLength) {
      return new Phase(name, fault, length, true, maxLength);
    }
  }

  /** The figures of one phase; times in microseconds, {@code -1} when not reached. */
  public record PhaseReport(
      String name,
      double seconds,
      long calls,
      long failed,
      long hits,
      long p50Micros,
      long p99Micros,
      long maxMicros,
      long worstAddedMicros,
      boolean recovery,
      long firstHitAfterMillis,
      long hitRatio90AfterMillis) {
    /** A markdown table row. */
    public String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %.1f | %d | %d | %.1f%% | %.2f | %.2f | %.1f | %.1f | %s | %s |",
          name,
          seconds,
          calls,
          failed,
          calls == 0 ? 0.0 : 100.0 * hits / calls,
          p50Micros / 1000.0,
          p99Micros / 1000.0,
          maxMicros / 1000.0,
          worstAddedMicros / 1000.0,
          recovery ? millis(firstHitAfterMillis) : "",
          recovery ? millis(hitRatio90AfterMillis) : "");
    }

    /** The header of {@link #row()}'s table. */
    public static String header() {
      return "| phase | s | calls | failed | hits | p50 ms | p99 ms | max ms | worst added ms "
          + "| first hit after | 90% hits after |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|";
    }

    private static String millis(long value) {
      return value < 0 ? "not within the phase" : value + " ms";
    }
  }

  private final MemcachedServer server;
  private final int threads;
  private final int keys;
  private final long pauseBetweenCallsNanos;
  private final CachedOperation<String> operation;
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

  private volatile int phase = -1;
  private volatile boolean stopping;
  private volatile long recoveredAtNanos;
  private final List<Worker> workers = new ArrayList<>();
  /** Per phase, when the first call that hit started; {@code Long.MAX_VALUE} until one did. */
  private AtomicLongArray firstHitNanos;

  /**
   * @param threads load threads
   * @param keys distinct keys called, uniformly at random
   * @param pauseBetweenCalls each thread's pause after a call, which paces the load
   */
  public ReliabilityScenario(
      MemcachedServer server, Cachet cachet, int threads, int keys, Duration pauseBetweenCalls) {
    this.server = server;
    this.threads = threads;
    this.keys = keys;
    this.pauseBetweenCallsNanos = pauseBetweenCalls.toNanos();
    this.operation = CachedOperation.create(cachet, "reliability", "r", String.class, true);
  }

  /** Runs the phases in order under the load and returns their figures. */
  public List<PhaseReport> run(List<Phase> phases) throws InterruptedException {
    int count = phases.size();
    firstHitNanos = new AtomicLongArray(count);
    for (int i = 0; i < count; i++) {
      firstHitNanos.set(i, Long.MAX_VALUE);
    }
    long[] recoveredAt = new long[count];
    double[] seconds = new double[count];
    for (int i = 0; i < threads; i++) {
      Worker worker = new Worker(count);
      workers.add(worker);
      worker.thread.start();
    }
    try {
      for (int index = 0; index < count; index++) {
        Phase current = phases.get(index);
        long started = System.nanoTime();
        recoveredAtNanos = started;
        phase = index;
        current.fault().accept(server);
        recoveredAt[index] = System.nanoTime();
        recoveredAtNanos = recoveredAt[index];
        long end = recoveredAt[index] + current.length().toNanos();
        long hardEnd = recoveredAt[index] + current.maxLength().toNanos();
        while (true) {
          long now = System.nanoTime();
          boolean hitsBack = firstHitNanos.get(index) != Long.MAX_VALUE;
          if (now >= hardEnd || now >= end && (!current.recovery() || hitsBack)) {
            break;
          }
          TimeUnit.MILLISECONDS.sleep(10);
        }
        seconds[index] = (System.nanoTime() - started) / 1e9;
      }
    } finally {
      stopping = true;
      for (Worker worker : workers) {
        worker.thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
    List<PhaseReport> reports = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      reports.add(report(phases.get(index), index, seconds[index], recoveredAt[index]));
    }
    return reports;
  }

  /** Exceptions that reached callers, at most the first 20. */
  public List<Throwable> failures() {
    return failures.stream().limit(20).toList();
  }

  /** The decorated call, as generated code makes it. */
  String lookup(int id, Worker worker) {
    CacheKey key = KeyBuilder.of("reliability", FINGERPRINT).add(id).build();
    Object found = operation.get(key);
    if (!(found instanceof Load load)) {
      return operation.hit(found);
    }
    String value;
    long started = System.nanoTime();
    try {
      worker.delegateCalled = true;
      value = "value of " + id + " ".repeat(64);
    } catch (Throwable failure) {
      load.abandon();
      throw failure;
    }
    worker.delegateNanos += System.nanoTime() - started;
    operation.put(load, value);
    return value;
  }

  private PhaseReport report(Phase current, int index, double seconds, long recoveredAt) {
    long calls = 0;
    long failed = 0;
    long hits = 0;
    long[] bucketCalls = new long[MAX_BUCKETS];
    long[] bucketHits = new long[MAX_BUCKETS];
    LongList latencies = new LongList();
    long worstAdded = 0;
    for (Worker worker : workers) {
      PhaseRecord record = worker.records[index];
      calls += record.calls;
      failed += record.failed;
      hits += record.hits;
      latencies.addAll(record.latencies);
      worstAdded = Math.max(worstAdded, record.worstAddedNanos);
      for (int b = 0; b < MAX_BUCKETS; b++) {
        bucketCalls[b] += record.bucketCalls[b];
        bucketHits[b] += record.bucketHits[b];
      }
    }
    long[] sorted = latencies.sorted();
    long ratio90 = -1;
    for (int b = 0; b < MAX_BUCKETS; b++) {
      if (bucketCalls[b] > 0 && bucketHits[b] >= 0.9 * bucketCalls[b]) {
        ratio90 = (b + 1) * BUCKET_NANOS / 1_000_000;
        break;
      }
    }
    long firstHit = firstHitNanos.get(index);
    return new PhaseReport(
        current.name(),
        seconds,
        calls,
        failed,
        hits,
        percentile(sorted, 0.50) / 1000,
        percentile(sorted, 0.99) / 1000,
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000,
        worstAdded / 1000,
        current.recovery(),
        firstHit == Long.MAX_VALUE ? -1 : Math.max(0, (firstHit - recoveredAt) / 1_000_000),
        ratio90);
  }

  private static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** One load thread and what it measured, per phase. */
  final class Worker {
    final Thread thread;
    final PhaseRecord[] records;
    boolean delegateCalled;
    long delegateNanos;

    Worker(int phases) {
      records = new PhaseRecord[phases];
      for (int i = 0; i < phases; i++) {
        records[i] = new PhaseRecord();
      }
      thread = new Thread(this::loop, "reliability-load-" + workers.size());
      thread.setDaemon(true);
    }

    private void loop() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!stopping) {
        int index = phase;
        if (index < 0 || index >= records.length) {
          LockSupport.parkNanos(1_000_000);
          continue;
        }
        PhaseRecord record = records[index];
        int id = random.nextInt(keys);
        delegateCalled = false;
        delegateNanos = 0;
        long started = System.nanoTime();
        boolean failed = false;
        try {
          String value = lookup(id, this);
          if (!value.startsWith("value of " + id + " ")) {
            throw new IllegalStateException("call " + id + " answered " + value);
          }
        } catch (Throwable e) {
          failed = true;
          failures.add(e);
        }
        long ended = System.nanoTime();
        long latency = ended - started;
        record.calls++;
        record.latencies.add(latency);
        record.worstAddedNanos = Math.max(record.worstAddedNanos, latency - delegateNanos);
        if (failed) {
          record.failed++;
        }
        boolean hit = !failed && !delegateCalled;
        long since = started - recoveredAtNanos;
        int bucket = since < 0 ? -1 : (int) Math.min(MAX_BUCKETS - 1, since / BUCKET_NANOS);
        if (bucket >= 0) {
          record.bucketCalls[bucket]++;
        }
        if (hit) {
          record.hits++;
          if (bucket >= 0) {
            record.bucketHits[bucket]++;
            if (firstHitNanos.get(index) == Long.MAX_VALUE) {
              firstHitNanos.accumulateAndGet(index, started, Math::min);
            }
          }
        }
        LockSupport.parkNanos(pauseBetweenCallsNanos);
      }
    }
  }

  /** One thread's figures for one phase. */
  static final class PhaseRecord {
    long calls;
    long failed;
    long hits;
    long worstAddedNanos;
    final LongList latencies = new LongList();
    final long[] bucketCalls = new long[MAX_BUCKETS];
    final long[] bucketHits = new long[MAX_BUCKETS];
  }

  /** A growable array of longs. */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    void addAll(LongList other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    long[] sorted() {
      long[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }
}
