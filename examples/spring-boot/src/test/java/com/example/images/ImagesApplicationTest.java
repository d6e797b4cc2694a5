package com.example.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.Cachet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The service started on a real port and asked over HTTP, as a user would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImagesApplicationTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired ImageService images;
  @Autowired Cachet cachet;

  @Test
  void theServiceIsCachedAndARegistrationIsSeenAtTheNextCall() throws Exception {
    assertThat(images).isInstanceOf(CachingImageService.class);
    if (System.getenv("CACHET_REDIS") != null) {
      assertThat(cachet.toString()).as("the store the environment names").contains("redis");
    }

    assertThat(get("/images/alice/eu")).isEqualTo("[]");
    assertThat(get("/images/alice/eu")).isEqualTo("[]");
    assertThat(cachet.statistics().namespace("image_list").hits()).isEqualTo(1);

    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(uri("/images/alice/eu"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"img-1\",\"name\":\"debian\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(get("/images/alice/eu")).isEqualTo("[{\"id\":\"img-1\",\"name\":\"debian\"}]");
  }

  @Test
  void theActuatorEndpointShowsTheCacheAndInvalidatesAnEntry() throws Exception {
    get("/images/bob/us");
    assertThat(get("/actuator/cachet")).contains("\"image_list\"").contains("\"long_term\"");
    assertThat(get("/actuator/health")).contains("\"cachet\"").contains("\"UP\"");

    long misses = cachet.statistics().namespace("image_list").misses();
    HttpResponse<String> deleted =
        http.send(
            HttpRequest.newBuilder(uri("/actuator/cachet/image_list/bob/us")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.body()).contains("\"acknowledged\":true");
    get("/images/bob/us");
    assertThat(cachet.statistics().namespace("image_list").misses()).isEqualTo(misses + 1);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
