/**
 * Cachet's runtime, for users: {@link dev.cachet.runtime.Cachet} (with {@link
 * dev.cachet.runtime.Cachet.Builder} and {@link dev.cachet.runtime.Cachet.RegionOptions}, or
 * {@link dev.cachet.runtime.Cachet#fromProperties}), {@link dev.cachet.runtime.CacheKey}, {@link
 * dev.cachet.runtime.CacheStatistics} with {@link dev.cachet.runtime.DecodeFailure}, and {@link
 * dev.cachet.runtime.CachetException}.
 *
 * <p>For tools (the CLI, the Spring Boot starter's Actuator endpoint, your own): {@link
 * dev.cachet.runtime.CacheKey#of(String, String)} turns a key's text back into a key, checked;
 * {@link dev.cachet.runtime.CacheKey#isNamespace} is the one namespace grammar; {@link
 * dev.cachet.runtime.CachetManifest} reads the build-time manifests the processor writes and
 * builds an entry's key from text arguments through the generated keys methods.
 *
 * <p>The runtime has three tiers, and only the first two are for users:
 *
 * <pre>
 *   dev.cachet.runtime           the API: configure, invalidate, read statistics and manifests
 *   dev.cachet.runtime.metrics   the API: statistics as Micrometer meters
 *   dev.cachet.runtime.fst       the API: FST as the serializer, for values Fory cannot read
 *   dev.cachet.runtime.spi       what users may implement: Transport, Serializer
 *   dev.cachet.runtime.internal  what generated code calls; not for users
 * </pre>
 *
 * <p>On the module path these are the module {@code dev.cachet.runtime}, which exports the five
 * packages above and none of the implementation packages under {@code internal} ({@code
 * settings}, {@code coordination}, {@code value}, {@code transport}).
 *
 * <p>Configuration has one model: the builder's setters check each option, and {@code build()}
 * makes the one immutable settings value the engine opens from. Text takes one way into it,
 * {@link dev.cachet.runtime.CachetSpec}, which calls those same setters.
 *
 * <p>A call flows from a generated decorator through {@code internal.CachedOperation} (near
 * cache, one round trip for a hit, the miss protocol of {@code internal.coordination}, the value
 * pipeline of {@code internal.value}) to a {@link dev.cachet.runtime.spi.Transport}; the internal
 * package's documentation draws it.
 */
package dev.cachet.runtime;
