/**
 * Redis and Redis Cluster as Cachet's shared store, on Lettuce. Nothing is exported: the runtime
 * finds the store as a {@link dev.cachet.runtime.spi.TransportProvider} service when the
 * application calls {@code Cachet.builder().redis(...)} or sets {@code cachet.redis}.
 */
module dev.cachet.redis {
  requires dev.cachet.runtime;
  requires lettuce.core;
  requires io.netty.buffer;
  requires io.netty.common;
  requires org.slf4j;

  provides dev.cachet.runtime.spi.TransportProvider with
      dev.cachet.redis.RedisTransportProvider;
}
