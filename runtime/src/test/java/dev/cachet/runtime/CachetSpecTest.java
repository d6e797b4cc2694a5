package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.Internals;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Text reaches the builder through CachetSpec alone, checked once, named as written. */
class CachetSpecTest {
  @Test
  void aSpecIsCheckedWhenParsedAndEachBuilderItGivesCanTakeWhatOnlyCodeSets() {
    Properties properties = new Properties();
    properties.setProperty("cachet.region.r.expire", "60");
    CachetSpec spec = CachetSpec.parse(properties);
    properties.setProperty("cachet.region.r.expire", "not read: the spec copied the properties");

    for (int i = 0; i < 2; i++) {
      try (Cachet cachet = spec.toBuilder().allowClasses(Thumb.class).build()) {
        CachedOperation.requireRegions(cachet, "Test", "r");
        assertEquals(Duration.ofMinutes(1), Internals.region(cachet, "r").expiry());
      }
    }
  }

  @Test
  void optionsSetTogetherAreNamedAsWrittenWhenRefused() {
    Properties properties = new Properties();
    properties.setProperty("cachet.circuit-breaker.timeouts", " 0 ");
    properties.setProperty("cachet.near-cache", "0");
    properties.setProperty("cachet.near-cache-staleness", "PT0.001S");

    String message =
        assertThrows(IllegalArgumentException.class, () -> CachetSpec.parse(properties)).getMessage();

    assertTrue(message.contains("cachet.circuit-breaker.timeouts=0: "), message);
    assertTrue(message.contains("cachet.near-cache=0, cachet.near-cache-staleness=PT0.001S: "), message);
  }

  @Test
  void itsTextNamesThePropertiesAndNeverTheirValues() {
    Properties properties = new Properties();
    properties.setProperty("cachet.signing-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    properties.setProperty("unrelated", "left out");

    String text = CachetSpec.parse(properties).toString();

    assertTrue(text.contains("cachet.signing-key"), text);
    assertFalse(text.contains("MDEy"), text);
    assertFalse(text.contains("unrelated"), text);
  }

  record Thumb(String name) {}
}
