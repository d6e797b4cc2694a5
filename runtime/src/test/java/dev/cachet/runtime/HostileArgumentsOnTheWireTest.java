package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.KeyBuilder;
import dev.cachet.runtime.internal.Load;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.TextClient;
import dev.cachet.runtime.testing.TurnCountingProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile String arguments go through a decorator shaped like generated code, with a proxy
 * recording every byte the client sends to memcached: every command line the server received is
 * one Cachet meant to send, with one of our keys, and every value written is read back.
 */
class HostileArgumentsOnTheWireTest {
  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.server();

  /**
   * Our keys: the namespace's generation (its copy on the one server), or namespace, '/', the
   * fingerprint, the escaped values (KeyBuilder's grammar), maybe a digest, maybe the refresh lock's
   * suffix; and the transport's warm-up.
   */
  private static final Pattern OUR_KEY =
      Pattern.compile(
          "cachet/warm-up|(echo|pair)(/gen@127\\.0\\.0\\.1:\\d+|/changes@127\\.0\\.0\\.1:\\d+|/5eed5eed(:[A-Za-z0-9_.%~'\\[\\](){},!?-]*)*(#[A-Za-z0-9_-]{43})?(/lock)?)");

  @Test
  void noHostileArgumentPutsAnyOtherCommandOnTheWireAndEveryValueReadsBack() throws IOException {
    List<String> hostile = hostileArguments();
    try (TurnCountingProxy proxy = TurnCountingProxy.recording(memcached.get().address());
        Cachet cachet =
            Cachet.builder()
                .memcached(proxy.address())
                .operationTimeout(Duration.ofSeconds(2))
                .region("r", Duration.ofMinutes(10))
                .build()) {
      putSentinel();
      Echo delegate = new EchoImpl();
      Echo service = new CachingEcho(delegate, cachet);
      Set<String> keys = new HashSet<>();
      for (String argument : hostile) {
        keys.add(EchoKeys.echo(argument).key());
        assertEquals(argument, service.echo(argument), describe(argument));
        assertEquals(argument, service.echo(argument), describe(argument));
        assertEquals(argument + "|" + argument, service.pair(argument, argument), describe(argument));
        assertEquals(argument + "|x", service.pair(argument, "x"), describe(argument));
        assertEquals(argument + "|x", service.pair(argument, "x"), describe(argument));
      }
      assertEquals(hostile.size(), keys.size(), "two hostile arguments share a key");
      // Read back: every value came from the cache the second time.
      assertEquals(hostile.size(), ((EchoImpl) delegate).echoes.get(), "an echo was not read back");
      assertEquals(2 * hostile.size(), ((EchoImpl) delegate).pairs.get(), "a pair was not read back");
      CacheStatistics.Counts counts = cachet.statistics().namespace("echo");
      assertEquals(0, counts.transportErrors());
      assertEquals(hostile.size(), counts.hits());

      // Invalidation with hostile arguments: one delete of our key each, the namespace generation.
      for (String argument : hostile) {
        service.forget(argument);
        assertEquals(argument, service.echo(argument));
      }
      cachet.invalidateAll("pair");
      assertEquals(2 * hostile.size(), ((EchoImpl) delegate).echoes.get(), "an invalidation missed its entry");

      int commands = 0;
      int probes = 0;
      for (byte[] connection : proxy.bytesSentPerConnection()) {
        // The probe asking whether the server applies a connection's commands in order: one
        // stats, alone on a connection of its own, and nowhere else.
        if (Arrays.equals(connection, "stats\r\n".getBytes(StandardCharsets.US_ASCII))) {
          probes++;
          continue;
        }
        commands += assertOnlyIntendedCommands(connection);
      }
      assertEquals(1, probes, "the in-order probe");
      assertTrue(commands > 6 * hostile.size(), "only " + commands + " commands recorded");
      assertSentinelSurvived();
    }
  }

