package dev.cachet.runtime.internal.settings;

import dev.cachet.runtime.internal.coordination.WaitClock;
import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A whole configuration, made only by {@code Cachet.Builder#build()}, which checks it, and immutable
 * from then on: the engine hands each part the slice it reads ({@link #memcached()} to the transport, {@link
 * #values(Region)} to each region's value store). Absent options are {@code null} (or empty)
 * here, so that each default is stated once, where the slice is made.
 *
 * @param servers memcached addresses, empty unless memcached was chosen
 * @param transport a transport of the user's own, or {@code null}
 * @param provider the provider of a store in another artifact (Redis), or {@code null}
 * @param providerKind the kind of store {@code provider} opens ({@link TransportProvider#REDIS}, ...)
 * @param providerTarget its address as written, which may hold a password
 * @param regions every region, by name, in definition order
 * @param nearSlots slots of each method's near cache; 0 when it is off
 * @param nearStaleness how long after another process's invalidation a near copy may still be
 *     served, for a store other processes share
 * @param waitClock what lock waits read and pause by: the system's, unless a test of the runtime
 *     gives its own
 * @param transportWrapper what the opened transport is wrapped in (counting, fault injection), or
 *     {@code null}
 */
public record Settings(
    List<String> servers,
    Transport transport,
    TransportProvider provider,
    String providerKind,
    String providerTarget,
    Map<String, Region> regions,
    Duration operationTimeout,
    Integer itemSize,
    Integer maxValueBytes,
    Clock clock,
    Serializer serializer,
    Integer breakerTimeouts,
    Duration breakerCoolOff,
    String username,
    String password,
    byte[] signingKey,
    int nearSlots,
    Duration nearStaleness,
    Set<Class<?>> allowedClasses,
    WaitClock waitClock,
    UnaryOperator<Transport> transportWrapper) {

  public Settings {
    servers = List.copyOf(servers);
    // Kept in definition order, as documented; Map.copyOf would not.
    regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
    allowedClasses = Set.copyOf(allowedClasses);
    signingKey = signingKey == null ? null : signingKey.clone();
    waitClock = waitClock == null ? WaitClock.SYSTEM : waitClock;
  }

  /** One second: four syncs a second per process, and a copy never more than a second stale. */
  public static final Duration DEFAULT_NEAR_STALENESS = Duration.ofSeconds(1);

  /** The bound near copies of a shared store keep to; {@code null} when the near cache is off. */
  public Duration nearBound() {
    return nearSlots == 0 ? null : nearStaleness != null ? nearStaleness : DEFAULT_NEAR_STALENESS;
  }

  /** The clock freshness and creation times are read from. */
  public Clock effectiveClock() {
    return clock != null ? clock : Clock.systemUTC();
  }

  /** The memcached transport's slice; only when {@link #servers} is not empty. */
  public MemcachedSettings memcached() {
    MemcachedSettings settings =
        MemcachedSettings.servers(String.join(" ", servers))
            .withOperationTimeout(
                operationTimeout != null
                    ? operationTimeout
                    : Duration.ofMillis(MemcachedSettings.DEFAULT_OPERATION_TIMEOUT_MILLIS))
            .withClock(effectiveClock());
    if (itemSize != null) {
      settings = settings.withItemSize(itemSize);
    }
    if (breakerTimeouts != null) {
      settings = settings.withCircuitBreaker(breakerTimeouts, breakerCoolOff);
    }
    if (username != null) {
      settings = settings.withAuthentication(username, password);
    }
    return settings;
  }

  /** The provided store's slice; only when {@link #provider} is set. */
  public TransportProvider.Request providerRequest() {
    return new TransportProvider.Request(
        providerKind,
        providerTarget,
        operationTimeout != null
            ? operationTimeout
            : Duration.ofMillis(MemcachedSettings.DEFAULT_OPERATION_TIMEOUT_MILLIS),
        breakerTimeouts != null ? breakerTimeouts : MemcachedSettings.DEFAULT_TIMEOUTS_TO_OPEN,
        breakerCoolOff != null ? breakerCoolOff : Duration.ofMillis(MemcachedSettings.DEFAULT_COOL_OFF_MILLIS),
        itemSize != null ? itemSize : 0,
        effectiveClock());
  }

  /** The value pipeline's slice for one region. */
  public ValueSettings values(Region region) {
    ValueSettings values = ValueSettings.defaults().withClock(effectiveClock());
    if (maxValueBytes != null) {
      values = values.withMaxValueBytes(maxValueBytes);
    }
    if (signingKey != null) {
      values = values.withSigningKey(signingKey);
    }
    return values
        .withCompressionThreshold(region.compressionThreshold())
        .withCompression(region.compression());
  }

  /** Keeps the signing key out of logs. */
  @Override
  public String toString() {
    return "Settings{servers=" + servers + ", regions=" + regions.keySet() + "}";
  }
}
