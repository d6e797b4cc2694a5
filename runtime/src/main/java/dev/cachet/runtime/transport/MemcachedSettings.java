package dev.cachet.runtime.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link MemcachedTransport} reaches its pool. Immutable; start from {@link #servers(String)}
 * and change what differs from the defaults:
 *
 * <pre>{@code
 * MemcachedSettings settings = MemcachedSettings.servers("10.0.0.1:11211 10.0.0.2:11211")
 *     .withOpTimeout(Duration.ofMillis(100));
 * }</pre>
 *
 * @param servers {@code host:port} separated by spaces (commas are accepted too)
 * @param opTimeout longest wait for one operation's reply; default {@value #DEFAULT_OP_TIMEOUT_MILLIS} ms
 * @param connectTimeout longest wait for a connection at start; default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms
 * @param reconnectInterval pause between attempts to reconnect a lost server; default
 *     {@value #DEFAULT_RECONNECT_INTERVAL_MILLIS} ms
 * @param itemLimitBytes key plus value bytes one item may hold, as the servers' {@code -I} allows;
 *     default {@value InMemoryTransport#DEFAULT_ITEM_LIMIT_BYTES} (memcached 1.6.18 with
 *     {@code -I 1m}). Only {@link MemcachedTransport#maxItemBytes()} reads it: the servers enforce
 *     their own limit.
 * @param clock turns expiries beyond 30 days into the absolute unix times memcached expects
 */
public record MemcachedSettings(
    String servers,
    Duration opTimeout,
    Duration connectTimeout,
    Duration reconnectInterval,
    int itemLimitBytes,
    Clock clock) {
  /** Short: a cache answer that takes longer is not worth waiting for. */
  public static final long DEFAULT_OP_TIMEOUT_MILLIS = 250;

  /** Long enough for a loaded server, short enough that a dead host does not stall startup. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 1_000;

  /** Xmemcached's default is 2 s; a cache that comes back should be used again soon. */
  public static final long DEFAULT_RECONNECT_INTERVAL_MILLIS = 1_000;

  /** Checks every component. */
  public MemcachedSettings {
    Objects.requireNonNull(servers, "servers");
    if (servers.isBlank()) {
      throw new IllegalArgumentException("servers must name at least one host:port");
    }
    requirePositive(opTimeout, "opTimeout");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(reconnectInterval, "reconnectInterval");
    if (itemLimitBytes <= MemcachedKeys.LONGEST_KEY_BYTES) {
      throw new IllegalArgumentException(
          "itemLimitBytes must exceed the longest key (" + MemcachedKeys.LONGEST_KEY_BYTES + "): " + itemLimitBytes);
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** The defaults for the pool {@code servers} ({@code "host:port host:port"}). */
  public static MemcachedSettings servers(String servers) {
    return new MemcachedSettings(
        servers,
        Duration.ofMillis(DEFAULT_OP_TIMEOUT_MILLIS),
        Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS),
        Duration.ofMillis(DEFAULT_RECONNECT_INTERVAL_MILLIS),
        InMemoryTransport.DEFAULT_ITEM_LIMIT_BYTES,
        Clock.systemUTC());
  }

  /** A copy with another operation timeout. */
  public MemcachedSettings withOpTimeout(Duration timeout) {
    return new MemcachedSettings(servers, timeout, connectTimeout, reconnectInterval, itemLimitBytes, clock);
  }

  /** A copy with another connect timeout. */
  public MemcachedSettings withConnectTimeout(Duration timeout) {
    return new MemcachedSettings(servers, opTimeout, timeout, reconnectInterval, itemLimitBytes, clock);
  }

  /** A copy with another pause between reconnection attempts. */
  public MemcachedSettings withReconnectInterval(Duration interval) {
    return new MemcachedSettings(servers, opTimeout, connectTimeout, interval, itemLimitBytes, clock);
  }

  /** A copy for servers started with another {@code -I}: the key plus value bytes of their largest item. */
  public MemcachedSettings withItemLimitBytes(int limit) {
    return new MemcachedSettings(servers, opTimeout, connectTimeout, reconnectInterval, limit, clock);
  }

  /** A copy reading the time of absolute expiries from {@code otherClock}. */
  public MemcachedSettings withClock(Clock otherClock) {
    return new MemcachedSettings(servers, opTimeout, connectTimeout, reconnectInterval, itemLimitBytes, otherClock);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    if (duration.toMillis() == 0) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + duration);
    }
  }
}
