package dev.cachet.runtime.internal.transport;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link MemcachedTransport} reaches its pool. Immutable; start from {@link #servers(String)}
 * and change what differs from the defaults:
 *
 * <pre>{@code
 * MemcachedSettings settings = MemcachedSettings.servers("10.0.0.1:11211 10.0.0.2:11211")
 *     .withOperationTimeout(Duration.ofMillis(100));
 * }</pre>
 *
 * @param servers {@code host:port} separated by spaces (commas are accepted too)
 * @param operationTimeout longest wait for one operation's reply; default {@value
 *     #DEFAULT_OPERATION_TIMEOUT_MILLIS} ms
 * @param connectTimeout longest wait for a connection at start; default {@value
 *     #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms
 * @param reconnectInterval pause between attempts to reconnect a lost server; default
 *     {@value #DEFAULT_RECONNECT_INTERVAL_MILLIS} ms
 * @param itemSize key plus value bytes one item may hold, as the servers' {@code -I} allows;
 *     default {@value InMemoryTransport#DEFAULT_ITEM_SIZE} (memcached 1.6.18 with
 *     {@code -I 1m}). Only {@link MemcachedTransport#maxItemBytes()} reads it: the servers enforce
 *     their own limit.
 * @param clock turns expiries beyond 30 days into the absolute unix times memcached expects
 * @param timeoutsToOpen consecutive timeouts on one server that open its circuit breaker; default
 *     {@value #DEFAULT_TIMEOUTS_TO_OPEN}
 * @param coolOff how long an open breaker refuses a server's keys before one probe is let through;
 *     default {@value #DEFAULT_COOL_OFF_MILLIS} ms
 * @param username SASL user name, or {@code null} for none; set with {@link #withAuthentication}
 * @param password SASL password, or {@code null} for none; never printed by {@link #toString()}
 */
public record MemcachedSettings(
    String servers,
    Duration operationTimeout,
    Duration connectTimeout,
    Duration reconnectInterval,
    int itemSize,
    Clock clock,
    int timeoutsToOpen,
    Duration coolOff,
    String username,
    String password) {
  /** Short: a cache answer that takes longer is not worth waiting for. */
  public static final long DEFAULT_OPERATION_TIMEOUT_MILLIS = 250;

  /** Long enough for a loaded server, short enough that a dead host does not stall startup. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 1_000;

  /** Xmemcached's default is 2 s; a cache that comes back should be used again soon. */
  public static final long DEFAULT_RECONNECT_INTERVAL_MILLIS = 1_000;

  /** A few timeouts in a row: one slow reply does not open the breaker, a frozen server soon does. */
  public static final int DEFAULT_TIMEOUTS_TO_OPEN = 3;

  /** One probe per second per frozen server: at most one caller a second pays the op timeout. */
  public static final long DEFAULT_COOL_OFF_MILLIS = 1_000;

  /** Checks every component. */
  public MemcachedSettings {
    addresses(servers);
    requirePositive(operationTimeout, "operationTimeout");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(reconnectInterval, "reconnectInterval");
    if (itemSize <= MemcachedKeys.LONGEST_KEY_BYTES) {
      throw new IllegalArgumentException(
          "itemSize must exceed the longest key (" + MemcachedKeys.LONGEST_KEY_BYTES + "): " + itemSize);
    }
    Objects.requireNonNull(clock, "clock");
    checkCircuitBreaker(timeoutsToOpen, coolOff);
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("give both a SASL username and a password, or neither");
    }
    if (username != null) {
      checkAuthentication(username, password);
    }
  }

  /** The one check of a circuit breaker's settings, for the builder, properties and this record. */
  public static void checkCircuitBreaker(int timeoutsToOpen, Duration coolOff) {
    if (timeoutsToOpen < 1) {
      throw new IllegalArgumentException(
          "the circuit breaker needs at least 1 timeout to open: " + timeoutsToOpen);
    }
    requirePositive(coolOff, "circuit breaker cool-off");
  }

  /** The one check of SASL credentials, for the builder, properties and this record. */
  public static void checkAuthentication(String username, String password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("the SASL username must not be empty");
    }
  }

  /**
   * The addresses of {@code servers}: {@code host:port}, separated by spaces or commas. The one
   * parser of a server list, for the builder, properties and the transport alike; resolves no
   * host name.
   *
   * @throws IllegalArgumentException naming the address that is not {@code host:port}
   */
  public static List<String> addresses(String servers) {
    Objects.requireNonNull(servers, "servers");
    List<String> addresses = new ArrayList<>();
    for (String address : servers.trim().split("[\\s,]+")) {
      if (address.isEmpty()) {
        continue;
      }
      int colon = address.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "memcached server \"" + address + "\" is not host:port (e.g. 127.0.0.1:11211)");
      }
      addresses.add(address);
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException(
          "no memcached server given; write host:port, separated by spaces");
    }
    return addresses;
  }

  /** The defaults for the pool {@code servers} ({@code "host:port host:port"}). */
  public static MemcachedSettings servers(String servers) {
    return new MemcachedSettings(
        servers,
        Duration.ofMillis(DEFAULT_OPERATION_TIMEOUT_MILLIS),
        Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS),
        Duration.ofMillis(DEFAULT_RECONNECT_INTERVAL_MILLIS),
        InMemoryTransport.DEFAULT_ITEM_SIZE,
        Clock.systemUTC(),
        DEFAULT_TIMEOUTS_TO_OPEN,
        Duration.ofMillis(DEFAULT_COOL_OFF_MILLIS),
        null,
        null);
  }

  /** {@code true} when SASL credentials are set: the binary protocol is used. */
  public boolean authenticated() {
    return username != null;
  }

  /** A copy with another operation timeout. */
  public MemcachedSettings withOperationTimeout(Duration timeout) {
    return new MemcachedSettings(
        servers, timeout, connectTimeout, reconnectInterval, itemSize, clock, timeoutsToOpen, coolOff,
        username, password);
  }

  /** A copy with another connect timeout. */
  public MemcachedSettings withConnectTimeout(Duration timeout) {
    return new MemcachedSettings(
        servers, operationTimeout, timeout, reconnectInterval, itemSize, clock, timeoutsToOpen, coolOff,
        username, password);
  }

  /** A copy with another pause between reconnection attempts. */
  public MemcachedSettings withReconnectInterval(Duration interval) {
    return new MemcachedSettings(
        servers, operationTimeout, connectTimeout, interval, itemSize, clock, timeoutsToOpen, coolOff,
        username, password);
  }

  /** A copy for servers started with another {@code -I}: the key plus value bytes of their largest item. */
  public MemcachedSettings withItemSize(int limit) {
    return new MemcachedSettings(
        servers, operationTimeout, connectTimeout, reconnectInterval, limit, clock, timeoutsToOpen, coolOff,
        username, password);
  }

  /** A copy reading the time of absolute expiries from {@code otherClock}. */
  public MemcachedSettings withClock(Clock otherClock) {
    return new MemcachedSettings(
        servers, operationTimeout, connectTimeout, reconnectInterval, itemSize, otherClock, timeoutsToOpen,
        coolOff, username, password);
  }

  /**
   * A copy whose per-server circuit breaker opens after {@code timeouts} consecutive timeouts and
   * refuses the server's keys for {@code coolOffPeriod} before probing it.
   */
  public MemcachedSettings withCircuitBreaker(int timeouts, Duration coolOffPeriod) {
    return new MemcachedSettings(
        servers, operationTimeout, connectTimeout, reconnectInterval, itemSize, clock, timeouts,
        coolOffPeriod, username, password);
  }

  /**
   * A copy that authenticates to every server with SASL PLAIN as {@code user}. SASL needs
   * memcached's binary protocol, so the transport switches to it (servers started with
   * {@code -S} speak nothing else).
   */
  public MemcachedSettings withAuthentication(String user, String secret) {
    checkAuthentication(user, secret);
    return new MemcachedSettings(
        servers, operationTimeout, connectTimeout, reconnectInterval, itemSize, clock, timeoutsToOpen,
        coolOff, user, secret);
  }

  /** Every component but the password. */
  @Override
  public String toString() {
    return "MemcachedSettings[servers=" + servers
        + ", operationTimeout=" + operationTimeout
        + ", connectTimeout=" + connectTimeout
        + ", reconnectInterval=" + reconnectInterval
        + ", itemSize=" + itemSize
        + ", clock=" + clock
        + ", timeoutsToOpen=" + timeoutsToOpen
        + ", coolOff=" + coolOff
        + ", username=" + username
        + ", password=" + (password == null ? "null" : "(hidden)")
        + "]";
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

  /** The servers' socket addresses, in order; parsed by {@link #addresses}. */
  static List<InetSocketAddress> socketAddresses(String servers) {
    List<InetSocketAddress> parsed = new ArrayList<>();
    for (String address : addresses(servers)) {
      int colon = address.lastIndexOf(':');
      parsed.add(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
    }
    return parsed;
  }
}
