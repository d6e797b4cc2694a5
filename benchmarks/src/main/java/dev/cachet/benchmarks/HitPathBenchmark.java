package dev.cachet.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.ForySerializer;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.internal.value.ValueStore;
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
import dev.cachet.spring.cache.CachetCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Question 1: one cache hit, in memory, through each way of caching the same lookup.
 *
 * <ul>
 *   <li>{@code cachetGenerated}: the generated {@code CachingCatalog} over Cachet's in-memory
 *       transport. Every hit reads the stored bytes and deserializes them (the path memcached
 *       uses), so it returns a new copy.
 *   <li>{@code cachetNearCache}: the same generated decorator over a {@link Cachet} built with
 *       {@code nearCache(1024)}: a hit is answered from the decoded values kept in process, by the
 *       key arguments, and returns the stored object itself, as Spring and Caffeine do.
 *   <li>{@code handWritten}: {@link HandWrittenCatalog} over the same transport and value
 *       pipeline; deserializes too. The baseline of the 1.2x goal.
 *   <li>{@code handWrittenReference}: {@link HandWrittenReferenceCatalog}, a hand-written
 *       decorator keeping objects in a {@code ConcurrentHashMap}; returns the stored object itself.
 *       The baseline of the near cache.
 *   <li>{@code springDefaultKey}, {@code springSpelKey}: {@code @Cacheable} over a
 *       {@code ConcurrentMapCacheManager}; a hit returns the stored object itself, no copy.
 *   <li>{@code springOnCachet}: the same {@code @Cacheable} service over the starter's
 *       {@code CachetCacheManager} on an in-memory {@link Cachet}: Spring's proxy and key, then
 *       Cachet's lookup and decoding, as {@code cachetGenerated} does it.
 *   <li>{@code caffeineGetIfPresent}: {@code getIfPresent} on a Caffeine cache with the key
 *       concatenated per call; returns the stored object itself.
 * </ul>
 *
 * <p>{@code value=tiny} caches a 12-character string, so the decorator's own cost shows;
 * {@code value=image} one image with tags and block devices (about 400 bytes stored).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HitPathBenchmark {
  @Param({"tiny", "image"})
  public String value;

  // Not final, so the JIT cannot fold the arguments into constants.
  private String owner = "alice";
  private String region = "eu-west-1";
  private boolean tiny;

  private CatalogSource source;
  private Cachet cachet;
  private Catalog generated;
  private Cachet nearCachet;
  private Catalog nearCache;
  private Catalog handWritten;
  private Catalog handWrittenReference;
  private AnnotationConfigApplicationContext spring;
  private SpringCatalog springCatalog;
  private Cachet springCachet;
  private AnnotationConfigApplicationContext springOnCachetContext;
  private SpringCatalog springOnCachetCatalog;
  private Cache<String, Object> caffeine;

  @Setup(Level.Trial)
  public void prepare() {
    tiny = value.equals("tiny");
    source = new CatalogSource();
    InMemoryTransport transport = new InMemoryTransport();
    cachet = Cachet.builder().transport(transport).region("bench", Duration.ofHours(1)).build();
    generated = new CachingCatalog(source, cachet);
    nearCachet = Cachet.builder().nearCache(1024).region("bench", Duration.ofHours(1)).build();
    nearCache = new CachingCatalog(source, nearCachet);
    handWritten =
        new HandWrittenCatalog(
            source, transport, new ValueStore(transport, new ForySerializer(Inputs.allowlist()), ValueSettings.defaults()));
    handWrittenReference = new HandWrittenReferenceCatalog(source);
    spring = SpringCatalogService.context(source);
    springCatalog = spring.getBean(SpringCatalog.class);
    springCachet = Cachet.builder().inMemory().region("default", Duration.ofHours(1)).build();
    springOnCachetContext = SpringCatalogService.context(source, new CachetCacheManager(springCachet));
    springOnCachetCatalog = springOnCachetContext.getBean(SpringCatalog.class);
    caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    caffeine.put(owner + ':' + region, tiny ? source.label(owner, region) : source.image(owner, region));

    // Fill every cache, then prove that a second round never reaches the source.
    Object[] first = {
      cachetGenerated(),
      cachetNearCache(),
      handWritten(),
      handWrittenReference(),
      springDefaultKey(),
      springSpelKey(),
      springOnCachet()
    };
    long calls = source.calls();
    Object[] second = {
      cachetGenerated(),
      cachetNearCache(),
      handWritten(),
      handWrittenReference(),
      springDefaultKey(),
      springSpelKey(),
      springOnCachet(),
      caffeineGetIfPresent()
    };
    if (source.calls() != calls) {
      throw new IllegalStateException("a benchmark variant does not hit: " + (source.calls() - calls) + " calls");
    }
    for (int i = 0; i < first.length; i++) {
      if (second[i] == null || !second[i].toString().equals(first[i].toString())) {
        throw new IllegalStateException("variant " + i + " returned " + second[i]);
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    spring.close();
    springOnCachetContext.close();
    springCachet.close();
    cachet.close();
    nearCachet.close();
  }

  @Benchmark
  public Object cachetGenerated() {
    return tiny ? generated.label(owner, region) : generated.image(owner, region);
  }

  @Benchmark
  public Object cachetNearCache() {
    return tiny ? nearCache.label(owner, region) : nearCache.image(owner, region);
  }

  @Benchmark
  public Object handWritten() {
    return tiny ? handWritten.label(owner, region) : handWritten.image(owner, region);
  }

  @Benchmark
  public Object handWrittenReference() {
    return tiny ? handWrittenReference.label(owner, region) : handWrittenReference.image(owner, region);
  }

  @Benchmark
  public Object springDefaultKey() {
    return tiny ? springCatalog.label(owner, region) : springCatalog.image(owner, region);
  }

  @Benchmark
  public Object springSpelKey() {
    return tiny ? springCatalog.labelSpel(owner, region) : springCatalog.imageSpel(owner, region);
  }

  @Benchmark
  public Object springOnCachet() {
    return tiny ? springOnCachetCatalog.label(owner, region) : springOnCachetCatalog.image(owner, region);
  }

  @Benchmark
  public Object caffeineGetIfPresent() {
    return caffeine.getIfPresent(owner + ':' + region);
  }
}
