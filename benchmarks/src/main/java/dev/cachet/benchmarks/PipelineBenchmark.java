package dev.cachet.benchmarks;

import dev.cachet.runtime.internal.value.ForySerializer;
import dev.cachet.runtime.internal.value.StoredValue;
import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.internal.value.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.SerializingTranscoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode then decode the image list: Cachet's pipeline (Fory, zstd, header, checksum) against
 * Xmemcached's default {@link SerializingTranscoder} (Java serialization, gzip above 16 KiB). No
 * network: both write to memory. Encoded sizes are printed once per trial ({@code # size}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PipelineBenchmark {
  private static final String KEY = "images/f:bench";

  private List<Image> images;
  private SingleSlotTransport transport;
  private ValueStore cachet;
  private SerializingTranscoder xmemcached;
  private byte[] cachetStored;
  private CachedData xmemcachedStored;

  @Setup(Level.Trial)
  public void prepare() throws ValueException {
    images = Inputs.images(Inputs.IMAGE_COUNT);
    transport = new SingleSlotTransport(1_048_507);
    cachet = new ValueStore(transport, new ForySerializer(Inputs.allowlist()), ValueSettings.defaults());
    // Xmemcached's own limit is memcached's default item size; the image list must fit it.
    xmemcached = new SerializingTranscoder(64 << 20);

    WriteResult written = cachet.write(KEY, images, 1, Duration.ZERO);
    cachetStored = transport.item(KEY);
    xmemcachedStored = xmemcached.encode(images);
    check(cachet.read(KEY, cachetStored).value());
    check(xmemcached.decode(xmemcachedStored));
    System.out.printf(
        "%n# size cachet serialized=%d stored=%d chunks=%d compressed=%s; xmemcached stored=%d flags=%d%n",
        written.serializedBytes(),
        written.storedBytes(),
        written.chunks(),
        written.compressed(),
        xmemcachedStored.getData().length,
        xmemcachedStored.getFlag());
  }

  private void check(Object decoded) {
    @SuppressWarnings("unchecked")
    List<Image> back = (List<Image>) decoded;
    Image last = back.get(back.size() - 1);
    if (back.size() != images.size()
        || !last.imageId.equals(images.get(images.size() - 1).imageId)
        || last.blockDevices.get(0).image != last) {
      throw new IllegalStateException("round trip lost data");
    }
  }

  @Benchmark
  public Object cachetEncodeDecode() throws ValueException {
    cachet.write(KEY, images, 1, Duration.ZERO);
    StoredValue read = cachet.read(KEY, transport.item(KEY));
    return read.value();
  }

  @Benchmark
  public Object xmemcachedEncodeDecode() {
    CachedData data = xmemcached.encode(images);
    return xmemcached.decode(data);
  }

  @Benchmark
  public Object cachetEncode() throws ValueException {
    return cachet.write(KEY, images, 1, Duration.ZERO);
  }

  @Benchmark
  public Object xmemcachedEncode() {
    return xmemcached.encode(images);
  }

  @Benchmark
  public Object cachetDecode() throws ValueException {
    return cachet.read(KEY, cachetStored).value();
  }

  @Benchmark
  public Object xmemcachedDecode() {
    // A fresh CachedData, as a get returns: the transcoder caches the decoded object on it.
    return xmemcached.decode(new CachedData(xmemcachedStored.getFlag(), xmemcachedStored.getData()));
  }
}
