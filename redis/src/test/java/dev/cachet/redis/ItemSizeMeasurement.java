package dev.cachet.redis;

import dev.cachet.redis.testing.RedisServer;
import dev.cachet.redis.testing.RedisTransports;
import dev.cachet.runtime.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measurement behind the Redis item size (docs/benchmarks.md, "Redis item size"), not a test:
 * on a local redis-server, the time of one SET and one GET through {@link RedisTransport} for
 * values of 64 KiB to 8 MiB, and the longest a PING on another connection waited meanwhile, which
 * is what one large value costs everyone else on the single-threaded server. Run:
 *
 * <pre>
 * mvn -o -q -pl redis test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp redis/target/test-classes:redis/target/classes:$(cat redis/target/cp.txt) dev.cachet.redis.ItemSizeMeasurement
 * </pre>
 */
public final class ItemSizeMeasurement {
  private static final int ROUNDS = 30;

  private ItemSizeMeasurement() {}

  public static void main(String[] args) throws Exception {
    try (RedisServer server = RedisServer.start();
        Transport transport =
            RedisTransports.open(server.uri(), Duration.ofSeconds(10), Clock.systemUTC(), 64 * 1024 * 1024)) {
      System.out.println("| value | SET median (ms) | GET median (ms) | longest PING meanwhile (ms) |");
      System.out.println("|---|---|---|---|");
      for (int kib : new int[] {64, 256, 512, 1024, 2048, 4096, 8192}) {
        byte[] value = new byte[kib * 1024];
        new java.util.Random(kib).nextBytes(value);
        long[] sets = new long[ROUNDS];
        long[] gets = new long[ROUNDS];
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong longestPing = new AtomicLong();
        Thread pinger = new Thread(() -> ping(server.port(), running, longestPing));
        for (int i = 0; i < 5; i++) {
          transport.set("v", value, Duration.ZERO);
          transport.getAll(List.of("v"));
        }
        pinger.start();
        for (int i = 0; i < ROUNDS; i++) {
          long started = System.nanoTime();
          transport.set("v", value, Duration.ZERO);
          sets[i] = System.nanoTime() - started;
          started = System.nanoTime();
          transport.getAll(List.of("v"));
          gets[i] = System.nanoTime() - started;
        }
        running.set(false);
        pinger.join();
        System.out.printf(
            "| %d KiB | %.2f | %.2f | %.2f |%n", kib, median(sets), median(gets), longestPing.get() / 1e6);
      }
    }
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  /** PINGs on a connection of its own, one at a time, keeping the longest wait for a PONG. */
  private static void ping(int port, AtomicBoolean running, AtomicLong longest) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] pong = new byte[7];
      while (running.get()) {
        long started = System.nanoTime();
        out.write(ping);
        out.flush();
        in.readNBytes(pong, 0, pong.length);
        longest.accumulateAndGet(System.nanoTime() - started, Math::max);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
