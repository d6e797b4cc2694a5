package dev.cachet.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Question 3 measured the steadier way: the variants of {@link MemcachedHitBenchmark} (cachet,
 * raw Xmemcached get, Cachet's transport alone) in interleaved rounds, each round running every
 * variant for the same time on the same threads, in an order that rotates from round to round.
 * Besides throughput it reports the CPU time each hit cost, of this JVM (callers, Xmemcached's
 * reactors, GC) and of the memcached process, which a load change between two JMH benchmarks a
 * minute apart does not move the way it moves throughput. The verdict is the median over rounds
 * of cachet's throughput divided by raw's in the same round.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cachet.benchmarks.MemcachedCpuPerHit [values] [threads] [rounds] [seconds]
 * </pre>
 *
 * Defaults: {@code tiny,image 8 7 3}; the first round of each value is a warm-up and not counted.
 * Linux only (memcached's CPU time comes from {@code /proc}).
 */
public final class MemcachedCpuPerHit {
  private static final String[] VARIANTS = {"cachet", "raw", "transport"};

  /** One variant's round: throughput and CPU per hit. */
  private record Round(double opsPerMilli, double jvmMicros, double memcachedMicros) {
    double totalMicros() {
      return jvmMicros + memcachedMicros;
    }
  }

  @FunctionalInterface
  private interface Hit {
    Object call() throws Exception;
  }

  private MemcachedCpuPerHit() {}

  public static void main(String[] args) throws Exception {
    String[] values = args.length > 0 ? args[0].split(",") : new String[] {"tiny", "image"};
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    long nanos = TimeUnit.SECONDS.toNanos(args.length > 3 ? Integer.parseInt(args[3]) : 3);
    System.out.printf(
        "| value | threads | variant | ops/ms | JVM us/hit | memcached us/hit | both us/hit |%n"
            + "|---|---:|---|---:|---:|---:|---:|%n");
    List<String> verdicts = new ArrayList<>();
    for (String value : values) {
      MemcachedHitBenchmark benchmark = new MemcachedHitBenchmark();
      benchmark.value = value;
      benchmark.prepare();
      try {
        Map<String, Hit> hits = new LinkedHashMap<>();
        hits.put("cachet", benchmark::cachet1Thread);
        hits.put("raw", benchmark::raw1Thread);
        hits.put("transport", benchmark::transport1Thread);
        Map<String, List<Round>> measured = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
          for (int i = 0; i < VARIANTS.length; i++) {
            String variant = VARIANTS[(i + round) % VARIANTS.length];
            Round result = run(hits.get(variant), benchmark.server(), threads, nanos);
            if (round > 0) {
              measured.computeIfAbsent(variant, v -> new ArrayList<>()).add(result);
            }
          }
        }
        for (String variant : VARIANTS) {
          List<Round> results = measured.get(variant);
          System.out.printf(
              "| %s | %d | %s | %.1f | %.2f | %.2f | %.2f |%n",
              value,
              threads,
              variant,
              median(results, Round::opsPerMilli),
              median(results, Round::jvmMicros),
              median(results, Round::memcachedMicros),
              median(results, Round::totalMicros));
        }
        double[] throughput = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          Round cachet = measured.get("cachet").get(r);
          Round raw = measured.get("raw").get(r);
          throughput[r] = cachet.opsPerMilli() / raw.opsPerMilli();
          cpu[r] = raw.totalMicros() / cachet.totalMicros();
        }
        verdicts.add(
            String.format(
                "%s, %d threads: cachet / raw throughput %.2f (rounds %.2f .. %.2f), raw / cachet CPU per hit %.2f (%.2f .. %.2f), goal >= 0.9",
                value, threads, median(throughput), min(throughput), max(throughput), median(cpu), min(cpu), max(cpu)));
      } finally {
        benchmark.close();
      }
    }
    System.out.println();
    verdicts.forEach(System.out::println);
  }

  private static Round run(Hit hit, MemcachedProcess server, int threads, long nanos) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    LongAdder calls = new LongAdder();
    AtomicReference<Exception> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    long[] deadline = new long[1];
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  long n = 0;
                  while (System.nanoTime() < deadline[0]) {
                    hit.call();
                    n++;
                  }
                  calls.add(n);
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                } finally {
                  done.countDown();
                }
              });
      thread.start();
    }
    long jvmBefore = os.getProcessCpuTime();
    long memcachedBefore = server.cpuNanos();
    long started = System.nanoTime();
    deadline[0] = started + nanos;
    start.countDown();
    done.await();
    long elapsed = System.nanoTime() - started;
    long jvm = os.getProcessCpuTime() - jvmBefore;
    long memcached = server.cpuNanos() - memcachedBefore;
    if (failure.get() != null) {
      throw failure.get();
    }
    double n = calls.sum();
    return new Round(n / (elapsed / 1e6), jvm / n / 1e3, memcached / n / 1e3);
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> field) {
    return median(rounds.stream().mapToDouble(field).toArray());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
