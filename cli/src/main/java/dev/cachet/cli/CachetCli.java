package dev.cachet.cli;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.transport.MemcachedSettings;
import dev.cachet.runtime.internal.transport.MemcachedTransport;
import dev.cachet.runtime.internal.value.Compression;
import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.internal.value.WireFormat.Kind;
import dev.cachet.runtime.spi.Serializer;
import dev.cachet.runtime.spi.TransportException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code cachet}: see what a Cachet cache holds in memcached, and drop entries. Run
 * {@code java -jar cli/target/cachet-cli.jar --help} for the manual ({@link #HELP}).
 *
 * <p>Per-server commands ({@code stats}, {@code items}) speak memcached's text protocol to each
 * server ({@link TextProtocol}); per-key commands ({@code inspect}, {@code invalidate},
 * {@code invalidate-all}) go through the runtime's {@link MemcachedTransport}, so a key is looked
 * up on the server the application's consistent hashing puts it on.
 */
public final class CachetCli {
  static final int OK = 0;
  static final int NOT_FOUND = 1;
  static final int USAGE = 2;
  static final int SERVER_FAULT = 3;

  static final String HELP =
      """
      NAME
          cachet - see what a Cachet cache holds in memcached, and drop entries

      SYNOPSIS
          java -jar cachet-cli.jar [--servers HOST:PORT...] [--classpath PATH] COMMAND [ARGUMENT...]

      DESCRIPTION
          Cachet stores each @Cached result under a key such as image_list/5c9f3fef:alice:eu-west-1
          (namespace, a fingerprint of the cached type's shape, the key arguments). Each server
          also keeps its own copy of each namespace's generation (image_list/gen@10.0.0.1:11211),
          which governs the entries on that server and which invalidate-all replaces everywhere.
          While a miss computes, its entry key holds a 26-byte placeholder (its lease). This tool
          reads those items back from the servers and explains them.

      COMMANDS
          stats
              Each server's own statistics, readable: items, memory, gets and hits, sets, evictions,
              connections. A server that does not answer is reported, the others still are.
          items [NAMESPACE]
              Every item, by namespace, with its size and expiry (memcached's lru_crawler metadump):
              entries, chunks of large values, generation keys and leases.
          inspect KEY
              Decodes the stored header of KEY: serializer, compression, sizes before and after
              compression, chunks (and whether they are all present), creation time and age, the
              namespace generation it was written under (and whether it is still current), checksum
              and signature.
          invalidate KEY
              Invalidates KEY as cachet.invalidate(key) does: deletes the entry and rewrites its
              namespace's change mark, so every process computes it anew at its next call, and
              those keeping near copies drop theirs within the near cache's staleness bound. Not
              found (exit 1) when no server held the entry: the change mark is written all the same.
              Exit 3 when a server did not acknowledge the invalidation.
          invalidate-all NAMESPACE
              Drops every entry of NAMESPACE in O(1), as cachet.invalidateAll(namespace) does: the
              namespace gets a fresh generation, and entries written under the old one are misses.
          key NAMESPACE [ARGUMENT...]
              Prints the key of NAMESPACE for ARGUMENTs, from the manifests the processor wrote into
              the application's classes (META-INF/cachet/*.properties), found on --classpath. Each
              argument is written as its parameter's type prints: 42, 2.5, true, 2026-01-01, an enum
              constant's name. Keys of list, set, optional or record parameters are built in code.
          help
              This text.

      OPTIONS
          --servers HOST:PORT...
              The memcached pool, as the application configures it (cachet.servers): servers
              separated by spaces or commas, or the option repeated. Default: $CACHET_SERVERS, else
              127.0.0.1:11211.
          --classpath PATH
              Jars and class directories holding the manifests, separated by ':' (';' on Windows).
          --timeout MILLIS
              How long to wait for a server, per operation. Default 1000.
          -h, --help
              This text.

      EXIT STATUS
          0 done; 1 the key or namespace was not found; 2 a usage error; 3 a server did not answer.

      EXAMPLES
          java -jar cachet-cli.jar --servers 127.0.0.1:11211 stats
          java -jar cachet-cli.jar items image_list
          java -jar cachet-cli.jar --classpath sample-app/target/classes key image_list alice eu-west-1
          java -jar cachet-cli.jar inspect 'image_list/5c9f3fef:alice:eu-west-1'
          java -jar cachet-cli.jar invalidate-all image_list
      """;

  private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9.\\-\\[\\]]+:[0-9]{1,5}");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  private static final String DEFAULT_SERVERS = "127.0.0.1:11211";

  private final PrintStream out;
  private final PrintStream err;
  private final List<String> servers = new ArrayList<>();
  private String classpath;
  private Duration timeout = Duration.ofSeconds(1);

  private CachetCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs one command; the exit status is returned, never {@code System.exit}ed, so tests can call it.
   *
   * @param environment where {@code CACHET_SERVERS} is looked up
   */
  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    CachetCli cli = new CachetCli(out, err);
    try {
      List<String> command = cli.parse(args);
      if (cli.servers.isEmpty()) {
        cli.servers.addAll(splitServers(environment.getOrDefault("CACHET_SERVERS", DEFAULT_SERVERS)));
      }
      if (command.isEmpty() || command.get(0).equals("help")) {
        out.print(HELP);
        return command.isEmpty() ? USAGE : OK;
      }
      return cli.dispatch(command.get(0), command.subList(1, command.size()));
    } catch (UsageException e) {
      err.println("cachet: " + e.getMessage());
      err.println("Try: java -jar cachet-cli.jar --help");
      return USAGE;
    } catch (TransportException | UncheckedIOException e) {
      err.println("cachet: " + e.getMessage());
      return SERVER_FAULT;
    }
  }

  /** Takes the options out of {@code args}; returns the command and its arguments. */
  private List<String> parse(String[] args) {
    List<String> command = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (optionsEnded || !arg.startsWith("-")) {
        command.add(arg);
        continue;
      }
      switch (arg) {
        case "--" -> optionsEnded = true;
        case "-h", "--help" -> command.add(0, "help");
        case "--servers" -> {
          int first = i + 1;
          while (i + 1 < args.length && splitServers(args[i + 1]).stream().allMatch(s -> SERVER.matcher(s).matches())) {
            servers.addAll(splitServers(args[++i]));
          }
          if (i + 1 == first) {
            throw new UsageException("--servers needs HOST:PORT (e.g. 127.0.0.1:11211)");
          }
        }
        case "--classpath" -> classpath = value(args, ++i, arg);
        case "--timeout" -> {
          String millis = value(args, ++i, arg);
          try {
            timeout = Duration.ofMillis(Long.parseLong(millis));
          } catch (NumberFormatException e) {
            throw new UsageException("--timeout takes milliseconds, not " + millis);
          }
          if (timeout.isNegative() || timeout.isZero()) {
            throw new UsageException("--timeout must be positive");
          }
        }
        default -> throw new UsageException("unknown option " + arg);
      }
    }
    return command;
  }

  private int dispatch(String command, List<String> arguments) {
    switch (command) {
      case "stats":
        expect(command, arguments, 0, 0, "");
        return stats();
      case "items":
        expect(command, arguments, 0, 1, "[NAMESPACE]");
        return items(arguments.isEmpty() ? null : arguments.get(0));
      case "inspect":
        expect(command, arguments, 1, 1, "KEY");
        return inspect(arguments.get(0));
      case "invalidate":
        expect(command, arguments, 1, 1, "KEY");
        return invalidate(arguments.get(0));
      case "invalidate-all":
        expect(command, arguments, 1, 1, "NAMESPACE");
        return invalidateAll(namespace(arguments.get(0)));
      case "key":
        expect(command, arguments, 1, Integer.MAX_VALUE, "NAMESPACE [ARGUMENT...]");
        return key(arguments.get(0), arguments.subList(1, arguments.size()));
      default:
        throw new UsageException("unknown command " + command
            + " (stats, items, inspect, invalidate, invalidate-all, key, help)");
    }
  }

  // ---------------------------------------------------------------- stats

  private int stats() {
    int status = OK;
    for (String server : servers) {
      Map<String, String> stats;
      try (TextProtocol connection = TextProtocol.connect(server, timeout)) {
        stats = connection.stats();
      } catch (IOException e) {
        out.println(server + "  not answering: " + e.getMessage());
        out.println();
        status = SERVER_FAULT;
        continue;
      }
      out.printf("%s  memcached %s, up %s, pid %s%n", server, stats.get("version"),
          uptime(number(stats, "uptime")), stats.get("pid"));
      long gets = number(stats, "cmd_get");
      long hits = number(stats, "get_hits");
      long bytes = number(stats, "bytes");
      long limit = number(stats, "limit_maxbytes");
      out.printf("  items        %,d now, %,d stored since start%n", number(stats, "curr_items"), number(stats, "total_items"));
      out.printf("  memory       %,d of %,d bytes (%.1f%%)%n", bytes, limit, limit == 0 ? 0.0 : 100.0 * bytes / limit);
      out.printf("  gets         %,d: %,d hits, %,d misses (%.1f%% hits)%n", gets, hits, number(stats, "get_misses"),
          gets == 0 ? 0.0 : 100.0 * hits / gets);
      out.printf("  sets         %,d%n", number(stats, "cmd_set"));
      out.printf("  deletes      %,d hits, %,d misses%n", number(stats, "delete_hits"), number(stats, "delete_misses"));
      out.printf("  evictions    %,d (expired before a get: %,d)%n", number(stats, "evictions"),
          number(stats, "expired_unfetched"));
      out.printf("  connections  %,d now, %,d since start%n", number(stats, "curr_connections"),
          number(stats, "total_connections"));
      out.printf("  traffic      %,d bytes read, %,d bytes written%n", number(stats, "bytes_read"),
          number(stats, "bytes_written"));
      out.println();
    }
    return status;
  }

  private static long number(Map<String, String> stats, String name) {
    try {
      return Long.parseLong(stats.getOrDefault(name, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String uptime(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  // ---------------------------------------------------------------- items

  private int items(String only) {
    if (only != null) {
      namespace(only);
    }
    Map<String, List<String[]>> byNamespace = new TreeMap<>();
    Map<String, long[]> totals = new TreeMap<>();
    long now = Instant.now().getEpochSecond();
    int status = OK;
    boolean several = servers.size() > 1;
    for (String server : servers) {
      List<Map<String, String>> dump;
      try (TextProtocol connection = TextProtocol.connect(server, timeout)) {
        dump = connection.metadump();
      } catch (IOException e) {
        err.println("cachet: " + server + " not answering: " + e.getMessage());
        status = SERVER_FAULT;
        continue;
      }
      for (Map<String, String> item : dump) {
        String key = item.get("key");
        String namespace = Objects.requireNonNullElse(WireFormat.namespaceOf(key), "(not Cachet's)");
        if (only != null && !only.equals(namespace)) {
          continue;
        }
        String kind = label(WireFormat.kind(key));
        long size = parseLong(item.get("size"));
        byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(new String[] {
            kind, String.format("%,d", size), key, expiry(parseLong(item.get("exp")), now),
            several ? server : ""});
        long[] counts = totals.computeIfAbsent(namespace, n -> new long[6]);
        counts[kindIndex(kind)]++;
        counts[5] += size;
      }
    }
    if (byNamespace.isEmpty()) {
      out.println(only == null ? "no items" : "no items in namespace " + only);
      return status == OK && only != null ? NOT_FOUND : status;
    }
    for (Map.Entry<String, List<String[]>> namespace : byNamespace.entrySet()) {
      long[] counts = totals.get(namespace.getKey());
      out.printf("%s: %s, %s, %s, %s%s; %,d bytes%n", namespace.getKey(),
          plural(counts[0], "entry", "entries"), plural(counts[1], "chunk", "chunks"),
          plural(counts[2], "generation", "generations"), plural(counts[3], "lease", "leases"),
          counts[4] == 0 ? "" : ", " + plural(counts[4], "change mark", "change marks"), counts[5]);
      List<String[]> rows = namespace.getValue();
      rows.sort((a, b) -> kindIndex(a[0]) != kindIndex(b[0])
          ? Integer.compare(kindIndex(a[0]), kindIndex(b[0])) : a[2].compareTo(b[2]));
      int keyWidth = rows.stream().mapToInt(r -> r[2].length()).max().orElse(0);
      int sizeWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
      for (String[] row : rows) {
        out.println(String.format("  %-10s %" + sizeWidth + "s bytes  %-" + keyWidth + "s  %s  %s",
            row[0], row[1], row[2], row[3], row[4]).stripTrailing());
      }
    }
    out.println("(sizes are memcached's: key, value and its item header)");
    return status;
  }

  private static String label(Kind kind) {
    return switch (kind) {
      case ENTRY -> "entry";
      case CHUNK -> "chunk";
      case GENERATION -> "generation";
      case LOCK -> "lease";
      case CHANGES -> "changes";
      case OTHER -> "other";
    };
  }

  private static int kindIndex(String kind) {
    return switch (kind) {
      case "entry", "other" -> 0;
      case "chunk" -> 1;
      case "generation" -> 2;
      case "changes" -> 4;
      default -> 3;
    };
  }

  private static String expiry(long exptime, long now) {
    if (exptime <= 0) {
      return "never expires";
    }
    long left = exptime - now;
    return left <= 0 ? "expired" : String.format("expires in %,d s", left);
  }

  private static long parseLong(String text) {
    try {
      return text == null ? 0 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String plural(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  // ---------------------------------------------------------------- inspect

  private int inspect(String key) {
    String namespace = WireFormat.namespaceOf(key);
    try (MemcachedTransport transport = connect()) {
      // The generation that governs the entry: the copy on the entry's own server.
      String generationKey = namespace == null ? null : transport.beside(WireFormat.generationKey(namespace), key);
      Map<String, byte[]> found =
          transport.getAll(generationKey == null ? List.of(key) : List.of(key, generationKey));
      byte[] bytes = found.get(key);
      if (bytes == null) {
        out.println(key + ": not found on " + transport.describe());
        return NOT_FOUND;
      }
      row("key", key);
      WireFormat.Header header;
      try {
        header = WireFormat.Header.parse(bytes);
      } catch (IllegalArgumentException e) {
        row("stored", String.format("%,d bytes", bytes.length));
        row("format", "not a Cachet item: " + e.getMessage()
            + (WireFormat.kind(key) == Kind.GENERATION ? " (a generation key: " + ascii(bytes) + ")"
                : WireFormat.isLeasePlaceholder(bytes)
                    ? " (a lease's placeholder: a miss is computing this entry)" : ""));
        return OK;
      }
      if (namespace != null) {
        String rest = key.substring(namespace.length() + 1);
        int colon = rest.indexOf(':');
        row("namespace", namespace + ", type fingerprint " + (colon < 0 ? rest : rest.substring(0, colon)));
      }
      row("kind", header.has(WireFormat.FLAG_NULL) ? "a cached null (negative entry)"
          : header.has(WireFormat.FLAG_MANIFEST) ? "the manifest of a chunked value"
          : header.has(WireFormat.FLAG_CHUNK) ? "one chunk of a chunked value"
          : "a value stored whole");
      row("format", "version " + header.formatVersion());
      row("serializer", header.serializerId() + " (" + serializerName(header.serializerId()) + ")");
      row("compression", header.compressionId() + " (" + compressionName(header.compressionId()) + ")");
      row("stored", String.format("%,d bytes: %d-byte header, %,d-byte payload%s", bytes.length,
          WireFormat.HEADER_BYTES, header.payloadLength(),
          header.has(WireFormat.FLAG_SIGNED) ? ", " + WireFormat.SIGNATURE_BYTES + "-byte signature" : ""));
      row("serialized", String.format("%,d bytes before compression", header.originalLength()));
      if (header.has(WireFormat.FLAG_MANIFEST)) {
        chunks(transport, key, bytes, header);
      }
      Instant created = Instant.ofEpochMilli(header.createdAtMillis());
      Duration age = Duration.between(created, Instant.now());
      row("created", created + ", " + String.format("%.1f s ago", age.toMillis() / 1000.0));
      byte[] current = generationKey == null ? null : found.get(generationKey);
      row("generation", header.generation() + ": " + generationStatus(header.generation(), current));
      row("checksum", header.checksumMatches() && header.lengthMatches()
          ? "CRC32C ok" : "MISMATCH: the item was changed or truncated; Cachet reads it as a miss");
      row("signature", header.has(WireFormat.FLAG_SIGNED)
          ? "HMAC-SHA256 present (not verified here: the tool has no signing key)"
          : "none (regions with a signing key read this as a miss)");
    }
    return OK;
  }

  private void chunks(MemcachedTransport transport, String key, byte[] entry, WireFormat.Header header) {
    if (header.payloadLength() < WireFormat.Manifest.BYTES) {
      row("chunks", "manifest too short: " + header.payloadLength() + " bytes");
      return;
    }
    WireFormat.Manifest manifest = WireFormat.Manifest.read(entry);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < manifest.chunkCount(); i++) {
      keys.add(manifest.chunkKey(key, i));
    }
    Map<String, byte[]> chunks = transport.getAll(keys);
    List<byte[]> inOrder = new ArrayList<>();
    long chunkBytes = 0;
    for (String chunkKey : keys) {
      byte[] chunk = chunks.get(chunkKey);
      inOrder.add(chunk);
      chunkBytes += chunk == null ? 0 : chunk.length;
    }
    boolean complete = chunks.size() == keys.size();
    row("chunks", String.format("%d of up to %,d payload bytes, write id %016x, under %s<index>", manifest.chunkCount(),
        manifest.capacity(), manifest.writeId(), WireFormat.chunkKeyPrefix(key, manifest.writeId())));
    row("", String.format("%d of %d present, %,d bytes; %s", chunks.size(), keys.size(), chunkBytes,
        !complete ? "INCOMPLETE: Cachet reads this value as a miss"
            : manifest.checksumMatches(inOrder) ? "assembled CRC32C ok"
            : "assembled CRC32C MISMATCH: Cachet reads this value as a miss"));
    row("total", String.format("%,d bytes stored for %,d serialized", entry.length + chunkBytes,
        header.originalLength()));
  }

  private static String generationStatus(long generation, byte[] current) {
    if (current == null) {
      return "the namespace has no generation key now (evicted or never set): read as a miss";
    }
    // With a signing key a generation is followed by its signature, which only the cache checks.
    try {
      long now = WireFormat.generationNumber(current);
      return now == generation
          ? "current (its server's copy of the namespace generation holds it): a hit while fresh"
          : "stale: the namespace moved to " + now + " (invalidate-all since): read as a miss";
    } catch (NumberFormatException e) {
      return "the generation key holds no number (" + ascii(current) + "): read as a miss";
    }
  }

  private static String serializerName(int id) {
    return id == Serializer.FORY_ID ? "Apache Fory" : id == Serializer.FST_ID ? "FST" : "unknown to this build";
  }

  private static String compressionName(int id) {
    for (Compression compression : Compression.values()) {
      if (compression.id() == id) {
        return compression == Compression.NONE ? "none" : compression.name();
      }
    }
    return "unknown to this build";
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private void row(String label, String value) {
    out.printf("%-12s %s%n", label, value);
  }

  // ---------------------------------------------------------------- invalidate

  /**
   * An invalidation like the application's own, through a {@link Cachet} over the pool: the entry
   * is deleted and its namespace's change mark rewritten, so processes keeping near copies drop
   * theirs within their staleness bound (a bare {@code delete} left them served until expiry).
   */
  private int invalidate(String text) {
    int slash = text.indexOf('/');
    CacheKey key;
    try {
      key = CacheKey.of(namespace(slash < 0 ? text : text.substring(0, slash)), text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    MemcachedTransport transport = connect();
    try (Cachet cachet = Cachet.builder().transport(transport).build()) {
      boolean present = transport.getAll(List.of(text)).containsKey(text);
      if (!cachet.invalidateAcknowledged(key)) {
        err.println("cachet: " + text + " not invalidated: " + transport.describe()
            + " did not acknowledge it; other processes may serve it until it expires");
        return SERVER_FAULT;
      }
      if (present) {
        out.println("deleted " + text);
        return OK;
      }
      out.println(text + ": not found on " + transport.describe()
          + " (nothing to delete; near copies in other processes are dropped all the same)");
      return NOT_FOUND;
    }
  }

  private int invalidateAll(String namespace) {
    MemcachedTransport transport = connect();
    try (Cachet cachet = Cachet.builder().transport(transport).build()) {
      List<String> copies = transport.everywhere(WireFormat.generationKey(namespace));
      Map<String, byte[]> before = transport.getAll(copies);
      cachet.invalidateAll(namespace);
      if (cachet.statistics().namespace(namespace).transportErrors() > 0) {
        err.println("cachet: " + namespace + " not invalidated: " + transport.describe() + " did not answer");
        return SERVER_FAULT;
      }
      Map<String, byte[]> after = transport.getAll(copies);
      List<String> changes = new ArrayList<>();
      for (String copy : copies) {
        changes.add(String.format("%s %s -> %s", WireFormat.copyServer(copy),
            before.containsKey(copy) ? ascii(before.get(copy)) : "(none)",
            after.containsKey(copy) ? ascii(after.get(copy)) : "(none)"));
      }
      out.printf("%s: generation on %s; every entry written before is a miss now, in every process%n",
          namespace, String.join(", ", changes));
      return OK;
    }
  }

  // ---------------------------------------------------------------- key

  private int key(String namespace, List<String> arguments) {
    if (classpath == null) {
      throw new UsageException("key needs --classpath: the application's jar or classes directory");
    }
    Manifests manifests = Manifests.read(classpath);
    List<Manifests.Namespace> declared = manifests.named(namespace);
    if (declared.isEmpty()) {
      err.println("cachet: no namespace " + namespace + " in the manifests on " + classpath
          + (manifests.names().isEmpty() ? " (none found: is it built with the Cachet processor?)"
              : "; known: " + String.join(", ", manifests.names())));
      return NOT_FOUND;
    }
    List<String> keys = new ArrayList<>();
    try {
      for (Manifests.Namespace declaration : declared) {
        String key = Manifests.key(declaration, arguments);
        if (!keys.contains(key)) {
          keys.add(key);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (keys.size() > 1) {
      err.println("cachet: " + namespace + " is declared with different key types by: "
          + String.join(", ", declared.stream().map(Manifests.Namespace::declaredBy).toList())
          + "; one key per declaration:");
    }
    keys.forEach(out::println);
    return OK;
  }

  // ---------------------------------------------------------------- helpers

  private MemcachedTransport connect() {
    return MemcachedTransport.connect(
        MemcachedSettings.servers(String.join(" ", servers))
            .withOperationTimeout(timeout)
            .withConnectTimeout(timeout));
  }

  private static String namespace(String name) {
    if (!NAMESPACE.matcher(name).matches()) {
      throw new UsageException("\"" + name + "\" is not a namespace ([a-z][a-z0-9_.-]*, e.g. image_list)");
    }
    return name;
  }

  private static void expect(String command, List<String> arguments, int min, int max, String usage) {
    if (arguments.size() < min || arguments.size() > max) {
      throw new UsageException("usage: " + command + (usage.isEmpty() ? "" : " " + usage));
    }
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[index];
  }

  private static List<String> splitServers(String text) {
    List<String> split = new ArrayList<>();
    for (String server : text.trim().split("[\\s,]+")) {
      if (!server.isEmpty()) {
        split.add(server);
      }
    }
    return split;
  }

  /** A mistake in the command line: reported with a pointer to --help, exit status 2. */
  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(Objects.requireNonNull(message));
    }
  }
}
