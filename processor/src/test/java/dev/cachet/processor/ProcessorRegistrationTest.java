package dev.cachet.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Test;

/** How build tools find the processor and what it declares. */
class ProcessorRegistrationTest {
  @Test
  void javacFindsItThroughTheServiceLoader() {
    assertTrue(
        ServiceLoader.load(Processor.class).stream()
            .anyMatch(provider -> provider.type() == CachetProcessor.class));
  }

  @Test
  void gradleTreatsItAsIsolating() throws IOException {
    try (InputStream in =
        CachetProcessor.class.getResourceAsStream(
            "/META-INF/gradle/incremental.annotation.processors")) {
      assertEquals(
          "dev.cachet.processor.CachetProcessor,isolating",
          new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }

  @Test
  void supportsTheLatestSourceVersionAndClaimsOnlyCachetAnnotations() {
    CachetProcessor processor = new CachetProcessor();
    assertEquals(SourceVersion.latestSupported(), processor.getSupportedSourceVersion());
    assertEquals(
        java.util.Set.of("dev.cachet.Cached", "dev.cachet.Invalidates", "dev.cachet.Invalidates.List"),
        processor.getSupportedAnnotationTypes());
  }
}
