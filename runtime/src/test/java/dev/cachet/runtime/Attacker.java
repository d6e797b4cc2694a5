package dev.cachet.runtime;

import dev.cachet.runtime.transport.MemcachedSettings;
import dev.cachet.runtime.transport.MemcachedTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Someone else on the network, in a process of its own: memcached has no authentication, so it
 * can read and write any bytes under any key. It holds no signing key and no Cachet; it reads
 * and writes items as they are. Commands on standard input, one answer line each:
 *
 * <pre>
 * get KEY          -&gt; the item's bytes in hex, or "none"
 * set KEY HEX      -&gt; ok
 * copy FROM TO     -&gt; ok, or "none" when FROM holds nothing
 * quit
 * </pre>
 */
public final class Attacker {
  private static final HexFormat HEX = HexFormat.of();

  private Attacker() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (MemcachedTransport store =
        MemcachedTransport.connect(MemcachedSettings.servers(args[0]).withOpTimeout(Duration.ofSeconds(2)))) {
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
          case "quit" -> {
            return;
          }
          default -> out.println("unknown command: " + line);
        }
      }
    }
  }
}
