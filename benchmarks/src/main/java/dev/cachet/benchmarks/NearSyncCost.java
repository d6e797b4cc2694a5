package dev.cachet.benchmarks;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.KeyBuilder;
import dev.cachet.runtime.internal.Load;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a process spends staying in step with other processes' invalidations while its near hits
 * run as fast as one thread can call them: the reads of the change marks memcached answered per
 * second (its {@code cmd_get}, keys requested, over the namespaces kept near), against the syncs
 * the schedule promises (four per staleness bound), with 10 and with 1,000 namespaces kept near.
 * That each sync is one read of every namespace's mark and that a near hit sends nothing are
 * counted exactly by the runtime's tests ({@code NearSyncTest}, {@code NearHitRoundTripsTest});
 * this measures the rate, which only real time shows.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cachet.benchmarks.NearSyncCost [namespaces] [bound-ms] [seconds]
 * </pre>
 *
 * Defaults: {@code 10,1000 400 2}. Needs {@code memcached} on the PATH.
 */
public final class NearSyncCost {
  private NearSyncCost() {}

  public static void main(String[] args) throws Exception {
    String[] counts = args.length > 0 ? args[0].split(",") : new String[] {"10", "1000"};
    Duration bound = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 400);
    long nanos = TimeUnit.SECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 2);
    System.out.printf(
        "| namespaces | bound | measured | syncs | syncs/s | expected syncs/s | near hits | near hits per sync |%n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|%n");
    for (String count : counts) {
      measure(Integer.parseInt(count), bound, nanos);
    }
  }

  private static void measure(int namespaces, Duration bound, long nanos) throws Exception {
    try (MemcachedProcess server = MemcachedProcess.start();
        Cachet cachet =
            Cachet.builder()
                .memcached(server.address())
                .nearCache(16, bound)
                .region("r", Duration.ofMinutes(10))
                .build()) {
      List<CachedOperation<String>> operations = new ArrayList<>();
      List<CacheKey> keys = new ArrayList<>();
      for (int i = 0; i < namespaces; i++) {
        String namespace = "ns" + i;
        operations.add(CachedOperation.create(cachet, namespace, "r", String.class, true));
        keys.add(KeyBuilder.of(namespace, "0f1e2d3c").add("a").build());
        call(operations.get(i), keys.get(i));
      }
      // The first sync of each namespace drops the copies taken before it; then one pass keeps a
      // copy of each, and from the next every call is a near hit.
      Thread.sleep(bound.toMillis());
      for (int i = 0; i < namespaces; i++) {
        call(operations.get(i), keys.get(i));
      }

      long hitsBefore = cachet.statistics().totals().nearHits();
      long keysBefore = keysRequested(cachet);
      long started = System.nanoTime();
      long until = started + nanos;
      int i = 0;
      while (System.nanoTime() < until) {
        call(operations.get(i), keys.get(i));
        i = (i + 1) % namespaces;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long syncs = (keysRequested(cachet) - keysBefore) / namespaces;
      long nearHits = cachet.statistics().totals().nearHits() - hitsBefore;
      System.out.printf(
          "| %,d | %d ms | %.2f s | %d | %.1f | %.1f | %,d | %,d |%n",
          namespaces,
          bound.toMillis(),
          seconds,
          syncs,
          syncs / seconds,
          4_000.0 / bound.toMillis(),
          nearHits,
          syncs == 0 ? 0 : nearHits / syncs);
    }
  }

  /** The generated body of a synchronous method whose delegate returns "v". */
  private static String call(CachedOperation<String> operation, CacheKey key) {
    Object found = operation.get(key);
    if (found instanceof Load load) {
      operation.put(load, "v");
      return "v";
    }
    return operation.hit(found);
  }

  /** Keys requested from the server so far; a sync requests one per namespace kept near. */
  private static long keysRequested(Cachet cachet) {
    long sum = 0;
    for (Map<String, String> server : cachet.serverStatistics().values()) {
      sum += Long.parseLong(server.get("cmd_get"));
    }
    return sum;
  }
}
