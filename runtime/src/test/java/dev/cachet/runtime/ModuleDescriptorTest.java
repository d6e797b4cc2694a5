package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The runtime's module descriptor exports the API, the SPI and the package generated code calls,
 * to every module, and none of the implementation packages: an application on the module path
 * cannot compile against them. The one qualified export lets the Redis store, a module of this
 * project, reuse the transports' circuit breaker; the runtime finds that store as a service.
 */
class ModuleDescriptorTest {
  @Test
  void itExportsTheTiersAndNoImplementationPackage() throws IOException, URISyntaxException {
    Path classes = Path.of(Cachet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor descriptor;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    }
    assertEquals("dev.cachet.runtime", descriptor.name());
    Set<String> exported = new TreeSet<>();
    for (ModuleDescriptor.Exports exports : descriptor.exports()) {
      if (exports.isQualified()) {
        assertEquals("dev.cachet.runtime.internal.transport", exports.source(), exports + " is qualified");
        assertEquals(Set.of("dev.cachet.redis"), exports.targets(), exports + " is qualified");
      } else {
        exported.add(exports.source());
      }
    }
    assertEquals(
        new TreeSet<>(
            Set.of(
                "dev.cachet.runtime",
                "dev.cachet.runtime.metrics",
                "dev.cachet.runtime.fst",
                "dev.cachet.runtime.spi",
                "dev.cachet.runtime.internal")),
        exported);
    assertTrue(descriptor.opens().isEmpty(), "opens " + descriptor.opens());
    assertEquals(Set.of("dev.cachet.runtime.spi.TransportProvider"), descriptor.uses());
  }
}
