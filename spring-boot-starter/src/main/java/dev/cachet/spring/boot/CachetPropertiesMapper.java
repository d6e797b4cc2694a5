package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;

/**
 * Maps the bound {@link CachetSpringProperties} onto {@link Cachet#builder()}, each typed value
 * onto the setter that checks it, with no text in between; a property left unset is not passed,
 * so the builder applies its own default. The rules are those of {@code CachetSpec}, the same
 * names as text: a duration without a unit is in seconds (bound so), the username and password go
 * together, near-cache-staleness needs near-cache, the circuit breaker's unset half takes the
 * builder's default, a region needs its expire.
 *
 * <p>Every value a setter refuses is collected, named by its property with the value as the user
 * wrote it and where (as Spring's {@link ConfigurationProperty} knows them), and all are reported
 * at once in one {@link IllegalArgumentException} whose message starts {@code Cachet properties:},
 * as the runtime's own. A password's or signing key's value is never repeated.
 */
final class CachetPropertiesMapper {
  private static final String PREFIX = "cachet.";
  /** Properties whose value is never repeated: a Redis URI may hold a password. */
  private static final Set<String> SECRETS =
      Set.of("cachet.password", "cachet.signing-key", "cachet.redis", "cachet.redis-cluster");

  private final Iterable<ConfigurationPropertySource> sources;
  private final List<String> problems = new ArrayList<>();

  /** Property name to the builder's word for the option it set, for {@link #conflict}. */
  private final Map<String, String> applied = new LinkedHashMap<>();

  /** {@code sources}: where the values were bound from, to quote them as written (may be empty). */
  CachetPropertiesMapper(Iterable<ConfigurationPropertySource> sources) {
    this.sources = sources;
  }