  /**
   * Parses one connection's bytes as memcached text protocol and fails on anything but Cachet's
   * commands with Cachet's keys; returns how many commands there were.
   */
  private static int assertOnlyIntendedCommands(byte[] sent) {
    int position = 0;
    int commands = 0;
    while (position < sent.length) {
      int end = indexOfCrLf(sent, position);
      if (end < 0) {
        fail("a command without CRLF at byte " + position + ": " + printable(sent, position, sent.length));
      }
      String line = new String(sent, position, end - position, StandardCharsets.ISO_8859_1);
      position = end + 2;
      commands++;
      for (char c : line.toCharArray()) {
        if (c < 0x21 && c != ' ' || c > 0x7E) {
          fail("a command line holds a control or non-ASCII byte: " + printable(line));
        }
      }
      String[] words = line.split(" ", -1);
      switch (words[0]) {
        case "get", "gets" -> {
          assertTrue(words.length >= 2, "get without keys: " + line);
          for (int i = 1; i < words.length; i++) {
            assertOurKey(words[i], line);
          }
        }
        case "set", "add", "cas" -> {
          // <command> <key> <flags> <exptime> <bytes> [<cas unique>, for cas only], then exactly
          // <bytes> of data and CRLF.
          boolean cas = words[0].equals("cas");
          assertEquals(cas ? 6 : 5, words.length, "storage command with extra words: " + printable(line));
          if (cas) {
            assertTrue(words[5].matches("[1-9]\\d*"), "cas unique: " + line);
          }
          assertOurKey(words[1], line);
          assertEquals("0", words[2], "flags: " + line);
          assertTrue(words[3].matches("\\d+"), "exptime: " + line);
          int bytes = Integer.parseInt(words[4]);
          assertTrue(position + bytes + 2 <= sent.length, "data block cut short: " + line);
          assertEquals('\r', sent[position + bytes], "data block not followed by CRLF: " + line);
          assertEquals('\n', sent[position + bytes + 1], "data block not followed by CRLF: " + line);
          position += bytes + 2;
        }
        case "delete" -> {
          assertEquals(2, words.length, "delete with extra words: " + printable(line));
          assertOurKey(words[1], line);
        }
        case "version", "quit" -> assertEquals(1, words.length, line); // heartbeat, goodbye
        default -> fail("a command Cachet never sends reached the server: " + printable(line));
      }
    }
    return commands;
  }

  private static void assertOurKey(String key, String line) {
    assertTrue(key.getBytes(StandardCharsets.US_ASCII).length <= 250, "key over 250 bytes: " + line);
    assertTrue(OUR_KEY.matcher(key).matches(), "not one of our keys: " + printable(key) + " in " + printable(line));
  }

  /** A key no test call writes; a flush_all or delete of it smuggled through an argument would drop it. */
  private void putSentinel() throws IOException {
    try (TextClient client = new TextClient(memcached.get().port(), 2_000)) {
      assertEquals("STORED\r\n", client.exchange("set sentinel 0 0 2\r\nok\r\n", "\r\n"));
    }
  }

  private void assertSentinelSurvived() throws IOException {
    try (TextClient client = new TextClient(memcached.get().port(), 2_000)) {
      String reply = client.exchange("get sentinel\r\n", "END\r\n");
      assertTrue(reply.startsWith("VALUE sentinel 0 2\r\nok\r\n"), "the sentinel is gone: " + reply);
      String stats = client.exchange("stats\r\n", "END\r\n");
      assertTrue(stats.contains("STAT cmd_flush 0\r\n"), "a flush_all reached the server");
    }
  }

