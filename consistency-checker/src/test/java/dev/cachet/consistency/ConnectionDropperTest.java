package dev.cachet.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.testing.MemcachedServer;
import dev.cachet.runtime.testing.TextClient;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ConnectionDropperTest {
  @Test
  void aDropClosesEveryConnectionToTheServerWhichThenAnswersNewOnes() throws IOException {
    try (MemcachedServer server = MemcachedServer.start();
        TextClient first = new TextClient(server.port(), 2_000);
        TextClient second = new TextClient(server.port(), 2_000)) {
      assertEquals("STORED\r\n", first.exchange("set k 0 0 1\r\nv\r\n", "\r\n"));
      second.exchange("version\r\n", "\r\n");
      ConnectionDropper dropper = ConnectionDropper.probe();

      String what = dropper.drop(server);

      assertThrows(IOException.class, () -> first.exchange("get k\r\n", "END\r\n"), what);
      assertThrows(IOException.class, () -> second.exchange("get k\r\n", "END\r\n"), what);
      try (TextClient after = new TextClient(server.port(), 2_000)) {
        assertTrue(after.exchange("version\r\n", "\r\n").startsWith("VERSION "), what);
      }
    }
  }
}
