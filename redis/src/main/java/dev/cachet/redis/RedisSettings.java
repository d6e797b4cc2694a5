package dev.cachet.redis;

import dev.cachet.runtime.spi.TransportProvider;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisTransport} reaches its server: the builder's options ({@link
 * TransportProvider.Request}) with this store's defaults.
 *
 * @param uri the server, as Lettuce parses it (password, TLS, Sentinel, database)
 * @param operationTimeout longest wait for one operation's reply
 * @param connectTimeout longest wait for a connection and its handshake ({@code HELLO}, {@code AUTH})
 * @param reconnectInterval the longest pause between attempts to reach a lost server
 * @param timeoutsToOpen consecutive timeouts that open the circuit breaker
 * @param coolOff how long an open breaker refuses calls before one probe
 * @param itemSize key plus value bytes of the largest item; larger values are chunked
 */
record RedisSettings(
    RedisURI uri,
    Duration operationTimeout,
    Duration connectTimeout,
    Duration reconnectInterval,
    int timeoutsToOpen,
    Duration coolOff,
    int itemSize) {
  /**
   * Key plus value bytes of one item by default: 1 MiB, memcached's default and the largest size
   * whose SET and GET stay around a millisecond of the single-threaded server's time on the
   * development VM (docs/benchmarks.md, "Redis item size"); a larger value is chunked.
   */
  static final int DEFAULT_ITEM_SIZE = 1_048_576;

  /** As memcached's: a dead host must not stall startup, a loaded server gets a second. */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** As memcached's: a server that is back is used again within about a second. */
  static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(1);

  RedisSettings {
    Objects.requireNonNull(uri, "uri");
  }

  /** The settings of a request for {@link TransportProvider#REDIS}. */
  static RedisSettings of(TransportProvider.Request request) {
    return new RedisSettings(
        parse(request.target()),
        request.operationTimeout(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_RECONNECT_INTERVAL,
        request.circuitBreakerTimeouts(),
        request.circuitBreakerCoolOff(),
        request.itemSize() == 0 ? DEFAULT_ITEM_SIZE : request.itemSize());
  }

  /**
   * Lettuce's reading of {@code target}: {@code redis://}, {@code rediss://}, {@code
   * redis-sentinel://}, user and password included.
   *
   * @throws IllegalArgumentException saying what does not parse, without the password
   */
  static RedisURI parse(String target) {
    String trimmed = target.trim();
    if (trimmed.contains(" ")) {
      throw new IllegalArgumentException(
          "redis(...) takes one URI; a cluster's nodes go to redisCluster(...)");
    }
    if (!trimmed.contains("://")) {
      throw new IllegalArgumentException(
          "not a Redis URI: write redis://host:port (rediss:// for TLS, redis-sentinel://h:26379#primary)");
    }
    try {
      return RedisURI.create(trimmed);
    } catch (RuntimeException e) {
      // Lettuce's message may quote the URI, and with it the password.
      throw new IllegalArgumentException(
          "not a Redis URI (" + e.getClass().getSimpleName()
              + "): write redis://[user:password@]host:port, rediss:// for TLS, redis-sentinel://h:26379#primary");
    }
  }

  /** {@code redis 127.0.0.1:6379}, {@code redis tls ...}, {@code redis sentinel h:26379 primary p}: no password. */
  String describe() {
    if (!uri.getSentinels().isEmpty()) {
      StringBuilder text = new StringBuilder("redis sentinel");
      for (RedisURI sentinel : uri.getSentinels()) {
        text.append(' ').append(sentinel.getHost()).append(':').append(sentinel.getPort());
      }
      return text.append(" primary ").append(uri.getSentinelMasterId()).toString();
    }
    return "redis " + (uri.isSsl() ? "tls " : "") + uri.getHost() + ":" + uri.getPort();
  }

  /** {@code host:port} of the server (the first sentinel for Sentinel), the key of its statistics. */
  String address() {
    RedisURI first = uri.getSentinels().isEmpty() ? uri : uri.getSentinels().get(0);
    return first.getHost() + ":" + first.getPort();
  }
}
