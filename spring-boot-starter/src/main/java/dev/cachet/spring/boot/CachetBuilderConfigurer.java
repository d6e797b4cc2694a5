package dev.cachet.spring.boot;

import dev.cachet.runtime.Cachet;
import dev.cachet.spring.boot.CachetConfigurationException.Problem;
import dev.cachet.spring.boot.CachetConfigurationException.Written;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.Environment;

/**
 * Maps the typed {@code cachet.*} properties onto {@link Cachet.Builder}, then the application's
 * {@link CachetBuilderCustomizer}s, then builds. Each property goes to the builder's own setter, so
 * it is checked exactly as the builder checks its argument (and as {@code CachetSpec} checks it as
 * text); the rules {@code CachetSpec} adds around the setters (an empty server list is the
 * in-memory store, the username and password go together, the circuit breaker's other half takes
 * its default, the staleness needs the near cache, a region needs its expiry) are applied here
 * too, so the two read one configuration alike.
 *
 * <p>It binds the properties itself, with a handler that collects the values Spring cannot convert
 * instead of stopping at the first, so a value Spring cannot read and a value the builder refuses
 * are reported together: every problem at once, each named as the user wrote it, with its value as
 * written (never for a secret) and its origin ({@link CachetConfigurationException}). Not
 * thread-safe; one per {@code Cachet}.
 */
final class CachetBuilderConfigurer {
  /** Values that never appear in a message. */
  private static final Set<String> SECRETS = Set.of("cachet.password", "cachet.signing-key");

  private final Binder binder;
  private final Iterable<ConfigurationPropertySource> sources;
  private final List<Problem> problems = new ArrayList<>();
  /** Properties Spring could not convert, by their bound name, so they are not reported twice. */
  private final Set<ConfigurationPropertyName> unconvertible = new HashSet<>();
  /** Each property passed to the builder, with its value as the builder got it (for tests). */
  private final Map<String, String> applied = new LinkedHashMap<>();
  /**
   * What each property set, in the words the builder's messages use: a refusal to set it twice,
   * or {@code build()} refusing a combination, is traced back to the properties it is about.
   */
  private final Map<String, List<String>> setBy = new LinkedHashMap<>();

  private CachetBuilderConfigurer(Binder binder, Iterable<ConfigurationPropertySource> sources) {
    this.binder = binder;
    this.sources = sources;
  }

  /** The {@code cachet.*} properties of the environment, placeholders resolved. */
  static CachetBuilderConfigurer of(Environment environment) {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
    return new CachetBuilderConfigurer(
        new Binder(sources, new PropertySourcesPlaceholdersResolver(environment)), sources);
  }

  /** The {@code cachet.*} properties of these sources (tests). */
  static CachetBuilderConfigurer of(Iterable<ConfigurationPropertySource> sources) {
    return new CachetBuilderConfigurer(new Binder(sources), sources);
  }

