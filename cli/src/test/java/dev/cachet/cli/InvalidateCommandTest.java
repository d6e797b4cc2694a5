package dev.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.value.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The keys Cachet keeps beside the entries are refused by invalidate, each with what to do. */
class InvalidateCommandTest {
  @Test
  void theKeysCachetKeepsBesideTheEntriesAreNotEntries() {
    assertMessage("is not an entry's key but the generation of namespace image",
        () -> InvalidateCommand.requireEntry("image", WireFormat.generationKey("image")));
    assertMessage("the generation of namespace image",
        () -> InvalidateCommand.requireEntry("image", WireFormat.generationKey("image") + "@127.0.0.1:11211"));
    assertMessage("a chunk of a large value",
        () -> InvalidateCommand.requireEntry("image", WireFormat.chunkKeyPrefix("image/1:a", 7) + "0"));
    assertMessage("the refresh lock of an entry",
        () -> InvalidateCommand.requireEntry("image", WireFormat.refreshLockKey("image/1:a")));
    assertMessage("the change mark of namespace image",
        () -> InvalidateCommand.requireEntry("image", WireFormat.changesKey("image")));
    InvalidateCommand.requireEntry("image", "image/1f3a9c2e:alice");
  }

  private static void assertMessage(String expected, Executable call) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(message.contains(expected), message);
  }
}
