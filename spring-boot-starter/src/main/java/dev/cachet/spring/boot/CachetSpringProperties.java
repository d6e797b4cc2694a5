package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code cachet.*} properties, under the names {@code CachetSpec} reads, so one configuration
 * works with and without Spring. Spring binds them (relaxed names, YAML, environment variables such
 * as {@code CACHET_SERVERS}) into these typed values, and {@link CachetPropertiesMapper} maps each
 * onto the {@code Cachet.Builder} setter that checks it; every value a setter refuses is reported
 * at once, named as the user wrote it, with its value and origin. A duration without a unit is in
 * seconds, as {@code CachetSpec} reads it (Spring's default would be milliseconds).
 *
 * <p>A property left unset is not passed to the builder, which then applies its own default: the
 * defaults are stated once, in the runtime, and repeated for IDEs in
 * {@code additional-spring-configuration-metadata.json}.
 */
@ConfigurationProperties("cachet")
public class CachetSpringProperties {
  /**
   * The memcached pool, "host:port host:port". No default: absent or empty, the embedded in-memory store,
   * which no other process shares.
   */
  private String servers;

  /**
   * One Redis server, with cachet-redis on the class path: "redis://host:6379", also rediss://,
   * redis://user:password@host:port and redis-sentinel://h1:26379,h2:26379#primary. No default; at
   * most one of cachet.servers, cachet.redis and cachet.redis-cluster.
   */
  private String redis;

  /**
   * A Redis Cluster by the URIs of any of its nodes, "redis://h1:7000 redis://h2:7000", with
   * cachet-redis on the class path. No default; at most one of cachet.servers, cachet.redis and
   * cachet.redis-cluster.
   */
  private String redisCluster;

  /**
   * How long one memcached operation may take before the call is answered by its delegate
   * (default 250 ms).
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration operationTimeout;

  /**
   * SASL PLAIN user name (binary protocol); give it with the password or not at all. No default:
   * absent, the servers are used without authentication.
   */
  private String username;

  /** SASL PLAIN password, used as written (not trimmed). No default, as cachet.username. */
  private String password;

  /**
   * The servers' item size limit in bytes (memcached -I, at least 1024); values above it are
   * chunked. Default 1048517: the key and value bytes memcached 1.6.18 accepts in one item with
   * its default -I 1m.
   */
  private Integer itemSize;

  /**
   * The largest value, in bytes after compression, that is stored; larger ones are not
   * (default 67108864, 64 MiB).
   */
  private Integer maxValueSize;

  /**
   * Base64 HMAC-SHA256 key of at least 16 bytes: every stored value is signed, and one that does
   * not verify is a counted miss. Every process sharing the pool needs the same key. No default:
   * absent, values are not signed.
   */
  private String signingKey;

  /**
   * Entries per cached method kept decoded in this process (1 to 1048576). No default: absent,
   * there is no near cache.
   */
  private Integer nearCache;

  /**
   * With memcached, how long after another process's invalidation this process may still serve
   * its near copy (default 1 s).
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration nearCacheStaleness;

  /**
   * Whether beans that implement an interface Cachet generated a decorator for are wrapped in it
   * (read by the starter alone; {@code @Undecorated} opts one bean out).
   */
  private boolean decorateBeans = true;

  /** Per-server circuit breaker (memcached only). */
  private final CircuitBreaker circuitBreaker = new CircuitBreaker();

  /**
   * The Spring CacheManager on Cachet, for {@code @Cacheable}; read by the starter alone, never
   * passed to the builder.
   */
  private final CacheManagerSettings cacheManager = new CacheManagerSettings();

  /** The Spring {@code CacheManager} on Cachet (opt-in). */
  public static class CacheManagerSettings {
    /** Whether Spring's cache annotations run on Cachet: a CachetCacheManager bean. */
    private boolean enabled;

    /**
     * The region of a cache whose name is not also a region name; a cache with neither is an
     * error naming the property to set.
     */
    private String defaultRegion = "default";

    /** The only caches there are; empty (the default): any name, created on first use. */
    private List<String> cacheNames = new ArrayList<>();

    /** Whether null values are cached. */
    private boolean allowNullValues = true;

    /**
     * Packages (with their subpackages) whose classes cached values may hold, readable even
     * before this process put one; classes of values this process puts are allowed anyway.
     * Default empty.
     */
    private List<String> allowedPackages = new ArrayList<>();

    /** Classes (binary names) cached values may hold, as allowed-packages; default empty. */
    private List<String> allowedClasses = new ArrayList<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getDefaultRegion() {
      return defaultRegion;
    }

    public void setDefaultRegion(String defaultRegion) {
      this.defaultRegion = defaultRegion;
    }

    public List<String> getCacheNames() {
      return cacheNames;
    }

    public void setCacheNames(List<String> cacheNames) {
      this.cacheNames = cacheNames;
    }

    public boolean isAllowNullValues() {
      return allowNullValues;
    }

    public void setAllowNullValues(boolean allowNullValues) {
      this.allowNullValues = allowNullValues;
    }

    public List<String> getAllowedPackages() {
      return allowedPackages;
    }

    public void setAllowedPackages(List<String> allowedPackages) {
      this.allowedPackages = allowedPackages;
    }

    public List<String> getAllowedClasses() {
      return allowedClasses;
    }

    public void setAllowedClasses(List<String> allowedClasses) {
      this.allowedClasses = allowedClasses;
    }
  }

  /**
   * The regions, by name: each @Cached(region = ...) names one, and a decorator whose
   * regions are not defined fails at startup saying which. No default: no region is defined. Each
   * takes expire (required), stale-window (default 0), lock-timeout (default 5 s),
   * compression-threshold (default 1024 bytes; 0 turns compression off) and compression (zstd,
   * the default, lz4 or deflate).
   */
  private Map<String, Region> region = new LinkedHashMap<>();

  /** A per-server circuit breaker: after some timeouts in a row, calls skip the server a while. */
  public static class CircuitBreaker {
    /** Timeouts in a row that open the breaker (default 3). */
    private Integer timeouts;

    /** How long an open breaker refuses calls before it lets one probe through (default 1 s). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration coolOff;

    public Integer getTimeouts() {
      return timeouts;
    }

    public void setTimeouts(Integer timeouts) {
      this.timeouts = timeouts;
    }

    public Duration getCoolOff() {
      return coolOff;
    }

    public void setCoolOff(Duration coolOff) {
      this.coolOff = coolOff;
    }
  }

  /** One region: how long its entries stay fresh, and how they are stored. */
  public static class Region {
    /** How long an entry stays fresh; required: it defines the region. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration expire;

    /**
     * After expiry, how long the old value may still be served while one caller refreshes it
     * (default 0: not at all).
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration staleWindow;

    /** How long a caller waits for another process computing the same key (default 5 s). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration lockTimeout;

    /**
     * Values at least this many bytes long are compressed (default 1024); 0 turns compression
     * off.
     */
    private Integer compressionThreshold;

    /** The codec of compressed values: zstd (the default), lz4 or deflate, in any case. */
    private Cachet.Codec compression;

    public Duration getExpire() {
      return expire;
    }

    public void setExpire(Duration expire) {
      this.expire = expire;
    }

    public Duration getStaleWindow() {
      return staleWindow;
    }

    public void setStaleWindow(Duration staleWindow) {
      this.staleWindow = staleWindow;
    }

    public Duration getLockTimeout() {
      return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
      this.lockTimeout = lockTimeout;
    }

    public Integer getCompressionThreshold() {
      return compressionThreshold;
    }

    public void setCompressionThreshold(Integer compressionThreshold) {
      this.compressionThreshold = compressionThreshold;
    }

    public Cachet.Codec getCompression() {
      return compression;
    }

    public void setCompression(Cachet.Codec compression) {
      this.compression = compression;
    }
  }

  public String getServers() {
    return servers;
  }

  public void setServers(String servers) {
    this.servers = servers;
  }

  public String getRedis() {
    return redis;
  }

  public void setRedis(String redis) {
    this.redis = redis;
  }

  public String getRedisCluster() {
    return redisCluster;
  }

  public void setRedisCluster(String redisCluster) {
    this.redisCluster = redisCluster;
  }

  public Duration getOperationTimeout() {
    return operationTimeout;
  }

  public void setOperationTimeout(Duration operationTimeout) {
    this.operationTimeout = operationTimeout;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public Integer getItemSize() {
    return itemSize;
  }

  public void setItemSize(Integer itemSize) {
    this.itemSize = itemSize;
  }

  public Integer getMaxValueSize() {
    return maxValueSize;
  }

  public void setMaxValueSize(Integer maxValueSize) {
    this.maxValueSize = maxValueSize;
  }

  public String getSigningKey() {
    return signingKey;
  }

  public void setSigningKey(String signingKey) {
    this.signingKey = signingKey;
  }

  public Integer getNearCache() {
    return nearCache;
  }

  public void setNearCache(Integer nearCache) {
    this.nearCache = nearCache;
  }

  public Duration getNearCacheStaleness() {
    return nearCacheStaleness;
  }

  public void setNearCacheStaleness(Duration nearCacheStaleness) {
    this.nearCacheStaleness = nearCacheStaleness;
  }

  public boolean isDecorateBeans() {
    return decorateBeans;
  }

  public void setDecorateBeans(boolean decorateBeans) {
    this.decorateBeans = decorateBeans;
  }

  public CircuitBreaker getCircuitBreaker() {
    return circuitBreaker;
  }

  public CacheManagerSettings getCacheManager() {
    return cacheManager;
  }

  public Map<String, Region> getRegion() {
    return region;
  }

  public void setRegion(Map<String, Region> region) {
    this.region = region;
  }
}
