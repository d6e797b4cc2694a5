package dev.cachet.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.springframework.boot.health.contributor.Health;

/** Reading the health indicator's details, and waiting for a health that a fault brings. */
final class Healths {
  /** Clients reconnect in the background: Xmemcached backs off by a second more each attempt. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Healths() {}

  static List<Object> unusable(Health health) {
    return List.copyOf((List<?>) health.getDetails().get("unusable"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> server(Health health, String address) {
    return ((Map<String, Map<String, String>>) health.getDetails().get("servers")).get(address);
  }

  /** The first health that matches, polled until the deadline; the last one seen fails the test. */
  static Health await(CachetHealthIndicator indicator, Predicate<Health> condition) {
    AtomicReference<Health> health = new AtomicReference<>();
    Awaitility.await("health")
        .atMost(DEADLINE)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              health.set(indicator.health());
              assertThat(condition).as("health within %s: %s", DEADLINE, health.get()).accepts(health.get());
            });
    return health.get();
  }
}
