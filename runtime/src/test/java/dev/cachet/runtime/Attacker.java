package dev.cachet.runtime;

import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.internal.value.PermissiveForySerializer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Someone else on the network, in a process of its own: memcached has no authentication, so it
 * can read and write any bytes under any key. It holds no signing key and no Cachet; it reads
 * and writes items as they are. Commands on standard input, one answer line each:
 *
 * <pre>
 * get KEY          -&gt; the item's bytes in hex, or "none"
 * set KEY HEX      -&gt; ok
 * copy FROM TO     -&gt; ok, or "none" when FROM holds nothing
 * plant NS ID N    -&gt; ok: the entry of ID in NS becomes a {@link BuiltInGadgetsTest.Note} whose
 *                     body is gadget N of {@link BuiltInGadgetsTest#gadgets()}, framed as Cachet
 *                     frames entries (by a Cachet of its own whose serializer checks no class)
 * quit
 * </pre>
 */
public final class Attacker {
  private static final HexFormat HEX = HexFormat.of();

  private Attacker() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (MemcachedTransport store =
            MemcachedTransport.connect(MemcachedSettings.servers(args[0]).withOperationTimeout(Duration.ofSeconds(2)));
        Cachet permissive =
            Cachet.builder()
                .memcached(args[0])
                .operationTimeout(Duration.ofSeconds(2))
                .serializer(new PermissiveForySerializer())
                .region("r", Duration.ofHours(1))
                .build()) {
      out.println("ready " + ProcessHandle.current().pid());
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split(" ");
        switch (words[0]) {
          case "get" -> {
            byte[] bytes = store.getAll(List.of(words[1])).get(words[1]);
            out.println(bytes == null ? "none" : HEX.formatHex(bytes));
          }
          case "set" -> {
            store.set(words[1], HEX.parseHex(words[2]), Duration.ZERO);
            out.println("ok");
          }
          case "copy" -> {
            byte[] bytes = store.getAll(List.of(words[1])).get(words[1]);
            if (bytes != null) {
              store.set(words[2], bytes, Duration.ZERO);
            }
            out.println(bytes == null ? "none" : "ok");
          }
          case "plant" -> {
            CacheKey key = Decorated.key(words[1], words[2]);
            Object gadget = ((Supplier<?>) BuiltInGadgetsTest.gadgets().toList().get(Integer.parseInt(words[3])).get()[1]).get();
            store.delete(key.key());
            Decorated.of(permissive, words[1], "r", BuiltInGadgetsTest.Note.class)
                .get(key, () -> new BuiltInGadgetsTest.Note(words[2], gadget));
            out.println(permissive.statistics().namespace(words[1]).stores() > 0 ? "ok" : "not stored");
          }
          case "quit" -> {
            return;
          }
          default -> out.println("unknown command: " + line);
        }
      }
    }
  }
}
