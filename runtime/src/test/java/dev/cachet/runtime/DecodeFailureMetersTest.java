package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cachet.runtime.internal.Internals;
import dev.cachet.runtime.internal.coordination.NamespaceEvents;
import dev.cachet.runtime.metrics.CachetMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every reason a read can be refused for reaches statistics and Micrometer under its own name:
 * the binder takes the reasons from {@link DecodeFailure#values()}, so a new one cannot be missed.
 */
class DecodeFailureMetersTest {
  @Test
  void everyDecodeFailureIsCountedInStatisticsAndExportedToMicrometer() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Cachet cachet = Cachet.builder().inMemory().region("r", Duration.ofMinutes(1)).build()) {
      NamespaceEvents counters = Internals.counters(cachet, "image");
      new CachetMetrics(cachet).bindTo(registry);
      DecodeFailure[] reasons = DecodeFailure.values();
      for (int i = 0; i < reasons.length; i++) {
        for (int n = 0; n <= i; n++) {
          counters.decodeFailure(reasons[i]); // i + 1 of each, to tell them apart
        }
      }
      for (int i = 0; i < reasons.length; i++) {
        String reason = reasons[i].name();
        assertEquals(i + 1L, cachet.statistics().namespace("image").decodeFailures().get(reason), reason);
        FunctionCounter meter =
            registry
                .find("cachet.decode.failures")
                .tags("cache", "image", "reason", reason.toLowerCase(Locale.ROOT))
                .functionCounter();
        assertNotNull(meter, reason + " has no meter");
        assertEquals(i + 1.0, meter.count(), reason);
      }
    }
  }
}
