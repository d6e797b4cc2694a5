package dev.cachet.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachet.runtime.testing.MemcachedExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The endpoint and the health contributor over HTTP, as an operator reaches them, with a real memcached. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "cachet.region.short.expire=60",
      "management.endpoints.web.exposure.include=cachet,health",
      "management.endpoint.health.show-details=always"
    })
class CachetActuatorHttpTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.servers(1);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    registry.add("cachet.servers", MEMCACHED::addresses);
    // Exact counts hold only while the store answers in time, which 250 ms is not on a loaded machine.
    registry.add("cachet.operation-timeout", () -> "2s");
  }

  /** The application: Boot's auto-configuration, the starter's among it, and a Gallery bean. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(GalleryConfiguration.class)
  static class Application {}

  @LocalServerPort int port;
  @Autowired Gallery gallery;
  @Autowired Calls calls;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void readsInvalidatesAndReportsHealth() throws Exception {
    // The other test kills the server; the client must be connected again before hits can happen.
    awaitHealth(200);
    gallery.imageList("http", "EU");
    gallery.imageList("http", "EU");
    gallery.imageList("http", "US");

    HttpResponse<String> read = send("GET", "/actuator/cachet");
    assertThat(read.statusCode()).isEqualTo(200);
    JsonNode report = JSON.readTree(read.body());
    JsonNode imageList = report.path("namespaces").path("image_list");
    assertThat(imageList.path("regions").get(0).asString()).isEqualTo("short");
    assertThat(imageList.path("counts").path("hits").asLong()).isEqualTo(1);
    assertThat(imageList.path("counts").path("misses").asLong()).isEqualTo(2);
    assertThat(report.path("regions").path("short").path("misses").asLong()).isEqualTo(2);
    JsonNode server = report.path("servers").path(MEMCACHED.get(0).address());
    assertThat(server.path("reachable").asBoolean()).isTrue();
    assertThat(server.path("breaker").asString()).isEqualTo("closed");
    assertThat(server.path("stats").path("version").asString()).isNotBlank();

    HttpResponse<String> entry = send("DELETE", "/actuator/cachet/image_list/http/EU");
    assertThat(entry.statusCode()).isEqualTo(200);
    JsonNode dropped = JSON.readTree(entry.body());
    assertThat(dropped.path("key").asString()).isEqualTo(GalleryKeys.imageList("http", "EU").key());
    assertThat(dropped.path("acknowledged").asBoolean()).isTrue();
    gallery.imageList("http", "EU");
    gallery.imageList("http", "US");
    assertThat(calls.of("imageList", "http", "EU")).isEqualTo(2);
    assertThat(calls.of("imageList", "http", "US")).isEqualTo(1);

    HttpResponse<String> namespace = send("DELETE", "/actuator/cachet/image_list");
    assertThat(namespace.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(namespace.body()).path("acknowledged").asBoolean()).isTrue();
    gallery.imageList("http", "US");
    assertThat(calls.of("imageList", "http", "US")).isEqualTo(2);

    assertThat(send("DELETE", "/actuator/cachet/no_such_namespace").statusCode()).isEqualTo(400);
    assertThat(send("DELETE", "/actuator/cachet/image_list/only-one").statusCode()).isEqualTo(400);

    HttpResponse<String> health = send("GET", "/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode cachet = JSON.readTree(health.body()).path("components").path("cachet");
    assertThat(cachet.path("status").asString()).isEqualTo("UP");
    assertThat(cachet.path("details").path("store").asString()).isEqualTo("memcached");
    assertThat(cachet.path("details").path("servers").path(MEMCACHED.get(0).address()).path("status").asString())
        .isEqualTo("UP");
  }

  @Test
  void healthIsDownOverHttpWhenThePoolIsGone() throws Exception {
    awaitHealth(200);
    MEMCACHED.get(0).kill();
    HttpResponse<String> health = awaitHealth(503);
    JsonNode cachet = JSON.readTree(health.body()).path("components").path("cachet");
    assertThat(cachet.path("status").asString()).isEqualTo("DOWN");
    assertThat(cachet.path("details").path("unusable").get(0).asString()).isEqualTo(MEMCACHED.get(0).address());
  }

  /** The first {@code /actuator/health} answer with {@code status}, polled for up to 30 s. */
  private HttpResponse<String> awaitHealth(int status) {
    AtomicReference<HttpResponse<String>> health = new AtomicReference<>();
    await("/actuator/health answering " + status)
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              health.set(send("GET", "/actuator/health"));
              assertThat(health.get().statusCode()).as(health.get().body()).isEqualTo(status);
            });
    return health.get();
  }

  private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
