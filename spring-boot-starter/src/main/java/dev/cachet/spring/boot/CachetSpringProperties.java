package dev.cachet.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code cachet.*} properties, under the names {@code Cachet.fromProperties} reads, so one
 * configuration works with and without Spring. Spring binds them (relaxed names, YAML, environment
 * variables such as {@code CACHET_SERVERS}), then {@link #toProperties()} hands them to
 * {@code Cachet.fromProperties}, which checks them all and names every bad one. A duration without
 * a unit is in seconds, as {@code Cachet.fromProperties} reads it (Spring's default would be
 * milliseconds).
 */
@ConfigurationProperties("cachet")
public class CachetSpringProperties {
  /**
   * The memcached pool, "host:port host:port"; absent or empty: the embedded in-memory store,
   * which no other process shares.
   */
  private String servers;

  /** How long one memcached operation may take before the call is answered by its delegate. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration operationTimeout;

  /** SASL PLAIN user name (binary protocol); give it with the password or not at all. */
  private String username;

  /** SASL PLAIN password. */
  private String password;

  /** The servers' item size limit in bytes (memcached -I); values above it are chunked. */
  private Integer itemSize;

  /** The largest value, in bytes after compression, that is stored; larger ones are not. */
  private Integer maxValueSize;

  /**
   * Base64 HMAC-SHA256 key of at least 16 bytes: every stored value is signed, and one that does
   * not verify is a counted miss. Every process sharing the pool needs the same key.
   */
  private String signingKey;

  /** Entries per cached method kept decoded in this process; absent: no near cache. */
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

  /** Per-server circuit breaker. */
  private final CircuitBreaker circuitBreaker = new CircuitBreaker();

  /**
   * The Spring CacheManager on Cachet, for {@code @Cacheable}; read by the starter alone, never
   * passed to {@code Cachet.fromProperties}.
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

    /** The only caches there are; empty: any name, created on first use. */
    private List<String> cacheNames = new ArrayList<>();

    /** Whether null values are cached. */
    private boolean allowNullValues = true;

    /**
     * Packages (with their subpackages) whose classes cached values may hold, readable even
     * before this process put one; classes of values this process puts are allowed anyway.
     */
    private List<String> allowedPackages = new ArrayList<>();

    /** Classes (binary names) cached values may hold, as allowed-packages. */
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
   * The regions, by name: each {@code @Cached(region = ...)} names one, and a decorator whose
   * regions are not defined fails at startup saying which.
   */
  private Map<String, Region> region = new LinkedHashMap<>();

  /** A per-server circuit breaker: after some timeouts in a row, calls skip the server a while. */
  public static class CircuitBreaker {
    /** Timeouts in a row that open the breaker. */
    private Integer timeouts;

    /** How long an open breaker refuses calls before it lets one probe through. */
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

    /** After expiry, how long the old value may still be served while one caller refreshes it. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration staleWindow;

    /** How long a caller waits for another process computing the same key (default 5 s). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration lockTimeout;

    /** Values at least this many bytes long are compressed; 0 turns compression off. */
    private Integer compressionThreshold;

    /** The codec: zstd (default), lz4 or deflate. */
    private String compression;

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

    public String getCompression() {
      return compression;
    }

    public void setCompression(String compression) {
      this.compression = compression;
    }
  }

  /** These properties under the names {@code Cachet.fromProperties} reads; unset ones are left out. */
  public Properties toProperties() {
    Properties out = new Properties();
    put(out, "cachet.servers", servers);
    put(out, "cachet.operation-timeout", operationTimeout);
    put(out, "cachet.username", username);
    put(out, "cachet.password", password);
    put(out, "cachet.item-size", itemSize);
    put(out, "cachet.max-value-size", maxValueSize);
    put(out, "cachet.signing-key", signingKey);
    put(out, "cachet.near-cache", nearCache);
    put(out, "cachet.near-cache-staleness", nearCacheStaleness);
    put(out, "cachet.circuit-breaker.timeouts", circuitBreaker.timeouts);
    put(out, "cachet.circuit-breaker.cool-off", circuitBreaker.coolOff);
    region.forEach(
        (name, options) -> {
          String prefix = "cachet.region." + name + ".";
          put(out, prefix + "expire", options.expire);
          put(out, prefix + "stale-window", options.staleWindow);
          put(out, prefix + "lock-timeout", options.lockTimeout);
          put(out, prefix + "compression-threshold", options.compressionThreshold);
          put(out, prefix + "compression", options.compression);
        });
    return out;
  }

  private static void put(Properties out, String name, Object value) {
    if (value != null) {
      // Duration.toString is ISO-8601 (PT0.25S), which Cachet.fromProperties reads.
      out.setProperty(name, value.toString());
    }
  }

  public String getServers() {
    return servers;
  }

  public void setServers(String servers) {
    this.servers = servers;
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
