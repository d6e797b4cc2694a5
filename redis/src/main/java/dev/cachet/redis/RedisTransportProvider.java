package dev.cachet.redis;

import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.TransportProvider;

/**
 * The service through which {@code Cachet.builder().redis(uri)} and {@code cachet.redis} open
 * {@link RedisTransport}, and {@code Cachet.builder().redisCluster(uris)} and {@code
 * cachet.redis-cluster} open {@link RedisClusterTransport}.
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
      RedisSettings.parseCluster(target);
    } else {
      RedisSettings.parse(target);
    }
  }

  @Override
  public Transport open(Request request) {
    RedisSettings settings = RedisSettings.of(request);
    return REDIS_CLUSTER.equals(request.kind())
        ? RedisClusterTransport.connect(settings)
        : RedisTransport.connect(settings);
  }
}
