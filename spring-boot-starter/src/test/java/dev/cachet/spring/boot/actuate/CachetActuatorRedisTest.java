package dev.cachet.spring.boot.actuate;

import static dev.cachet.spring.boot.actuate.Healths.await;
import static dev.cachet.spring.boot.actuate.Healths.server;
import static dev.cachet.spring.boot.actuate.Healths.unusable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.redis.testing.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoint and health indicator against a real redis-server, killed and restarted. */
class CachetActuatorRedisTest {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  private ApplicationContextRunner runner() {
    // Exact call counts hold only while the store answers in time, even on a loaded machine.
    return ActuatorContexts.runner().withPropertyValues("cachet.redis=" + redis.uri(), "cachet.operation-timeout=2s");
  }

  @Test
  void theEndpointReadsTheServersInfo() {
    runner()
        .run(
            context -> {
              Gallery gallery = context.getBean(Gallery.class);
              gallery.imageList("alice", "EU");
              gallery.imageList("alice", "EU");

              CachetEndpoint.CachetDescriptor report = context.getBean(CachetEndpoint.class).cachet();

              assertThat(report.namespaces().get("image_list").counts().hits()).isEqualTo(1);
              CachetEndpoint.ServerDescriptor server = report.servers().get(redis.get().address());
              assertThat(server).as("servers: %s", report.servers()).isNotNull();
              assertThat(server.reachable()).isTrue();
              assertThat(server.breaker()).isEqualTo("closed");
              assertThat(server.stats()).containsKeys("redis_version", "used_memory", "keyspace_hits", "db0");
              assertThat(server.stats()).doesNotContainKey("process_id");
            });
  }

  @Test
  void healthGoesDownWithTheServerAndUpWhenItReturns() {
    runner()
        .run(
            context -> {
              CachetHealthIndicator indicator = context.getBean(CachetHealthIndicator.class);
              String address = redis.get().address();
              Health up = indicator.health();
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              assertThat(up.getDetails()).containsEntry("store", "redis").doesNotContainKey("unusable");
              assertThat(server(up, address)).containsEntry("status", "UP").containsKey("redis_version");

              redis.get().kill();
              Health down = await(indicator, health -> health.getStatus().equals(Status.DOWN));
              assertThat(unusable(down)).containsExactly(address);
              assertThat(server(down, address)).containsEntry("status", "DOWN").containsKey("error");

              redis.get().restart();
              Health back = await(indicator, health -> health.getStatus().equals(Status.UP));
              assertThat(back.getDetails()).doesNotContainKey("unusable");
            });
  }
}
