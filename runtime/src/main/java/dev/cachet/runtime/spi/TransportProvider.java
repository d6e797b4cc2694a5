package dev.cachet.runtime.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens a store that lives in an artifact of its own, so that the runtime does not depend on its
 * client library: {@code cachet-redis} provides one for {@link #REDIS} and {@link #REDIS_CLUSTER}
 * (on Lettuce). {@link dev.cachet.runtime.Cachet.Builder#redis} and {@link
 * dev.cachet.runtime.Cachet.Builder#redisCluster} find it with {@link java.util.ServiceLoader}: a
 * provider is declared with {@code provides dev.cachet.runtime.spi.TransportProvider with ...} in
 * its module descriptor and in {@code META-INF/services/dev.cachet.runtime.spi.TransportProvider}
 * for the class path, and needs a public no-argument constructor.
 *
 * <p>The transport it opens keeps the {@link Transport} contract, and one more promise: opening
 * never waits long and never fails because the store is down (a {@code Cachet} must start while
 * its store is away, answer every call from the delegate, and cache once the store is back).
 */
public interface TransportProvider {
  /** One Redis server (or a primary found through Sentinel): {@code redis://host:port}. */
  String REDIS = "redis";

  /** A Redis Cluster, by any of its nodes: {@code redis://h1:7000 redis://h2:7001}. */
  String REDIS_CLUSTER = "redis-cluster";

  /** {@code true} when this provider opens stores of {@code kind} ({@link #REDIS}, ...). */
  boolean opens(String kind);

  /**
   * Checks {@code target} as the builder's setter receives it, before anything is opened, so that a
   * malformed address fails where it was written.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code target}; the message must not
   *     repeat a password it holds
   */
  void check(String kind, String target);

  /**
   * Opens the store {@code request} names. Returns within about the connect timeout whether or not
   * the store answers; a store that is down is connected in the background.
   *
   * @throws IllegalArgumentException when the request's target does not parse
   */
  Transport open(Request request);

  /**
   * What the builder knows about the store to open: the options a user sets on {@code
   * Cachet.builder()} for the stores Cachet opens itself.
   *
   * @param kind {@link #REDIS} or {@link #REDIS_CLUSTER}
   * @param target as written, e.g. {@code redis://user:password@host:6379}
   * @param operationTimeout longest wait for one operation's reply
   * @param circuitBreakerTimeouts consecutive timeouts on one server that open its circuit breaker
   * @param circuitBreakerCoolOff how long an open breaker refuses a server before one probe
   * @param itemSize the largest key plus value bytes of one item, or 0 for the provider's own
   *     default (values larger than the item size less 250 bytes are chunked by the runtime)
   * @param clock the configured clock, for a store that needs absolute times
   */
  record Request(
      String kind,
      String target,
      Duration operationTimeout,
      int circuitBreakerTimeouts,
      Duration circuitBreakerCoolOff,
      int itemSize,
      Clock clock) {
    /** Checks that nothing is missing; the values themselves were checked by the builder. */
    public Request {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(operationTimeout, "operationTimeout");
      Objects.requireNonNull(circuitBreakerCoolOff, "circuitBreakerCoolOff");
      Objects.requireNonNull(clock, "clock");
      if (itemSize < 0) {
        throw new IllegalArgumentException("itemSize must not be negative: " + itemSize);
      }
    }

    /** Every component but the target, which may hold a password. */
    @Override
    public String toString() {
      return "Request[kind=" + kind + ", operationTimeout=" + operationTimeout
          + ", circuitBreakerTimeouts=" + circuitBreakerTimeouts
          + ", circuitBreakerCoolOff=" + circuitBreakerCoolOff + ", itemSize=" + itemSize + "]";
    }
  }
}
