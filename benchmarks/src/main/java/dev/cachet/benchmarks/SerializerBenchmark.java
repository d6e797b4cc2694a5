package dev.cachet.benchmarks;

import dev.cachet.runtime.fst.FstSerializer;
import dev.cachet.runtime.internal.value.ForySerializer;
import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.internal.value.WriteResult;
import dev.cachet.runtime.spi.Serializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole pipeline (serialize, zstd, header) writing and reading the image list with the
 * default Fory serializer and with the optional FST one. The fork gets FST's eight flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    jvmArgsAppend = {
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.math=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.sql/java.sql=ALL-UNNAMED"
    })
public class SerializerBenchmark {
  private static final String KEY = "images/f:serializer";

  @Param({"fory", "fst"})
  public String serializer;

  private List<Image> images;
  private SingleSlotTransport transport;
  private ValueStore store;

  @Setup(Level.Trial)
  public void prepare() throws ValueException {
    images = Inputs.images(Inputs.IMAGE_COUNT);
    transport = new SingleSlotTransport(1_048_267);
    Serializer chosen = serializer.equals("fst") ? new FstSerializer() : new ForySerializer(Inputs.allowlist());
    store = new ValueStore(transport, chosen, ValueSettings.defaults());
    WriteResult written = store.write(KEY, images, 1, Duration.ZERO);
    @SuppressWarnings("unchecked")
    List<Image> back = (List<Image>) store.read(KEY, transport.item(KEY)).value();
    if (back.size() != images.size() || back.get(7).blockDevices.get(0).image != back.get(7)) {
      throw new IllegalStateException(serializer + " lost the image list's shape");
    }
    System.out.printf(
        "%n# size serializer=%s serialized=%d stored=%d chunks=%d%n",
        serializer, written.serializedBytes(), written.storedBytes(), written.chunks());
  }

  @Benchmark
  public Object encodeDecode() throws ValueException {
    store.write(KEY, images, 1, Duration.ZERO);
    return store.read(KEY, transport.item(KEY)).value();
  }
}
