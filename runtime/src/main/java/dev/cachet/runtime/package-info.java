/**
 * Cachet's runtime, for users: {@link dev.cachet.runtime.Cachet} (with {@link
 * dev.cachet.runtime.Cachet.Builder} and {@link dev.cachet.runtime.Cachet.RegionOptions}, or
 * {@link dev.cachet.runtime.Cachet#fromProperties}), {@link dev.cachet.runtime.CacheKey}, {@link
 * dev.cachet.runtime.CacheStatistics} with {@link dev.cachet.runtime.DecodeFailure}, and {@link
 * dev.cachet.runtime.CachetException}.
 *
 * <p>The runtime has three tiers, and only the first two are for users:
 *
 * <pre>
 *   dev.cachet.runtime           the API: configure, invalidate, read statistics
 *   dev.cachet.runtime.metrics   the API: statistics as Micrometer meters
 *   dev.cachet.runtime.fst       the API: FST as the serializer, for values Fory cannot read
 *   dev.cachet.runtime.spi       what users may implement: Transport, Serializer
 *   dev.cachet.runtime.internal  what generated code calls, and the implementation; not for users
 * </pre>
 *
 * <p>On the module path these are the module {@code dev.cachet.runtime}, which exports the five
 * packages above and none of the implementation packages under {@code internal}.
 *
 * <p>A call flows from a generated decorator through {@code internal.CachedOperation} (near
 * cache, one round trip for a hit, the miss protocol of {@code internal.coordination}, the value
 * pipeline of {@code internal.value}) to a {@link dev.cachet.runtime.spi.Transport}; the internal
 * package's documentation draws it.
 */
package dev.cachet.runtime;
