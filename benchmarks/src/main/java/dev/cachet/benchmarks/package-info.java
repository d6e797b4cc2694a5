/**
 * JMH benchmarks of Cachet's value pipeline against its baselines, and the data they share:
 * {@link dev.cachet.benchmarks.Inputs} builds the image list (a few thousand images, each with
 * block devices pointing back at it), random bytes and a small object.
 *
 * <p>{@code CompressionBenchmark} (in {@code dev.cachet.runtime.internal.value}, to reach the codecs) picks
 * the default codec; {@link dev.cachet.benchmarks.PipelineBenchmark} compares Cachet's encode and
 * decode with Xmemcached's default transcoder; {@link dev.cachet.benchmarks.ChunkingBenchmark}
 * compares a chunked 10 MB value with one stored whole in a memcached started with {@code -I 64m}.
 *
 * <p>The side-by-side comparisons: {@link dev.cachet.benchmarks.HitPathBenchmark} (one hit
 * through the generated {@code CachingCatalog}, {@link dev.cachet.benchmarks.HandWrittenCatalog},
 * Spring's {@code @Cacheable} in {@link dev.cachet.benchmarks.SpringCatalogService} and Caffeine),
 * {@link dev.cachet.benchmarks.KeyBenchmark} (generated {@code KeyShapesKeys} against hand-written,
 * Spring and SHA-1 keys), {@link dev.cachet.benchmarks.MemcachedHitBenchmark} (a hit over
 * memcached against a raw Xmemcached get; {@link dev.cachet.benchmarks.MemcachedCpuPerHit} runs
 * its variants in interleaved rounds and adds the CPU time of each hit) and
 * {@link dev.cachet.benchmarks.CompileCost} (javac
 * with and without the processor; {@link dev.cachet.benchmarks.CompileCostAB} alternates two
 * builds of the processor in one JVM). Then {@link dev.cachet.benchmarks.Report} turns JMH's JSON
 * (read by {@link dev.cachet.benchmarks.JmhResults}) into the Markdown tables and
 * {@link dev.cachet.benchmarks.HitPathPlot} draws the hit-path PNG; {@code scripts/bench.sh}
 * runs it all. The commands and the figures are in {@code docs/benchmarks.md}.
 */
package dev.cachet.benchmarks;
