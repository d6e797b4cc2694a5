package dev.cachet.runtime;

import dev.cachet.runtime.testing.Waiting;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM for the multi-process tests: one {@link Cachet} on the memcached servers given as
 * the first argument, region {@code r} with the lock timeout in milliseconds given as the second,
 * driven by one command per line on stdin, one answer per line on stdout (logs go to stderr).
 *
 * <pre>
 * get ID VALUE                  -&gt; hit V | miss V     (VALUE is what the delegate returns)
 * invalidate ID | invalidateAll -&gt; ok
 * stampede ID THREADS MILLIS    -&gt; ran N values V1,V2 max-ms M   (THREADS callers at once,
 *                                  a delegate that takes MILLIS; N = delegate runs here)
 * stampede ID THREADS MILLIS waiting
 *                               -&gt; waiting, then ran ...   (first once a caller waits for
 *                                  another's computation: a lease held elsewhere)
 * hold ID                       -&gt; computing   (a delegate that never returns, in the background)
 * quit
 * </pre>
 */
public final class CacheWorker {
  private CacheWorker() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Duration lockTimeout = Duration.ofMillis(Long.parseLong(args[1]));
    try (Cachet cachet =
        Cachet.builder()
            .memcached(args[0])
            .operationTimeout(Duration.ofSeconds(2))
            .region("r", Duration.ofMinutes(10), region -> region.lockTimeout(lockTimeout))
            .build()) {
      Decorated<String> image = Decorated.of(cachet, "image", "r", String.class);
      String pid = Long.toString(ProcessHandle.current().pid());
      out.println("ready " + pid);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split(" ");
        switch (words[0]) {
          case "get":
            int before = image.delegateCalls.get();
            String value = image.get(Decorated.key("image", words[1]), () -> words[2]);
            out.println((image.delegateCalls.get() == before ? "hit " : "miss ") + value);
            break;
          case "invalidate":
            cachet.invalidate(Decorated.key("image", words[1]));
            out.println("ok");
            break;
          case "invalidateAll":
            cachet.invalidateAll("image");
            out.println("ok");
            break;
          case "stampede":
            boolean announce = words.length > 4 && words[4].equals("waiting");
            out.println(
                stampede(
                    image, words[1], Integer.parseInt(words[2]), Long.parseLong(words[3]), pid, announce ? out : null));
            break;
          case "hold":
            Thread holder =
                new Thread(
                    () ->
                        image.get(
                            Decorated.key("image", words[1]),
                            () -> {
                              out.println("computing");
                              Thread.sleep(Long.MAX_VALUE);
                              return "never";
                            }));
            holder.setDaemon(true);
            holder.start();
            break;
          case "quit":
            return;
          default:
            out.println("unknown command " + line);
        }
      }
    }
  }

  private static String stampede(
      Decorated<String> image, String id, int threads, long delegateMillis, String pid, PrintStream waiting)
      throws Exception {
    int before = image.delegateCalls.get();
    List<Thread> callers = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task);
              callers.add(thread); // threads are made by submit, all in this thread, before the start
              return thread;
            });
    CountDownLatch start = new CountDownLatch(1);
    Set<String> values = ConcurrentHashMap.newKeySet();
    AtomicLong slowest = new AtomicLong();
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  long started = System.nanoTime();
                  values.add(
                      image.call(
                          Decorated.key("image", id),
                          () -> {
                            Thread.sleep(delegateMillis);
                            return "from-" + pid;
                          }));
                  slowest.accumulateAndGet(
                      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Math::max);
                  return null;
                }));
      }
      start.countDown();
      if (waiting != null) {
        // One suffices: the others wait for the same lease, or for this process's load.
        Waiting.until("a caller waiting for the lease", () -> callers.stream().anyMatch(Waiting::lockWaiting));
        waiting.println("waiting");
      }
      for (Future<?> call : calls) {
        call.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return "ran "
        + (image.delegateCalls.get() - before)
        + " values "
        + String.join(",", new TreeSet<>(values))
        + " max-ms "
        + slowest.get();
  }
}
