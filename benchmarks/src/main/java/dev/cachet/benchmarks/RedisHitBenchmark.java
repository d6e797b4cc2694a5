package dev.cachet.benchmarks;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.value.WireFormat;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One hit over Redis on loopback, single thread and 8 threads, as {@link MemcachedHitBenchmark}
 * over memcached: {@code cachet*} calls the generated decorator over {@code
 * Cachet.builder().redis(uri)} (one {@code MGET} of the namespace generation and the entry, then
 * header check and deserialization); {@code raw*} is a plain Lettuce {@code GET} of the very bytes
 * Cachet stored under the same key, on one connection of its own with byte arrays in and out, no
 * decoding; {@code rawMulti*} is the raw client's {@code MGET} of the two keys Cachet reads.
 * Throughput, so higher is better; compare each cachet cell with its raw cell in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RedisHitBenchmark {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Param({"tiny", "image"})
  public String value;

  private final String owner = "alice";
  private final String region = "eu-west-1";
  private boolean tiny;

  private RedisProcess server;
  private Cachet cachet;
  private Catalog generated;
  private RedisClient client;
  private StatefulRedisConnection<byte[], byte[]> connection;
  private RedisCommands<byte[], byte[]> raw;
  private byte[] entryKey;
  private byte[] generationKey;

  @Setup(Level.Trial)
  public void prepare() throws IOException, InterruptedException {
    tiny = value.equals("tiny");
    server = RedisProcess.start();
    cachet =
        Cachet.builder().redis(server.uri()).operationTimeout(TIMEOUT).region("bench", Duration.ofHours(1)).build();
    CatalogSource source = new CatalogSource();
    generated = new CachingCatalog(source, cachet);
    cachet();
    long calls = source.calls();
    cachet();
    if (source.calls() != calls) {
      throw new IllegalStateException("cachet does not hit over Redis");
    }
    String key = (tiny ? CatalogKeys.label(owner, region) : CatalogKeys.image(owner, region)).key();
    entryKey = key.getBytes(StandardCharsets.US_ASCII);
    generationKey = WireFormat.generationKey(WireFormat.namespaceOf(key)).getBytes(StandardCharsets.US_ASCII);
    RedisURI uri = RedisURI.create(server.uri());
    uri.setTimeout(TIMEOUT);
    client = RedisClient.create(uri);
    connection = client.connect(ByteArrayCodec.INSTANCE);
    raw = connection.sync();
    byte[] stored = raw.get(entryKey);
    if (stored == null || raw.get(generationKey) == null) {
      throw new IllegalStateException("no item or no generation under " + key);
    }
    System.out.printf("%n# Redis item %s: %d bytes%n", key, stored.length);
  }

  @TearDown(Level.Trial)
  public void close() {
    connection.close();
    client.shutdown();
    cachet.close();
    server.close();
  }

  @Benchmark
  @Threads(1)
  public Object cachet1Thread() {
    return cachet();
  }

  @Benchmark
  @Threads(1)
  public Object raw1Thread() {
    return raw.get(entryKey);
  }

  @Benchmark
  @Threads(1)
  public Object rawMulti1Thread() {
    return raw.mget(generationKey, entryKey);
  }

  @Benchmark
  @Threads(8)
  public Object cachet8Threads() {
    return cachet();
  }

  @Benchmark
  @Threads(8)
  public Object raw8Threads() {
    return raw.get(entryKey);
  }

  @Benchmark
  @Threads(8)
  public Object rawMulti8Threads() {
    return raw.mget(generationKey, entryKey);
  }

  private Object cachet() {
    return tiny ? generated.label(owner, region) : generated.image(owner, region);
  }
}
