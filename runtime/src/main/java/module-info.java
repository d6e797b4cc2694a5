/**
 * Cachet's runtime, in three tiers: the API users call ({@code dev.cachet.runtime}, its Micrometer
 * binder and the FST option), the SPI users may implement ({@code dev.cachet.runtime.spi}), and
 * what generated code calls ({@code dev.cachet.runtime.internal}), exported to every module
 * because decorators are generated into the user's own. The implementation packages under it are
 * exported to none but {@code dev.cachet.redis}, the Redis store, which reuses the transports'
 * circuit breaker. A build without that module compiles this descriptor all the same, hence the
 * suppressed "module not found" warning.
 */
@SuppressWarnings("module")
module dev.cachet.runtime {
  requires org.slf4j;
  requires xmemcached;
  requires org.apache.fory.core;
  requires org.lz4.java;
  requires com.github.luben.zstd_jni;
  requires static fst;
  requires static micrometer.core;

  exports dev.cachet.runtime;
  exports dev.cachet.runtime.metrics;
  exports dev.cachet.runtime.fst;
  exports dev.cachet.runtime.spi;
  exports dev.cachet.runtime.internal;
  // The Redis store reuses the circuit breaker, the key rule and the late deletes of the memcached
  // one; no other module sees them.
  exports dev.cachet.runtime.internal.transport to
      dev.cachet.redis;

  // Stores in artifacts of their own (cachet-redis), so that the runtime needs no client of theirs.
  uses dev.cachet.runtime.spi.TransportProvider;
}
