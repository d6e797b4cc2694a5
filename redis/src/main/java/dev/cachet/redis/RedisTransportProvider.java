package dev.cachet.redis;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportProvider;

/**
 * The service through which {@code Cachet.builder().redis(uri)} and {@code cachet.redis} open
 * {@link RedisTransport}. {@code redisCluster} is not built yet and says so.
 */
public final class RedisTransportProvider implements TransportProvider {
  /** For {@link java.util.ServiceLoader}. */
  public RedisTransportProvider() {}

  @Override
  public boolean opens(String kind) {
    return REDIS.equals(kind) || REDIS_CLUSTER.equals(kind);
  }

  @Override
  public void check(String kind, String target) {
    if (REDIS_CLUSTER.equals(kind)) {
      throw notYet();
    }
    RedisSettings.parse(target);
  }

  @Override
  public Transport open(Request request) {
    if (REDIS_CLUSTER.equals(request.kind())) {
      throw notYet();
    }
    return RedisTransport.connect(RedisSettings.of(request));
  }

  private static UnsupportedOperationException notYet() {
    return new UnsupportedOperationException(
        "redisCluster(...) is not supported yet by this version of cachet-redis: use redis(...) with one"
            + " server (or redis-sentinel://) until the Cluster store lands (issue 25)");
  }
}
