package dev.cachet.redis.testing;

import dev.cachet.redis.RedisTransportProvider;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportProvider;
import java.time.Clock;
import java.time.Duration;

/** Redis transports for tests, opened through the provider as {@code Cachet.builder().redis(...)} opens them. */
public final class RedisTransports {
  /** memcached 1.6.18's default item limit, which the runtime's transport contract is written for. */
  public static final int MEMCACHED_ITEM_SIZE = 1_048_517;

  private RedisTransports() {}

  /** A transport to {@code uri} with the default breaker and item size. */
  public static Transport open(String uri, Duration operationTimeout, Clock clock) {
    return open(uri, operationTimeout, clock, 0);
  }

  /** As {@link #open(String, Duration, Clock)}, with an item size ({@code 0}: the store's default). */
  public static Transport open(String uri, Duration operationTimeout, Clock clock, int itemSize) {
    return new RedisTransportProvider()
        .open(
            new TransportProvider.Request(
                TransportProvider.REDIS, uri, operationTimeout, 3, Duration.ofSeconds(1), itemSize, clock));
  }
}
