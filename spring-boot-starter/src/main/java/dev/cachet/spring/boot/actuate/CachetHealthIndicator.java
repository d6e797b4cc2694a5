package dev.cachet.spring.boot.actuate;

import dev.cachet.runtime.Cachet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of Cachet's store, contributed as {@code cachet}.
 *
 * <ul>
 *   <li>In-memory store: always {@code UP}, with {@code store: in-memory} and its item count and
 *       bytes.
 *   <li>memcached: each server is usable when it answers {@code stats} and its circuit breaker is
 *       closed. {@code UP} while at least one server is usable, {@code DOWN} only when none is.
 *       The cache is fail-open: a lost server costs its share of hits, never a failed call, so one
 *       lost server of several must not turn the application's aggregate health {@code DOWN} (and
 *       have a load balancer or an orchestrator take every instance out at once). The details list
 *       every server, and those not usable under {@code unusable}, so a lost server is visible
 *       either way; with one server, losing it is {@code DOWN}.
 *   <li>Redis: the same, for its one server ({@code INFO} and the circuit breaker), with {@code
 *       store: redis}.
 *   <li>A custom transport that reports no servers: {@code UNKNOWN}.
 * </ul>
 *
 * A check costs one {@code stats} (or {@code INFO}) round trip per server, each bounded by Cachet's operation
 * timeout (250 ms by default), so a frozen server delays the check by that much and no more. It
 * never throws: a fault is a detail, or {@code DOWN}.
 */
public class CachetHealthIndicator extends AbstractHealthIndicator {
  /** What a server's detail shows of its statistics: memcached's {@code stats}, Redis's {@code INFO}. */
  private static final List<String> SHOWN =
      List.of("version", "curr_items", "bytes", "evictions", "redis_version", "used_memory", "evicted_keys", "db0");

  /** What {@link Cachet#serverStatistics()} names the in-memory store. */
  static final String IN_MEMORY = "in-memory";

  private final Cachet cachet;

  public CachetHealthIndicator(Cachet cachet) {
    super("Cachet health check failed");
    this.cachet = Objects.requireNonNull(cachet, "cachet");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Map<String, Map<String, String>> servers = cachet.serverStatistics();
    if (servers.isEmpty()) {
      builder.unknown().withDetail("store", cachet.toString()).withDetail("reason", "the store reports no servers");
      return;
    }
    if (servers.size() == 1 && servers.containsKey(IN_MEMORY)) {
      Map<String, String> stats = servers.get(IN_MEMORY);
      builder
          .up()
          .withDetail("store", IN_MEMORY)
          .withDetail("items", stats.getOrDefault("curr_items", "?"))
          .withDetail("bytes", stats.getOrDefault("bytes", "?"));
      return;
    }
    Map<String, Map<String, String>> details = new LinkedHashMap<>();
    List<String> unusable = new ArrayList<>();
    servers.forEach(
        (server, stats) -> {
          Map<String, String> detail = new LinkedHashMap<>();
          String error = stats.get("error");
          String breaker = stats.getOrDefault("breaker", "closed");
          boolean usable = error == null && !"open".equals(breaker);
          detail.put("status", usable ? "UP" : "DOWN");
          detail.put("breaker", breaker);
          if (error != null) {
            detail.put("error", error);
          }
          for (String field : SHOWN) {
            String value = stats.get(field);
            if (value != null) {
              detail.put(field, value);
            }
          }
          details.put(server, detail);
          if (!usable) {
            unusable.add(server);
          }
        });
    if (unusable.size() == servers.size()) {
      builder.down();
    } else {
      builder.up();
    }
    // Redis names its version in INFO; otherwise only the memcached transport names a breaker, and
    // a custom transport is not called memcached.
    if (servers.values().stream().anyMatch(stats -> stats.containsKey("redis_version"))) {
      builder.withDetail("store", "redis");
    } else if (servers.values().stream().anyMatch(stats -> stats.containsKey("breaker"))) {
      builder.withDetail("store", "memcached");
    }
    builder.withDetail("servers", details);
    if (!unusable.isEmpty()) {
      builder.withDetail("unusable", unusable);
    }
  }
}