  private static List<String> hostileArguments() {
    List<String> arguments = new ArrayList<>();
    arguments.add("flush_all");
    arguments.add("\r\nflush_all\r\n");
    arguments.add("a\r\nflush_all\r\nget b");
    arguments.add("x\r\nset sentinel 0 0 1\r\nX\r\n");
    arguments.add("delete sentinel");
    arguments.add("with spaces in it");
    arguments.add(" ");
    arguments.add("\t\u000b\f");
    arguments.add("\r");
    arguments.add("\n");
    arguments.add("\0");
    arguments.add("a\0b");
    arguments.add("");
    arguments.add("null");
    arguments.add("~");
    arguments.add("%0D%0Aflush_all");
    arguments.add(":/#[]{}(),!?'");
    arguments.add("\u0085\u2028\u2029\u00a0\u3000"); // Unicode line and space separators
    arguments.add("\u007f\u0080\u009f");
    arguments.add("\ud800"); // lone high surrogate
    arguments.add("\udc00"); // lone low surrogate
    arguments.add("a\udbffz\udfff");
    arguments.add("x".repeat(100 * 1024));
    arguments.add("\r\nflush_all\r\n".repeat(100 * 1024 / 13));
    StringBuilder everyPlane = new StringBuilder();
    for (int plane = 0; plane <= 16; plane++) {
      // One code point of each of the 17 planes, assigned or not.
      String character = new String(Character.toChars(plane * 0x10000 + 0x4E01));
      arguments.add(character);
      everyPlane.append(character);
    }
    arguments.add(everyPlane.toString());
    arguments.add(new String(Character.toChars(0x10FFFF)) + new String(Character.toChars(0x1F600)));
    return arguments;
  }

  private static int indexOfCrLf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String describe(String argument) {
    return "argument " + printable(argument.length() > 60 ? argument.substring(0, 60) + "..." : argument);
  }

  private static String printable(byte[] bytes, int from, int to) {
    return printable(new String(bytes, from, Math.min(to, from + 200) - from, StandardCharsets.ISO_8859_1));
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().limit(300).forEach(c -> out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return out.toString();
  }

  // ------------------------------------------------ what the processor would generate, by hand

  /** The user's interface: {@code @Cached(namespace = "echo")} and friends. */
  interface Echo {
    /** {@code @Cached(namespace = "echo", region = "r")} */
    String echo(String text);

    /** {@code @Cached(namespace = "pair", region = "r")} */
    String pair(String first, String second);

    /** {@code @Invalidates(namespace = "echo")} */
    void forget(String text);
  }

  static final class EchoImpl implements Echo {
    final AtomicInteger echoes = new AtomicInteger();
    final AtomicInteger pairs = new AtomicInteger();

    @Override
    public String echo(String text) {
      echoes.incrementAndGet();
      return text;
    }

    @Override
    public String pair(String first, String second) {
      pairs.incrementAndGet();
      return first + "|" + second;
    }

    @Override
    public void forget(String text) {}
  }

  /** {@code EchoKeys}. */
  static final class EchoKeys {
    private EchoKeys() {}

    static CacheKey echo(String text) {
      return KeyBuilder.of("echo", "5eed5eed").add(text).build();
    }

    static CacheKey pair(String first, String second) {
      return KeyBuilder.of("pair", "5eed5eed").add(first).add(second).build();
    }
  }

  /** {@code CachingEcho}, as in {@link CachedOperation}'s javadoc. */
  static final class CachingEcho implements Echo {
    private final Echo delegate;
    private final Cachet cachet;
    private final CachedOperation<String> echo;
    private final CachedOperation<String> pair;

    CachingEcho(Echo delegate, Cachet cachet) {
      CachedOperation.requireRegions(cachet, "CachingEcho", "r");
      this.delegate = delegate;
      this.cachet = cachet;
      this.echo = CachedOperation.create(cachet, "echo", "r", String.class, true);
      this.pair = CachedOperation.create(cachet, "pair", "r", String.class, true);
    }

    @Override
    public String echo(String text) {
      CacheKey key = EchoKeys.echo(text);
      Object found = echo.get(key);
      if (!(found instanceof Load load)) {
        return echo.hit(found);
      }
      String value;
      try {
        value = delegate.echo(text);
      } catch (Throwable failure) {
        load.abandon();
        throw failure;
      }
      echo.put(load, value);
      return value;
    }

    @Override
    public String pair(String first, String second) {
      CacheKey key = EchoKeys.pair(first, second);
      Object found = pair.get(key);
      if (!(found instanceof Load load)) {
        return pair.hit(found);
      }
      String value;
      try {
        value = delegate.pair(first, second);
      } catch (Throwable failure) {
        load.abandon();
        throw failure;
      }
      pair.put(load, value);
      return value;
    }

    @Override
    public void forget(String text) {
      delegate.forget(text);
      cachet.invalidate(EchoKeys.echo(text));
    }
  }
}