  /**
   * A builder holding every Cachet property of {@code properties}.
   *
   * @throws IllegalArgumentException naming every property whose value the builder refused
   */
  Cachet.Builder toBuilder(CachetSpringProperties properties) {
    Cachet.Builder builder = Cachet.builder();
    PropertyMapper map = PropertyMapper.get();
    store(builder, properties);
    map.from(properties::getOperationTimeout)
        .to(set("operation-timeout", "operation timeout", builder::operationTimeout));
    map.from(properties::getItemSize).to(set("item-size", "item size", builder::itemSize));
    map.from(properties::getMaxValueSize)
        .to(set("max-value-size", "max value size", builder::maxValueSize));
    map.from(properties::getSigningKey)
        .as(String::trim)
        .to(set("signing-key", "signing key", key -> builder.signingKey(base64(key))));
    authentication(builder, properties);
    circuitBreaker(builder, properties.getCircuitBreaker());
    nearCache(builder, properties);
    properties.getRegion().forEach((name, region) -> region(builder, name, region));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Cachet properties: " + String.join("; ", problems));
    }
    return builder;
  }

  /**
   * The startup error for a customizer whose call the builder refused as already made ({@code
   * refusal}): names the properties that set the option, when the builder's message shows which.
   */
  IllegalStateException conflict(String customizer, IllegalStateException refusal) {
    String message = String.valueOf(refusal.getMessage());
    List<String> properties = new ArrayList<>();
    applied.forEach(
        (property, option) -> {
          if (message.contains(option)) {
            properties.add(property);
          }
        });
    String who =
        properties.isEmpty()
            ? "a cachet.* property or an earlier customizer and the CachetBuilderCustomizer "
                + customizer
                + " both set the same option"
            : "the property "
                + String.join(" and ", properties)
                + " and the CachetBuilderCustomizer "
                + customizer
                + " both set it";
    // No cause, so that the root cause of the startup failure is this message; the builder's
    // refusal is kept as suppressed.
    IllegalStateException conflict =
        new IllegalStateException(
            "Cachet properties: "
                + who
                + " ("
                + message
                + "); set it in one place: drop the property or the customizer's call");
    conflict.addSuppressed(refusal);
    return conflict;
  }

  /**
   * The one store property given, applied; two or more are one problem naming each. Without
   * cachet-redis on the class path a Redis property fails the startup, naming the property and the
   * dependency to add.
   */
  private void store(Cachet.Builder builder, CachetSpringProperties properties) {
    Map<String, String> given = new LinkedHashMap<>();
    Map<String, Consumer<String>> setters =
        Map.of(
            "servers", builder::memcached,
            "redis", builder::redis,
            "redis-cluster", builder::redisCluster);
    PropertyMapper map = PropertyMapper.get();
    map.from(properties::getServers).as(String::trim).whenHasText().to(value -> given.put("servers", value));
    map.from(properties::getRedis).as(String::trim).whenHasText().to(value -> given.put("redis", value));
    map.from(properties::getRedisCluster)
        .as(String::trim)
        .whenHasText()
        .to(value -> given.put("redis-cluster", value));
    if (given.size() > 1) {
      problems.add(
          written(given.keySet().stream().map(name -> PREFIX + name).toList())
              + ": give at most one of cachet.servers, cachet.redis and cachet.redis-cluster");
      return;
    }
    given.forEach(
        (name, value) -> {
          try {
            set(name, "transport", setters.get(name)).accept(value);
          } catch (IllegalStateException missingArtifact) {
            throw new IllegalStateException(PREFIX + name + ": " + missingArtifact.getMessage(), missingArtifact);
          }
        });
  }

  private void authentication(Cachet.Builder builder, CachetSpringProperties properties) {
    // The username is trimmed as CachetSpec trims it; the password is used as written.
    String username = properties.getUsername() != null ? properties.getUsername().trim() : null;
    String password = properties.getPassword();
    if ((username == null) != (password == null)) {
      problems.add("cachet.username and cachet.password go together: give both or neither");
    } else if (username != null) {
      apply(
          List.of("cachet.username", "cachet.password"),
          "authentication",
          () -> builder.authentication(username, password));
    }
  }

  private void circuitBreaker(Cachet.Builder builder, CachetSpringProperties.CircuitBreaker breaker) {
    Integer timeouts = breaker.getTimeouts();
    Duration coolOff = breaker.getCoolOff();
    if (timeouts != null || coolOff != null) {
      apply(
          List.of("cachet.circuit-breaker.timeouts", "cachet.circuit-breaker.cool-off"),
          "circuit breaker",
          () ->
              builder.circuitBreaker(
                  timeouts != null ? timeouts : Cachet.Builder.DEFAULT_CIRCUIT_BREAKER_TIMEOUTS,
                  coolOff != null ? coolOff : Cachet.Builder.DEFAULT_CIRCUIT_BREAKER_COOL_OFF));
    }
  }

  private void nearCache(Cachet.Builder builder, CachetSpringProperties properties) {
    Integer entries = properties.getNearCache();
    Duration staleness = properties.getNearCacheStaleness();
    if (entries == null && staleness != null) {
      problems.add("cachet.near-cache-staleness needs cachet.near-cache, the entries per method");
    } else if (entries != null) {
      apply(
          List.of("cachet.near-cache", "cachet.near-cache-staleness"),
          "near cache",
          () -> {
            if (staleness != null) {
              builder.nearCache(entries, staleness);
            } else {
              builder.nearCache(entries);
            }
          });
    }
  }

  private void region(Cachet.Builder builder, String name, CachetSpringProperties.Region region) {
    String prefix = "region." + name + ".";
    if (region.getExpire() == null) {
      problems.add(
          "region " + name + " has settings but no cachet." + prefix + "expire (e.g. 1h or 3600)");
      return;
    }
    PropertyMapper map = PropertyMapper.get();
    set(
            prefix + "expire",
            "region " + name + " ",
            (Duration expire) ->
                builder.region(
                    name,
                    expire,
                    options -> {
                      map.from(region::getStaleWindow)
                          .to(set(prefix + "stale-window", null, options::staleWindow));
                      map.from(region::getLockTimeout)
                          .to(set(prefix + "lock-timeout", null, options::lockTimeout));
                      map.from(region::getCompressionThreshold)
                          .to(
                              set(
                                  prefix + "compression-threshold",
                                  null,
                                  options::compressionThreshold));
                      map.from(region::getCompression)
                          .to(set(prefix + "compression", null, options::compression));
                    }))
        .accept(region.getExpire());
  }

  /**
   * A setter that records a value it refuses as a problem named {@code cachet.<name>}, and the
   * property it applied under {@code option}, the builder's word for it (null: none to record).
   */
  private <T> Consumer<T> set(String name, String option, Consumer<T> setter) {
    String property = PREFIX + name;
    return value -> {
      try {
        setter.accept(value);
        if (option != null) {
          applied.put(property, option);
        }
      } catch (IllegalArgumentException e) {
        problems.add(written(List.of(property)) + ": " + e.getMessage());
      }
    };
  }

  /** Runs a setter that takes several properties at once; a refusal names those given. */
  private void apply(List<String> properties, String option, Runnable setter) {
    try {
      setter.run();
      for (String property : properties) {
        if (asWritten(property) != null) {
          applied.put(property, option);
        }
      }
      // Bound from sources this mapper cannot see: the first property stands for the option.
      applied.putIfAbsent(properties.get(0), option);
    } catch (IllegalArgumentException e) {
      problems.add(written(properties) + ": " + e.getMessage());
    }
  }

  /**
   * {@code properties} as the user wrote them: {@code name="value" (from origin)}, for those
   * Spring knows (a secret's value left out); a property Spring does not know (set in code) by
   * its name alone.
   */
  private String written(List<String> properties) {
    List<String> given = new ArrayList<>();
    for (String name : properties) {
      ConfigurationProperty property = asWritten(name);
      if (property == null) {
        if (properties.size() == 1) {
          given.add(name);
        }
        continue;
      }
      StringBuilder text = new StringBuilder(name);
      if (!SECRETS.contains(name)) {
        text.append("=\"").append(property.getValue()).append('"');
      }
      if (property.getOrigin() != null) {
        text.append(" (from ").append(property.getOrigin()).append(')');
      }
      given.add(text.toString());
    }
    return given.isEmpty() ? String.join(", ", properties) : String.join(", ", given);
  }

  private ConfigurationProperty asWritten(String name) {
    ConfigurationPropertyName key = ConfigurationPropertyName.adapt(name, '.');
    for (ConfigurationPropertySource source : sources) {
      ConfigurationProperty property = source.getConfigurationProperty(key);
      if (property != null) {
        return property;
      }
    }
    return null;
  }

  private static byte[] base64(String key) {
    try {
      return Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      // The value is a secret: never repeat it in the message.
      throw new IllegalArgumentException(
          "not base64 (e.g. the output of: head -c 32 /dev/urandom | base64)");
    }
  }
}
