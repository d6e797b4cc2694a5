/**
 * JMH benchmarks of Cachet's value pipeline against its baselines, and the data they share:
 * {@link dev.cachet.benchmarks.Inputs} builds the image list (a few thousand images, each with
 * block devices pointing back at it), random bytes and a small object.
 *
 * <p>{@code CompressionBenchmark} (in {@code dev.cachet.runtime.value}, to reach the codecs) picks
 * the default codec; {@link dev.cachet.benchmarks.PipelineBenchmark} compares Cachet's encode and
 * decode with Xmemcached's default transcoder; {@link dev.cachet.benchmarks.ChunkingBenchmark}
 * compares a chunked 10 MB value with one stored whole in a memcached started with {@code -I 64m}.
 * The commands and the figures are in {@code docs/benchmarks.md}.
 */
package dev.cachet.benchmarks;