  /**
   * A {@link Cachet} from the properties, then the customizers, in their order.
   *
   * @throws CachetConfigurationException naming every bad property, or the property a customizer
   *     also set, or the properties {@code build()} refuses together
   */
  Cachet build(Iterable<CachetBuilderCustomizer> customizers) {
    Cachet.Builder builder = configure(Cachet.builder());
    for (CachetBuilderCustomizer customizer : customizers) {
      try {
        customizer.customize(builder);
      } catch (IllegalStateException e) {
        throw traced(
            e,
            "a CachetBuilderCustomizer (" + customizer.getClass().getName() + ") sets it too, and the"
                + " builder refused the second setting: " + e.getMessage()
                + ". Set it in one place: the property or the customizer");
      }
    }
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw traced(e, e.getMessage());
    }
  }

  /**
   * {@code builder} with every {@code cachet.*} property set on it.
   *
   * @throws CachetConfigurationException naming every bad property
   */
  Cachet.Builder configure(Cachet.Builder builder) {
    CachetSpringProperties properties = bind();
    PropertyMapper map = PropertyMapper.get();
    map.from(properties::getServers)
        .as(String::trim)
        .whenNot(String::isEmpty)
        .to(set("cachet.servers", builder::memcached, "the transport is already chosen"));
    map.from(properties::getOperationTimeout)
        .to(set("cachet.operation-timeout", builder::operationTimeout, "operation timeout", "operationTimeout"));
    map.from(properties::getItemSize)
        .to(set("cachet.item-size", builder::itemSize, "item size", "itemSize"));
    map.from(properties::getMaxValueSize)
        .to(set("cachet.max-value-size", builder::maxValueSize, "max value size"));
    map.from(properties::getSigningKey)
        .as(String::trim)
        .to(set("cachet.signing-key", key -> builder.signingKey(base64(key)), "signing key"));
    circuitBreaker(properties.getCircuitBreaker(), builder);
    nearCache(properties, builder);
    authentication(properties, builder);
    properties.getRegion().forEach((name, region) -> region(name, region, builder));
    if (!problems.isEmpty()) {
      throw new CachetConfigurationException(problems);
    }
    return builder;
  }

  /** The properties passed to the builder, with their values as it got them. */
  Map<String, String> applied() {
    return applied;
  }

  private void circuitBreaker(CachetSpringProperties.CircuitBreaker breaker, Cachet.Builder builder) {
    Integer timeouts = breaker.getTimeouts();
    Duration coolOff = breaker.getCoolOff();
    if (timeouts == null && coolOff == null) {
      return;
    }
    List<String> given = new ArrayList<>();
    if (timeouts != null) {
      given.add("cachet.circuit-breaker.timeouts");
    }
    if (coolOff != null) {
      given.add("cachet.circuit-breaker.cool-off");
    }
    try {
      builder.circuitBreaker(
          timeouts != null ? timeouts : Cachet.Builder.DEFAULT_CIRCUIT_BREAKER_TIMEOUTS,
          coolOff != null ? coolOff : Cachet.Builder.DEFAULT_CIRCUIT_BREAKER_COOL_OFF);
      record("cachet.circuit-breaker.timeouts", timeouts, "circuit breaker", "circuitBreaker");
      record("cachet.circuit-breaker.cool-off", coolOff, "circuit breaker", "circuitBreaker");
    } catch (IllegalArgumentException | IllegalStateException e) {
      problem(e.getMessage(), given.toArray(new String[0]));
    }
  }

  private void nearCache(CachetSpringProperties properties, Cachet.Builder builder) {
    Integer entries = properties.getNearCache();
    Duration staleness = properties.getNearCacheStaleness();
    if (entries == null) {
      if (staleness != null) {
        problem("needs cachet.near-cache, the entries per method", "cachet.near-cache-staleness");
      }
      return;
    }
    try {
      if (staleness != null) {
        builder.nearCache(entries, staleness);
      } else {
        builder.nearCache(entries);
      }
      record("cachet.near-cache", entries, "near cache", "nearCache");
      record("cachet.near-cache-staleness", staleness, "near cache", "nearCache");
    } catch (IllegalArgumentException | IllegalStateException e) {
      problem(
          e.getMessage(),
          staleness != null
              ? new String[] {"cachet.near-cache", "cachet.near-cache-staleness"}
              : new String[] {"cachet.near-cache"});
    }
  }

  private void authentication(CachetSpringProperties properties, Cachet.Builder builder) {
    // Trimmed as CachetSpec trims it; the password is used as written: it may end in a space.
    String username = properties.getUsername() != null ? properties.getUsername().trim() : null;
    String password = properties.getPassword();
    if ((username == null) != (password == null)) {
      problem(
          "cachet.username and cachet.password go together: give both or neither",
          username != null ? "cachet.username" : "cachet.password");
    } else if (username != null) {
      try {
        builder.authentication(username, password);
        record("cachet.username", username, "authentication");
        record("cachet.password", "******", "authentication");
      } catch (IllegalArgumentException | IllegalStateException e) {
        problem(e.getMessage(), "cachet.username");
      }
    }
  }

  private void region(String name, CachetSpringProperties.Region region, Cachet.Builder builder) {
    String prefix = "cachet.region." + name + ".";
    if (region.getExpire() == null) {
      if (!unconvertible.contains(propertyName(prefix + "expire"))) {
        problem("region " + name + " has settings but no " + prefix + "expire (e.g. 1h, PT1H or 3600)");
      }
      return;
    }
    PropertyMapper map = PropertyMapper.get();
    try {
      builder.region(
          name,
          region.getExpire(),
          options -> {
            map.from(region::getStaleWindow).to(set(prefix + "stale-window", options::staleWindow));
            map.from(region::getLockTimeout).to(set(prefix + "lock-timeout", options::lockTimeout));
            map.from(region::getCompression).to(set(prefix + "compression", options::compression));
            map.from(region::getCompressionThreshold)
                .to(set(prefix + "compression-threshold", options::compressionThreshold));
          });
      record(prefix + "expire", region.getExpire(), "region " + name + " is already defined");
    } catch (IllegalArgumentException | IllegalStateException e) {
      problem(e.getMessage(), prefix + "expire");
    }
  }

  /**
   * A consumer that hands its value to {@code setter}; a value the setter refuses is a problem
   * named by {@code property}, and one it takes is recorded with the words of {@code keywords}.
   */
  private <T> Consumer<T> set(String property, Consumer<T> setter, String... keywords) {
    return value -> {
      try {
        setter.accept(value);
        record(property, value, keywords);
      } catch (IllegalArgumentException | IllegalStateException e) {
        problem(e.getMessage(), property);
      }
    };
  }

  private void record(String property, Object value, String... keywords) {
    if (value == null) {
      return;
    }
    applied.put(
        property,
        SECRETS.contains(property)
            ? "******"
            : value instanceof Enum<?> constant
                ? constant.name().toLowerCase(Locale.ROOT)
                : value.toString());
    setBy.put(property, List.of(keywords));
  }

  /**
   * The builder's refusal, traced to the properties whose settings it names; a refusal no property
   * is part of is the application's own, and is thrown as it is.
   */
  private RuntimeException traced(IllegalStateException e, String reason) {
    String message = String.valueOf(e.getMessage());
    List<String> involved = new ArrayList<>();
    setBy.forEach(
        (property, keywords) -> {
          if (keywords.stream().anyMatch(message::contains)) {
            involved.add(property);
          }
        });
    if (involved.isEmpty()) {
      return e;
    }
    return new CachetConfigurationException(
        List.of(new Problem(written(involved.toArray(new String[0])), reason)));
  }

  private void problem(String reason, String... properties) {
    problems.add(new Problem(written(properties), String.valueOf(reason)));
  }

  /** The properties as the user wrote them. */
  private List<Written> written(String... properties) {
    List<Written> out = new ArrayList<>();
    for (String property : properties) {
      out.add(written(property, find(propertyName(property))));
    }
    return out;
  }

  private static Written written(String documented, ConfigurationProperty found) {
    if (found == null) {
      return new Written(documented, null, null);
    }
    String name = documented;
    String where = null;
    Origin origin = found.getOrigin();
    if (origin instanceof PropertySourceOrigin source) {
      name = source.getPropertyName();
      where =
          source.getOrigin() != null
              ? source.getOrigin().toString()
              : "property source \"" + source.getPropertySource().getName() + "\"";
    } else if (origin != null) {
      where = origin.toString();
    }
    String value = SECRETS.contains(documented) ? null : String.valueOf(found.getValue());
    return new Written(name, value, where);
  }

  private ConfigurationProperty find(ConfigurationPropertyName name) {
    for (ConfigurationPropertySource source : sources) {
      ConfigurationProperty property = source.getConfigurationProperty(name);
      if (property != null) {
        return property;
      }
    }
    return null;
  }

  private static ConfigurationPropertyName propertyName(String property) {
    // adapt, not of: a region's name may hold characters a canonical name does not (long_term).
    return ConfigurationPropertyName.adapt(property, '.');
  }

  /** Binds {@code cachet.*}, collecting every value Spring cannot convert as a problem. */
  private CachetSpringProperties bind() {
    BindHandler collecting =
        new BindHandler() {
          @Override
          public Object onFailure(
              ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error)
              throws Exception {
            ConfigurationProperty property = context.getConfigurationProperty();
            if (property == null || !name.equals(property.getName())) {
              throw error;
            }
            unconvertible.add(name);
            String documented = name.toString();
            problems.add(
                new Problem(List.of(written(documented, property)), unreadable(target, property, error)));
            return null;
          }
        };
    return binder
        .bind("cachet", Bindable.of(CachetSpringProperties.class), collecting)
        .orElseGet(CachetSpringProperties::new);
  }

  /** Why Spring could not read the value, in the terms the property takes. */
  private static String unreadable(Bindable<?> target, ConfigurationProperty property, Exception error) {
    Class<?> type = target.getType().resolve(Object.class);
    if (type == Duration.class) {
      return "not a duration: write 30s, 250ms, 1h, an ISO-8601 duration (PT1H) or seconds (3600)";
    }
    if (type == Integer.class || type == int.class) {
      return "not a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "not true or false";
    }
    if (type == Cachet.Codec.class) {
      try {
        Cachet.Codec.named(String.valueOf(property.getValue()));
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return "cannot be read as " + type.getSimpleName() + ": " + cause.getMessage();
  }

  private static byte[] base64(String key) {
    try {
      return Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      // The value is a secret: never repeat it in the message.
      throw new IllegalArgumentException(
          "is not base64 (e.g. the output of: head -c 32 /dev/urandom | base64)");
    }
  }
}
