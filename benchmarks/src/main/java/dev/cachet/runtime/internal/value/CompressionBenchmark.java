package dev.cachet.runtime.internal.value;

import com.github.luben.zstd.Zstd;
import dev.cachet.benchmarks.Inputs;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compress and decompress time of each codec on the three inputs, with the compressed size printed
 * once per trial ({@code # size ...} lines in the run's output). Lives in the runtime's package so
 * it measures exactly the code the pipeline runs, not a copy.
 *
 * <p>{@code ZSTD_LEVEL_3} is zstd at its library default level, to show what level 1 gives up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompressionBenchmark {
  @Param({"imageList", "random", "smallObject"})
  public String input;

  @Param({"DEFLATE", "LZ4", "ZSTD", "ZSTD_LEVEL_3"})
  public String codec;

  private byte[] raw;
  private byte[] compressed;
  private Compression compression;
  private boolean zstdLevel3;

  @Setup(Level.Trial)
  public void prepare() throws Exception {
    ForySerializer fory = new ForySerializer(Inputs.allowlist());
    switch (input) {
      case "imageList" -> raw = fory.serialize(Inputs.images(Inputs.IMAGE_COUNT));
      case "random" -> raw = Inputs.randomBytes(256 * 1024);
      case "smallObject" -> raw = fory.serialize(Inputs.smallObject());
      default -> throw new IllegalArgumentException(input);
    }
    zstdLevel3 = codec.equals("ZSTD_LEVEL_3");
    compression = zstdLevel3 ? Compression.ZSTD : Compression.valueOf(codec);
    compressed = compress();
    byte[] back = decompress();
    if (!java.util.Arrays.equals(raw, back)) {
      throw new IllegalStateException(codec + " does not round-trip " + input);
    }
    System.out.printf(
        "%n# size input=%s codec=%s raw=%d compressed=%d ratio=%.3f%n",
        input, codec, raw.length, compressed.length, (double) compressed.length / raw.length);
  }

  @Benchmark
  public byte[] compress() {
    return zstdLevel3 ? Zstd.compress(raw, 3) : compression.compress(raw);
  }

  @Benchmark
  public byte[] decompress() throws Exception {
    return compression.decompress(compressed, raw.length);
  }
}
