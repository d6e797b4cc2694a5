package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionFileTest {
  @TempDir Path dir;

  @Test
  void incrementsThroughTwoMappingsOfOneFileAreAllCounted() throws Exception {
    // Two mappings stand for two processes: each has its own MappedByteBuffer on the same pages.
    Path path = dir.resolve("truth.bin");
    try (VersionFile first = VersionFile.create(path, 4);
        VersionFile second = VersionFile.open(path)) {
      List<Thread> threads = new ArrayList<>();
      for (VersionFile truth : List.of(first, second, first, second)) {
        threads.add(new Thread(() -> {
          for (int i = 0; i < 10_000; i++) {
            truth.increment(i % 4);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      assertArrayEquals(new long[] {10_000, 10_000, 10_000, 10_000}, second.snapshot());
      assertEquals(10_001, first.increment(2), "an increment returns the version it wrote");
    }
  }
}
