package dev.cachet.spring.cache;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are stored by Cachet ({@link CachetCache}), so
 * {@code @Cacheable}, {@code @CacheEvict} and {@code @CachePut} run on Cachet's pipeline.
 *
 * <p>The cache named X is the Cachet namespace X, stored in the region X when the {@link Cachet}
 * defines one ({@code cachet.region.X.expire}), else in the default region ({@code default}
 * unless {@link Builder#defaultRegion} says otherwise). A name with neither is an {@link
 * IllegalArgumentException} naming the properties to set. A name must be a namespace ({@link
 * CacheKey#isNamespace}: {@code [A-Za-z0-9_.-]}, at most 64 characters, upper case included, so
 * {@code Books} is the namespace {@code Books}, which {@code cachet-cli} addresses as it is).
 * Spring caches share namespaces with
 * {@code @Cached} methods: give them names of their own.
 *
 * <p>As Spring's own managers: caches are created on demand for any name, unless names are
 * given ({@link Builder#cacheNames}); then exactly those exist, are checked at construction, and
 * {@link #getCache} returns {@code null} for any other.
 *
 * <p>Values: Cachet's serializer reads only allow-listed classes. The application classes of
 * every value this process puts are allowed as it puts them; to read values another process
 * put before this one put any of the same classes, list their packages ({@link
 * Builder#allowedPackages}, every class of the package and its subpackages) or classes ({@link
 * Builder#allowedClasses}). A value of a class not allowed is a counted miss, never an
 * exception: the method runs and its value is stored. JDK classes outside Cachet's fixed list
 * are never allowed by packages: name them in {@code allowedClasses}.
 *
 * <pre>{@code
 * CacheManager manager = CachetCacheManager.builder(cachet)
 *     .defaultRegion("default")
 *     .allowedPackages("com.acme.model")
 *     .build();
 * }</pre>
 */
public final class CachetCacheManager implements CacheManager {
  private final Cachet cachet;
  private final String defaultRegion;
  private final boolean dynamic;
  private final boolean allowNullValues;
  private final ValueClasses valueClasses;
  private final Executor executor;
  private final ConcurrentMap<String, CachetCache> caches = new ConcurrentHashMap<>();

  /** Caches on demand in the region {@code default} (or their own), nulls allowed. */
  public CachetCacheManager(Cachet cachet) {
    this(builder(cachet));
  }

  private CachetCacheManager(Builder builder) {
    this.cachet = builder.cachet;
    this.defaultRegion = builder.defaultRegion;
    this.allowNullValues = builder.allowNullValues;
    this.executor = builder.executor;
    this.valueClasses = new ValueClasses(cachet);
    for (String packageName : builder.allowedPackages) {
      cachet.allowPackage(packageName);
    }
    cachet.allowClassNames(builder.allowedClasses.toArray(new String[0]));
    this.dynamic = builder.cacheNames.isEmpty();
    for (String name : builder.cacheNames) {
      caches.put(name, create(name));
    }
  }

  /** A builder of a manager on {@code cachet}. */
  public static Builder builder(Cachet cachet) {
    return new Builder(cachet);
  }

  /**
   * The cache of this name, created on first use unless names were given.
   *
   * @throws IllegalArgumentException when the name is not a valid namespace, or neither its own
   *     region nor the default region is defined
   */
  @Override
  public Cache getCache(String name) {
    CachetCache cache = caches.get(name);
    if (cache != null || !dynamic) {
      return cache;
    }
    return caches.computeIfAbsent(name, this::create);
  }

  @Override
  public Collection<String> getCacheNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  /** The region the cache {@code name} is stored in: its own when defined, else the default. */
  public String regionOf(String name) {
    if (defines(name)) {
      return name;
    }
    if (defaultRegion != null && defines(defaultRegion)) {
      return defaultRegion;
    }
    throw new IllegalArgumentException(
        "Spring cache '"
            + name
            + "' has no Cachet region: define cachet.region."
            + name
            + ".expire (a region of its own)"
            + (defaultRegion == null
                ? ", or set cachet.cache-manager.default-region to a defined region"
                : ", or cachet.region." + defaultRegion + ".expire (the default region,"
                    + " cachet.cache-manager.default-region)"));
  }

  private CachetCache create(String name) {
    Objects.requireNonNull(name, "name");
    if (!CacheKey.isNamespace(name)) {
      throw new IllegalArgumentException(
          "Spring cache name '" + name + "' cannot be a Cachet namespace: use 1 to 64 of"
              + " [A-Za-z0-9_.-] (CacheKey.isNamespace, the grammar every Cachet tool accepts)");
    }
    return new CachetCache(name, regionOf(name), cachet, allowNullValues, valueClasses, executor);
  }

  private boolean defines(String region) {
    return cachet.regions().contains(region);
  }


  @Override
  public String toString() {
    return "CachetCacheManager{caches=" + getCacheNames() + ", " + cachet + "}";
  }

  /** Options of a {@link CachetCacheManager}. */
  public static final class Builder {
    private final Cachet cachet;
    private String defaultRegion = "default";
    private Set<String> cacheNames = Set.of();
    private boolean allowNullValues = true;
    private List<String> allowedPackages = List.of();
    private List<String> allowedClasses = List.of();
    private Executor executor = ForkJoinPool.commonPool();

    private Builder(Cachet cachet) {
      this.cachet = Objects.requireNonNull(cachet, "cachet");
    }

    /**
     * The region of caches without a region of their own ({@code default} by default); {@code
     * null}: every cache needs its own.
     */
    public Builder defaultRegion(String region) {
      this.defaultRegion = region;
      return this;
    }

    /** The only caches there are; none given (the default): any name, created on demand. */
    public Builder cacheNames(Collection<String> names) {
      this.cacheNames = Set.copyOf(new LinkedHashSet<>(names));
      return this;
    }

    /** Whether {@code null} values are cached (default {@code true}). */
    public Builder allowNullValues(boolean allow) {
      this.allowNullValues = allow;
      return this;
    }

    /** Packages (with subpackages) whose classes values may hold, also before this process put one. */
    public Builder allowedPackages(String... packages) {
      this.allowedPackages = List.of(packages);
      return this;
    }

    /** Classes, by binary name, values may hold, also before this process put one. */
    public Builder allowedClasses(String... classes) {
      this.allowedClasses = List.of(classes);
      return this;
    }

    /** Where the asynchronous {@code retrieve} calls wait for the store (the common pool). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The manager.
     *
     * @throws IllegalArgumentException for a given cache name that is not valid or has no region,
     *     or an allowed package of the JDK
     */
    public CachetCacheManager build() {
      return new CachetCacheManager(this);
    }
  }
}
