package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TurnCountingProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Counted on the wire to real memcached: a chunked read costs the entry's turn plus one more. */
class ChunkedReadRoundTripsTest {
  @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.server();

  @Test
  void aChunkedValueIsReadInTwoRoundTrips() throws Exception {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        MemcachedTransport transport =
            MemcachedTransport.connect(
                MemcachedSettings.servers(proxy.address()).withOperationTimeout(Duration.ofSeconds(10)))) {
      ValueStore store = new ValueStore(transport, new ForySerializer(), ValueSettings.defaults());
      byte[] value = LargeValueContract.incompressible(6 * LargeValueContract.MB, 21);
      WriteResult written = store.write("blob/f:turns", value, 1, Duration.ofMinutes(5));
      assertEquals(6, written.chunks());

      proxy.reset();
      byte[] entry = transport.getAll(List.of("blob/f:turns")).get("blob/f:turns");
      StoredValue read = store.read("blob/f:turns", entry);
      assertArrayEquals(value, (byte[]) read.value());
      assertEquals(2, proxy.turns());
    }
  }

  @Test
  void aWholeValueIsReadInOneRoundTrip() throws Exception {
    try (TurnCountingProxy proxy = TurnCountingProxy.to(MEMCACHED.get().address());
        MemcachedTransport transport = MemcachedTransport.connect(MemcachedSettings.servers(proxy.address()))) {
      ValueStore store = new ValueStore(transport, new ForySerializer(), ValueSettings.defaults());
      store.write("blob/f:one", "small", 1, Duration.ofMinutes(5));

      proxy.reset();
      byte[] entry = transport.getAll(List.of("blob/f:one")).get("blob/f:one");
      assertEquals("small", store.read("blob/f:one", entry).value());
      assertEquals(1, proxy.turns());
    }
  }
}
