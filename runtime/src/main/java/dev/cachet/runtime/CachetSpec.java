package dev.cachet.runtime;

import dev.cachet.runtime.internal.settings.Settings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link Cachet}'s configuration as text: {@code cachet.*} properties, parsed into a {@link
 * Cachet.Builder}, as Caffeine's {@code CaffeineSpec} is beside {@code Caffeine}. Every property
 * goes through the builder's own setter, so it is checked exactly as the builder checks its
 * argument; every problem is reported at once, named by the property as it was written. Keys not
 * starting with {@code cachet.} are ignored; unknown {@code cachet.} keys are an error.
 *
 * <pre>
 * cachet.servers=host:port host:port              memcached; absent (and no Redis): in memory
 * cachet.redis=redis://host:6379                  one Redis server, with cachet-redis; also
 *                                                 rediss://, redis://user:password@host:port,
 *                                                 redis-sentinel://h1:26379,h2:26379#primary
 * cachet.redis-cluster=redis://h1:7000 redis://h2:7000   a Redis Cluster, by any of its nodes
 *                                                 (at most one of cachet.servers, cachet.redis
 *                                                 and cachet.redis-cluster)
 * cachet.operation-timeout=PT0.25S                or seconds; default 0.25 s
 * cachet.username=app                             memcached's SASL PLAIN (binary protocol);
 * cachet.password=secret                          give both or neither
 * cachet.item-size=1048576                        bytes; default 1 MiB
 * cachet.max-value-size=67108864                  bytes; default 64 MiB
 * cachet.circuit-breaker.timeouts=5               consecutive timeouts that open a server's breaker
 * cachet.circuit-breaker.cool-off=PT1S            how long it stays open; or seconds
 * cachet.signing-key=&lt;base64&gt;                      HMAC-SHA256 key, at least 16 bytes
 * cachet.near-cache=4096                          entries per method; absent: no near cache
 * cachet.near-cache-staleness=PT1S                with a shared store; or seconds; default 1 s
 * cachet.region.&lt;name&gt;.expire=PT1H                or seconds; defines the region
 * cachet.region.&lt;name&gt;.stale-window=PT5M          default 0
 * cachet.region.&lt;name&gt;.lock-timeout=PT5S          default 5 s
 * cachet.region.&lt;name&gt;.compression-threshold=1024 bytes; 0 turns compression off
 * cachet.region.&lt;name&gt;.compression=zstd        or lz4, deflate
 * </pre>
 *
 * <p>Options only code can set (a serializer, allowed classes, a clock, a transport of one's own)
 * are set on the builder {@link #toBuilder()} returns.
 */
public final class CachetSpec {
  private static final String PREFIX = "cachet.";
  private static final String REGION_PREFIX = "cachet.region.";

  /** The {@code cachet.*} properties, as given; checked by {@link #parse}. */
  private final Properties properties;

  private CachetSpec(Properties properties) {
    this.properties = properties;
  }

  /**
   * The spec of every {@code cachet.*} property of {@code properties}, checked.
   *
   * @throws IllegalArgumentException naming every bad or unknown property
   */
  public static CachetSpec parse(Properties properties) {
    Objects.requireNonNull(properties, "properties");
    Properties own = new Properties();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        own.setProperty(name, properties.getProperty(name));
      }
    }
    CachetSpec spec = new CachetSpec(own);
    spec.toBuilder();
    return spec;
  }

  /** A new builder holding these settings; options only code can set may be added to it. */
  public Cachet.Builder toBuilder() {
    Cachet.Builder builder = Cachet.builder();
    List<String> problems = new ArrayList<>();
    apply(builder, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Cachet properties: " + String.join("; ", problems));
    }
    return builder;
  }

  /** The property names, never their values: a password or signing key may be among them. */
  @Override
  public String toString() {
    return "CachetSpec" + new TreeSet<>(properties.stringPropertyNames());
  }

  private void apply(Cachet.Builder builder, List<String> problems) {
    Map<String, Map<String, String>> regionProperties = new LinkedHashMap<>();
    String username = null;
    String password = null;
    Integer breakerTimeouts = null;
    Duration breakerCoolOff = null;
    Integer nearEntries = null;
    Duration nearStaleness = null;
    Map<String, String> stores = new LinkedHashMap<>();
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(name).trim();
      try {
        switch (name) {
          case "cachet.servers", "cachet.redis", "cachet.redis-cluster":
            if (!value.isEmpty()) {
              stores.put(name, value);
            }
            break;
          case "cachet.operation-timeout":
            builder.operationTimeout(parseDuration(name, value));
            break;
          case "cachet.username":
            username = value;
            break;
          case "cachet.password":
            // Not trimmed: a password may end in a space.
            password = properties.getProperty(name);
            break;
          case "cachet.item-size":
            builder.itemSize(parseInt(name, value));
            break;
          case "cachet.max-value-size":
            builder.maxValueSize(parseInt(name, value));
            break;
          case "cachet.circuit-breaker.timeouts":
            breakerTimeouts = parseInt(name, value);
            break;
          case "cachet.circuit-breaker.cool-off":
            breakerCoolOff = parseDuration(name, value);
            break;
          case "cachet.signing-key":
            builder.signingKey(parseBase64(name, value));
            break;
          case "cachet.near-cache":
            nearEntries = parseInt(name, value);
            break;
          case "cachet.near-cache-staleness":
            nearStaleness = parseDuration(name, value);
            break;
          default:
            int lastDot = name.lastIndexOf('.');
            if (!name.startsWith(REGION_PREFIX) || lastDot < REGION_PREFIX.length()) {
              problems.add("unknown property " + name);
            } else {
              regionProperties
                  .computeIfAbsent(name.substring(REGION_PREFIX.length(), lastDot), r -> new HashMap<>())
                  .put(name.substring(lastDot + 1), value);
            }
        }
      } catch (IllegalArgumentException e) {
        problems.add(named(name, e));
      }
    }
    chooseStore(builder, stores, problems);
    if (breakerTimeouts != null || breakerCoolOff != null) {
      try {
        builder.circuitBreaker(
            breakerTimeouts != null ? breakerTimeouts : Cachet.Builder.DEFAULT_CIRCUIT_BREAKER_TIMEOUTS,
            breakerCoolOff != null ? breakerCoolOff : Cachet.Builder.DEFAULT_CIRCUIT_BREAKER_COOL_OFF);
      } catch (IllegalArgumentException e) {
        problems.add(written(e, "cachet.circuit-breaker.timeouts", "cachet.circuit-breaker.cool-off"));
      }
    }
    if (nearEntries == null && nearStaleness != null) {
      problems.add("cachet.near-cache-staleness needs cachet.near-cache, the entries per method");
    } else if (nearEntries != null) {
      try {
        builder.nearCache(
            nearEntries, nearStaleness != null ? nearStaleness : Settings.DEFAULT_NEAR_STALENESS);
      } catch (IllegalArgumentException e) {
        problems.add(written(e, "cachet.near-cache", "cachet.near-cache-staleness"));
      }
    }
    if ((username == null) != (password == null)) {
      problems.add("cachet.username and cachet.password go together: give both or neither");
    } else if (username != null) {
      try {
        builder.authentication(username, password);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage() + " (cachet.username)");
      }
    }
    regionProperties.forEach(
        (region, settings) -> defineRegion(builder, region, settings, problems));
  }

  /**
   * Applies the one store property given; two or more are one problem naming each as written (a
   * password in a Redis URI masked).
   */
  private static void chooseStore(Cachet.Builder builder, Map<String, String> stores, List<String> problems) {
    if (stores.size() > 1) {
      List<String> given = new ArrayList<>();
      stores.forEach((name, value) -> given.add(name + "=" + Stores.withoutPassword(value)));
      problems.add(
          String.join(" and ", given)
              + ": give at most one of cachet.servers, cachet.redis and cachet.redis-cluster");
      return;
    }
    stores.forEach(
        (name, value) -> {
          try {
            switch (name) {
              case "cachet.servers" -> builder.memcached(value);
              case "cachet.redis" -> builder.redis(value);
              default -> builder.redisCluster(value);
            }
          } catch (IllegalArgumentException e) {
            problems.add(named(name, e));
          } catch (IllegalStateException missingArtifact) {
            // Not a bad value but a missing dependency: thrown as such, naming the property.
            throw new IllegalStateException(name + ": " + missingArtifact.getMessage(), missingArtifact);
          }
        });
  }

  private static void defineRegion(
      Cachet.Builder builder, String region, Map<String, String> settings, List<String> problems) {
    String prefix = REGION_PREFIX + region + ".";
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(
        Set.of("expire", "stale-window", "lock-timeout", "compression-threshold", "compression"));
    for (String option : unknown) {
      problems.add(
          "unknown property "
              + prefix
              + option
              + " (a region takes expire, stale-window, lock-timeout, compression-threshold, compression)");
    }
    String expire = settings.get("expire");
    if (expire == null) {
      problems.add(
          "region " + region + " has settings but no " + prefix + "expire (e.g. PT1H or 3600)");
      return;
    }
    try {
      builder.region(
          region,
          parseDuration(prefix + "expire", expire),
          options -> {
            option(prefix + "stale-window", settings, value -> options.staleWindow(parseDuration(prefix + "stale-window", value)), problems);
            option(prefix + "lock-timeout", settings, value -> options.lockTimeout(parseDuration(prefix + "lock-timeout", value)), problems);
            option(prefix + "compression", settings, options::compression, problems);
            option(
                prefix + "compression-threshold",
                settings,
                value -> options.compressionThreshold(parseInt(prefix + "compression-threshold", value)),
                problems);
          });
    } catch (IllegalArgumentException e) {
      problems.add(named(prefix + "expire", e));
    }
  }

  /** Applies one region option when set; a value the builder refuses is a problem named by its property. */
  private static void option(
      String property, Map<String, String> settings, Consumer<String> apply, List<String> problems) {
    String value = settings.get(property.substring(property.lastIndexOf('.') + 1));
    if (value == null) {
      return;
    }
    try {
      apply.accept(value);
    } catch (IllegalArgumentException e) {
      problems.add(named(property, e));
    }
  }

  /**
   * The builder's message about options set together, preceded by those of {@code names} that
   * were given, as written.
   */
  private String written(IllegalArgumentException e, String... names) {
    List<String> given = new ArrayList<>();
    for (String name : names) {
      if (properties.getProperty(name) != null) {
        given.add(name + "=" + properties.getProperty(name).trim());
      }
    }
    return String.join(", ", given) + ": " + e.getMessage();
  }

  /** The builder's message, preceded by the property that caused it unless the message names it. */
  private static String named(String property, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains(property) ? message : property + ": " + message;
  }

  /** ISO-8601 ({@code PT1H}, {@code PT0.25S}) or a whole number of seconds. */
  private static Duration parseDuration(String property, String value) {
    try {
      if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      return Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          property + "=" + value + " is not a duration: write seconds (3600) or ISO-8601 (PT1H)");
    }
  }

  private static byte[] parseBase64(String property, String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      // The value is a secret: never repeat it in the message.
      throw new IllegalArgumentException(
          property + " is not base64 (e.g. the output of: head -c 32 /dev/urandom | base64)");
    }
  }

  private static int parseInt(String property, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + "=" + value + " is not a whole number of bytes");
    }
  }
}
