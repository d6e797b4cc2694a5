package dev.cachet.runtime.internal;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.coordination.NamespaceEvents;
import dev.cachet.runtime.internal.settings.Region;
import dev.cachet.runtime.spi.Transport;

/** What tests outside this package read of a {@link Cachet}'s engine. */
@SuppressWarnings("exports") // a test helper, compiled into the module for tests only
public final class Internals {
  private Internals() {}

  /** A Cachet's package-private parts are reached through its superclass's type. */
  private static Engine engine(Cachet cachet) {
    return cachet;
  }

  public static Transport transport(Cachet cachet) {
    return engine(cachet).transport;
  }

  public static NamespaceEvents counters(Cachet cachet, String namespace) {
    return engine(cachet).counters(namespace);
  }

  public static Region region(Cachet cachet, String name) {
    return engine(cachet).region(name);
  }
}
