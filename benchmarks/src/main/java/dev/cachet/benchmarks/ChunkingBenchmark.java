package dev.cachet.benchmarks;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.internal.value.ForySerializer;
import dev.cachet.runtime.internal.value.StoredValue;
import dev.cachet.runtime.internal.value.ValueException;
import dev.cachet.runtime.internal.value.ValueSettings;
import dev.cachet.runtime.internal.value.ValueStore;
import dev.cachet.runtime.internal.value.WriteResult;
import dev.cachet.runtime.spi.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * A 10 MB incompressible value set and read back through real memcached: split into chunks on a
 * server with the default 1 MB item size ({@code chunked}), against the same pipeline storing it
 * whole on a server started with {@code -I 64m} ({@code whole}). Each trial starts its own server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChunkingBenchmark {
  private static final String KEY = "blob/f:ten-megabytes";

  @Param({"chunked", "whole"})
  public String layout;

  private MemcachedProcess server;
  private Transport transport;
  private ValueStore store;
  private byte[] value;

  @Setup(Level.Trial)
  public void start() throws IOException, InterruptedException, ValueException {
    boolean whole = layout.equals("whole");
    server = whole ? MemcachedProcess.start("-m", "256", "-I", "64m") : MemcachedProcess.start("-m", "256");
    MemcachedSettings settings =
        MemcachedSettings.servers(server.address()).withOperationTimeout(Duration.ofSeconds(5));
    if (whole) {
      settings = settings.withItemSize(64 << 20);
    }
    transport = MemcachedTransport.connect(settings);
    store = new ValueStore(transport, new ForySerializer(), ValueSettings.defaults());
    value = Inputs.randomBytes(10 * 1000 * 1000);
    WriteResult written = store.write(KEY, value, 1, Duration.ofMinutes(10));
    if ((written.chunks() > 0) == whole) {
      throw new IllegalStateException(layout + " wrote " + written.chunks() + " chunks");
    }
    byte[] back = (byte[]) setAndGet();
    if (!java.util.Arrays.equals(value, back)) {
      throw new IllegalStateException("10 MB value did not round-trip");
    }
    System.out.printf("%n# layout=%s chunks=%d stored=%d%n", layout, written.chunks(), written.storedBytes());
  }

  @TearDown(Level.Trial)
  public void stop() {
    transport.close();
    server.close();
  }

  @Benchmark
  public Object setAndGet() throws ValueException {
    store.write(KEY, value, 1, Duration.ofMinutes(10));
    byte[] entry = transport.getAll(List.of(KEY)).get(KEY);
    StoredValue read = store.read(KEY, entry);
    return read.value();
  }
}
