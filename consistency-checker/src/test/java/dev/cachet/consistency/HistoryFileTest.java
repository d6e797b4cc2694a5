package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {
  @TempDir Path dir;

  @Test
  void recordsOfSeveralThreadsReadBackExactly() throws Exception {
    Path file = dir.resolve("p3.history");
    Set<Op> written = new HashSet<>();
    try (HistoryFile.Writer writer = HistoryFile.create(file, 3)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        HistoryFile.Recorder recorder = writer.recorder(t);
        int thread = t;
        // Enough records to fill each thread's buffer several times over.
        for (int i = 0; i < 5_000; i++) {
          // Every combination of the six flags.
          written.add(new Op(3, thread, OpType.values()[i % 4], i % 8, i, i % 3 == 0 ? -1 : i + 1, i + 2,
              i * 7L, i % 64));
        }
        threads.add(new Thread(() -> {
          try {
            for (int i = 0; i < 5_000; i++) {
              recorder.record(OpType.values()[i % 4], i % 64, i % 8, i, i % 3 == 0 ? -1 : i + 1, i + 2, i * 7L);
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
    }
    Set<Op> read = new HashSet<>();
    long count = HistoryFile.replay(file, read::add);
    assertEquals(10_000, count);
    assertEquals(written, read);
  }

  @Test
  void aHistoryOfTheFormatWithoutFaultFlagsIsRefused() throws IOException {
    // Format 1 recorded no faults: read as today's, every read would look as if none had happened.
    Path file = dir.resolve("old.history");
    try (HistoryFile.Writer writer = HistoryFile.create(file, 0)) {
      writer.recorder(0).record(OpType.READ, 0, 1, 10, -1, 20, 0);
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[4] = 1; // the format, little-endian, after the 4-byte magic
    Files.write(file, bytes);
    IOException refused = assertThrows(IOException.class, () -> HistoryFile.replay(file, op -> {}));
    assertTrue(refused.getMessage().contains("not a history file of format 2"), refused.getMessage());
  }

  @Test
  void aHistoryCutInsideARecordIsRefused() throws IOException {
    Path file = dir.resolve("cut.history");
    try (HistoryFile.Writer writer = HistoryFile.create(file, 0)) {
      writer.recorder(0).record(OpType.READ, 0, 1, 10, -1, 20, 0);
    }
    Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    assertThrows(IOException.class, () -> HistoryFile.replay(file, op -> {}));
  }
}
