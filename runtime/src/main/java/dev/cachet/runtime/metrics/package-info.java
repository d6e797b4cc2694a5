/**
 * Micrometer meters over {@link dev.cachet.runtime.Cachet#statistics()}, for applications that
 * have Micrometer (an optional dependency of the runtime: nothing here loads unless used).
 *
 * <pre>
 *   new CachetMetrics(cachet).bindTo(registry)
 *     per namespace known to cachet: FunctionCounters (and one FunctionTimer) tagged
 *     cache=&lt;namespace&gt; region=&lt;region&gt;, each reading a fresh statistics snapshot when scraped;
 *     one cachet.decode.failures counter per DecodeFailure.values(), so a new reason is never missed
 * </pre>
 */
package dev.cachet.runtime.metrics;
