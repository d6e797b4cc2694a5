package dev.cachet.runtime;

import java.time.Duration;
import java.util.Properties;

/**
 * A configured cache: regions with their expiry, a transport (memcached or in memory) and the
 * value pipeline. Thread-safe; share one per process and close it on shutdown.
 */
public final class Cachet implements AutoCloseable {
  private Cachet() {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code cachet.servers=host:port host:port} (absent: in memory) and
   * {@code cachet.region.<name>.expire=PT1H} or seconds.
   */
  public static Cachet fromProperties(Properties properties) {
    throw new UnsupportedOperationException("runtime not wired yet");
  }

  /** Drops one entry; every process sees it at its next call. Never throws for cache faults. */
  public void invalidate(CacheKey key) {
    throw new UnsupportedOperationException("runtime not wired yet");
  }

  /** Drops every entry of a namespace in O(1); every process sees it at its next call. */
  public void invalidateAll(String namespace) {
    throw new UnsupportedOperationException("runtime not wired yet");
  }

  /**
   * For generated decorators: throws {@link IllegalArgumentException} naming every one of
   * {@code regions} this instance does not define.
   */
  public void requireRegions(String decorator, String... regions) {
    throw new UnsupportedOperationException("runtime not wired yet");
  }

  @Override
  public void close() {}

  /** Configures a {@link Cachet}, in the style of {@code Caffeine.newBuilder()}. */
  public static final class Builder {
    Builder() {}

    public Builder memcached(String servers) {
      throw new UnsupportedOperationException("runtime not wired yet");
    }

    public Builder inMemory() {
      throw new UnsupportedOperationException("runtime not wired yet");
    }

    public Builder region(String name, Duration expiry) {
      throw new UnsupportedOperationException("runtime not wired yet");
    }

    public Cachet build() {
      throw new UnsupportedOperationException("runtime not wired yet");
    }
  }
}
