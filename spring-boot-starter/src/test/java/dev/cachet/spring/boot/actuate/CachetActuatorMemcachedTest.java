package dev.cachet.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.testing.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoint and health indicator against real memcached servers, killed and restarted. */
class CachetActuatorMemcachedTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.servers(2);

  /** Xmemcached reconnects in the background, backing off by a second more each attempt. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private static ApplicationContextRunner runner(String servers) {
    // Exact call counts hold only while the store answers in time; a loaded machine has
    // outwaited the default 250 ms, and no test here pauses a server.
    return ActuatorContexts.runner()
        .withPropertyValues("cachet.servers=" + servers, "cachet.operation-timeout=2s");
  }

  @Test
  void readsStatisticsAndEachServer() {
    runner(MEMCACHED.addresses())
        .run(
            context -> {
              Gallery gallery = context.getBean(Gallery.class);
              gallery.imageList("alice", "EU");
              gallery.imageList("alice", "EU");

              CachetEndpoint.CachetDescriptor report = context.getBean(CachetEndpoint.class).cachet();

              assertThat(report.namespaces().get("image_list").counts().hits()).isEqualTo(1);
              assertThat(report.namespaces().get("image_list").counts().misses()).isEqualTo(1);
              assertThat(report.servers()).containsOnlyKeys(MEMCACHED.get(0).address(), MEMCACHED.get(1).address());
              long items = 0;
              for (CachetEndpoint.ServerDescriptor server : report.servers().values()) {
                assertThat(server.reachable()).isTrue();
                assertThat(server.breaker()).isEqualTo("closed");
                assertThat(server.stats()).containsKeys("version", "curr_items", "bytes", "evictions", "get_hits", "get_misses");
                assertThat(server.stats()).doesNotContainKey("pid");
                items += Long.parseLong(server.stats().get("curr_items"));
              }
              assertThat(items).isPositive();

              MEMCACHED.get(1).kill();
              CachetEndpoint.ServerDescriptor lost =
                  context.getBean(CachetEndpoint.class).cachet().servers().get(MEMCACHED.get(1).address());
              assertThat(lost.reachable()).isFalse();
              assertThat(lost.error()).isNotBlank();
              assertThat(lost.stats()).isEmpty();
            });
  }

  @Test
  void invalidatesAnEntryAndANamespaceInMemcached() {
    runner(MEMCACHED.addresses())
        .run(
            context -> {
              Gallery gallery = context.getBean(Gallery.class);
              Calls calls = context.getBean(Calls.class);
              CachetEndpoint endpoint = context.getBean(CachetEndpoint.class);
              gallery.imageList("alice", "EU");
              gallery.imageList("bob", "EU");
              gallery.imageList("alice", "EU");
              assertThat(calls.of("imageList", "alice", "EU")).isEqualTo(1);

              assertThat(endpoint.invalidateEntry("image_list", new String[] {"alice", "EU"}).acknowledged()).isTrue();
              gallery.imageList("alice", "EU");
              gallery.imageList("bob", "EU");
              assertThat(calls.of("imageList", "alice", "EU")).isEqualTo(2);
              assertThat(calls.of("imageList", "bob", "EU")).isEqualTo(1);

              assertThat(endpoint.invalidateNamespace("image_list").acknowledged()).isTrue();
              gallery.imageList("alice", "EU");
              gallery.imageList("bob", "EU");
              assertThat(calls.of("imageList", "alice", "EU")).isEqualTo(3);
              assertThat(calls.of("imageList", "bob", "EU")).isEqualTo(2);
            });
  }

  @Test
  void healthGoesDownWithTheOnlyServerAndUpWhenItReturns() {
    runner(MEMCACHED.get(0).address())
        .run(
            context -> {
              CachetHealthIndicator indicator = context.getBean(CachetHealthIndicator.class);
              Health up = indicator.health();
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              assertThat(up.getDetails()).containsEntry("store", "memcached").doesNotContainKey("unusable");
              assertThat(server(up, MEMCACHED.get(0).address())).containsEntry("status", "UP").containsKey("version");

              MEMCACHED.get(0).kill();
              Health down = await(indicator, health -> health.getStatus().equals(Status.DOWN));
              assertThat(unusable(down)).containsExactly(MEMCACHED.get(0).address());
              assertThat(server(down, MEMCACHED.get(0).address())).containsEntry("status", "DOWN").containsKey("error");

              MEMCACHED.get(0).restart();
              Health back = await(indicator, health -> health.getStatus().equals(Status.UP));
              assertThat(back.getDetails()).doesNotContainKey("unusable");
            });
  }

  @Test
  void oneLostServerOfTwoIsListedButNotDown() {
    runner(MEMCACHED.addresses())
        .run(
            context -> {
              CachetHealthIndicator indicator = context.getBean(CachetHealthIndicator.class);
              assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

              MEMCACHED.get(1).kill();
              Health partial = await(indicator, health -> health.getDetails().containsKey("unusable"));
              assertThat(partial.getStatus()).isEqualTo(Status.UP);
              assertThat(unusable(partial)).containsExactly(MEMCACHED.get(1).address());
              assertThat(server(partial, MEMCACHED.get(0).address())).containsEntry("status", "UP");
              assertThat(server(partial, MEMCACHED.get(1).address())).containsEntry("status", "DOWN");

              MEMCACHED.get(0).kill();
              Health down = await(indicator, health -> health.getStatus().equals(Status.DOWN));
              assertThat(unusable(down))
                  .containsExactly(MEMCACHED.get(0).address(), MEMCACHED.get(1).address());
            });
  }

  private static List<Object> unusable(Health health) {
    return List.copyOf((List<?>) health.getDetails().get("unusable"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> server(Health health, String address) {
    return ((Map<String, Map<String, String>>) health.getDetails().get("servers")).get(address);
  }

  /** The first health that matches, polled until the deadline; the last one seen fails the test. */
  private static Health await(CachetHealthIndicator indicator, Predicate<Health> condition) {
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
