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
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One hit over Redis on loopback, single thread and 8 threads, as {@link MemcachedHitBenchmark}
 * over memcached: {@code cachet*} calls the generated decorator over {@code
 * Cachet.builder().redis(uri)} (one {@code MGET} of the namespace generation and the entry, then
 * header check and deserialization); {@code raw*} is a plain Lettuce {@code GET} of the very bytes
 * Cachet stored under the same key, on one connection of its own with byte arrays in and out, no
 * decoding; {@code rawMulti*} is the raw client's {@code MGET} of the two keys Cachet reads;
 * {@code near*} is the generated decorator over a second {@code Cachet} on the same server with a
 * near cache (1 s bound), a hit served in process; {@code springDataRedis*} is Spring's {@code
 * @Cacheable} over Spring Data Redis's {@code RedisCacheManager} on a {@code
 * LettuceConnectionFactory} of the same server, as configured by default (JDK serialization, one
 * {@code GET}), the way Spring users cache on Redis today. Throughput, so higher is better; compare
 * each cell with its raw cell in the same run.
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
  private Cachet nearCachet;
  private Catalog near;
  private LettuceConnectionFactory springConnections;
  private AnnotationConfigApplicationContext spring;
  private SpringCatalog springCatalog;
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

    nearCachet =
        Cachet.builder()
            .redis(server.uri())
            .operationTimeout(TIMEOUT)
            .nearCache(1024, Duration.ofSeconds(1))
            .region("bench", Duration.ofHours(1))
            .build();
    near = new CachingCatalog(source, nearCachet);
    near();
    if (source.calls() != calls) {
      throw new IllegalStateException("the near cache's Cachet does not hit what the first stored");
    }

    springConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", uri.getPort()));
    springConnections.afterPropertiesSet();
    springConnections.start();
    RedisCacheManager manager =
        RedisCacheManager.builder(springConnections)
            .cacheDefaults(RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofHours(1)))
            .build();
    manager.afterPropertiesSet();
    spring = SpringCatalogService.context(source, manager);
    springCatalog = spring.getBean(SpringCatalog.class);
    springDataRedis();
    long springCalls = source.calls();
    springDataRedis();
    if (source.calls() != springCalls) {
      throw new IllegalStateException("Spring Data Redis does not hit");
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    spring.close();
    springConnections.destroy();
    nearCachet.close();
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

  @Benchmark
  @Threads(1)
  public Object near1Thread() {
    return near();
  }

  @Benchmark
  @Threads(1)
  public Object springDataRedis1Thread() {
    return springDataRedis();
  }

  @Benchmark
  @Threads(8)
  public Object springDataRedis8Threads() {
    return springDataRedis();
  }

  private Object near() {
    return tiny ? near.label(owner, region) : near.image(owner, region);
  }

  private Object springDataRedis() {
    return tiny ? springCatalog.label(owner, region) : springCatalog.image(owner, region);
  }

  private Object cachet() {
    return tiny ? generated.label(owner, region) : generated.image(owner, region);
  }
}
