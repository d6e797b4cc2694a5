package dev.cachet.cli;

import static dev.cachet.cli.CliRun.assertMatches;
import static dev.cachet.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MemcachedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the tool against two real memcached servers filled through a generated
 * decorator, with its output checked.
 */
class CachetCliTest {
  /** The test classes, where the processor wrote META-INF/cachet/dev.cachet.cli.Catalog.properties. */
  private static final String CLASSES = Path.of("target", "test-classes").toString();

  @RegisterExtension final MemcachedExtension memcached = MemcachedExtension.servers(2);

  private final AtomicInteger delegateCalls = new AtomicInteger();
  private final byte[] large = new byte[2_500_000];
  private final Catalog delegate = new CountingCatalog(delegateCalls, large);
  private Cachet cachet;
  private Catalog catalog;

  @BeforeEach
  void fill() {
    new Random(11).nextBytes(large);
    cachet =
        Cachet.builder()
            .memcached(memcached.addresses())
            .region("long_term", Duration.ofHours(1))
            .region("short_term", Duration.ofMinutes(5))
            .build();
    catalog = new CachingCatalog(delegate, cachet);
    catalog.product("p1", 2, Catalog.Size.SMALL);
    catalog.products("alice", LocalDate.of(2026, 1, 2));
    catalog.blob("large");
  }

  @AfterEach
  void close() {
    cachet.close();
  }

  @Test
  void helpIsAManualNamingEveryCommand() {
    CliRun run = run("--help");
    assertEquals(CachetCli.OK, run.status);
    for (String section : List.of("NAME", "SYNOPSIS", "COMMANDS", "OPTIONS", "EXIT STATUS", "EXAMPLES")) {
      assertMatches(run.out, "^" + section + "$");
    }
    for (String command : List.of("stats", "items \\[NAMESPACE\\]", "inspect KEY", "invalidate KEY",
        "invalidate-all NAMESPACE", "key NAMESPACE \\[ARGUMENT...\\]")) {
      assertMatches(run.out, "^    " + command + "$");
    }
  }

  @Test
  void aMistakeIsAUsageErrorPointingAtHelp() {
    CliRun unknown = run("--servers", memcached.addresses(), "frobnicate");
    assertEquals(CachetCli.USAGE, unknown.status);
    assertTrue(unknown.err.contains("unknown command frobnicate"), unknown.err);
    assertTrue(unknown.err.contains("--help"), unknown.err);
    assertEquals(CachetCli.USAGE, run("--servers", memcached.addresses(), "inspect").status);
    assertEquals(CachetCli.USAGE, run("--servers", memcached.addresses(), "invalidate-all", "Bad Name").status);
  }

  @Test
  void statsShowsEachServerReadably() {
    CliRun run = run("--servers", memcached.get(0).address(), memcached.get(1).address(), "stats");
    assertEquals(CachetCli.OK, run.status, run.err);
    long items = 0;
    for (int i = 0; i < 2; i++) {
      assertMatches(run.out, "^" + Pattern.quote(memcached.get(i).address()) + "  memcached 1\\.6\\.18, up .+, pid "
          + memcached.get(i).pid() + "$");
      Map<String, String> stats = cachet.serverStatistics().get(memcached.get(i).address());
      long serverItems = Long.parseLong(stats.get("curr_items"));
      items += serverItems;
    }
    // Three entries, three generations, three chunks of the 2.5 MB blob.
    assertEquals(9, items);
    assertMatches(run.out, "^  items        \\d+ now, \\d+ stored since start$");
    assertMatches(run.out, "^  memory       [\\d,]+ of 67,108,864 bytes \\(\\d+\\.\\d%\\)$");
    assertMatches(run.out, "^  gets         [\\d,]+: [\\d,]+ hits, [\\d,]+ misses \\(\\d+\\.\\d% hits\\)$");
  }

  @Test
  void aServerThatDoesNotAnswerIsReportedAndTheOthersStillAre() {
    String dead;
    try (MemcachedServer server = MemcachedServer.start()) {
      dead = server.address();
    }
    CliRun run = run("--servers", memcached.get(0).address() + "," + dead, "--timeout", "500", "stats");
    assertEquals(CachetCli.SERVER_FAULT, run.status);
    assertMatches(run.out, "^" + Pattern.quote(memcached.get(0).address()) + "  memcached 1\\.6\\.18");
    assertMatches(run.out, "^" + Pattern.quote(dead) + "  not answering: .+$");
  }

  @Test
  void itemsListsKeysByNamespaceWithSizesAndExpiry() {
    CliRun run = run("--servers", memcached.addresses(), "items");
    assertEquals(CachetCli.OK, run.status, run.err);
    String product = CatalogKeys.product("p1", 2, Catalog.Size.SMALL).key();
    assertMatches(run.out, "^blob: 1 entry, 3 chunks, 1 generation, 0 leases; [\\d,]+ bytes$");
    assertMatches(run.out, "^product: 1 entry, 0 chunks, 1 generation, 0 leases; [\\d,]+ bytes$");
    assertMatches(run.out, "^  entry +[\\d,]+ bytes  " + Pattern.quote(product) + " +expires in [\\d,]+ s  127\\.0\\.0\\.1:\\d+$");
    assertMatches(run.out, "^  chunk +[\\d,]+ bytes  blob/chunk/[0-9a-f]{16}/2 +expires in [\\d,]+ s");
    assertMatches(run.out, "^  generation +[\\d,]+ bytes  product/gen@127\\.0\\.0\\.1:\\d+ +never expires");

    CliRun one = run("--servers", memcached.addresses(), "items", "product");
    assertTrue(!one.out.contains("blob"), one.out);
    assertEquals(CachetCli.NOT_FOUND, run("--servers", memcached.addresses(), "items", "nothing_here").status);
  }

  @Test
  void inspectDecodesAWholeValue() {
    String key = CatalogKeys.product("p1", 2, Catalog.Size.SMALL).key();
    CliRun run = run("--servers", memcached.addresses(), "inspect", key);
    assertEquals(CachetCli.OK, run.status, run.err);
    assertMatches(run.out, "^key +" + Pattern.quote(key) + "$");
    assertMatches(run.out, "^namespace +product, type fingerprint [0-9a-f]{8}$");
    assertMatches(run.out, "^kind +a value stored whole$");
    assertMatches(run.out, "^serializer +1 \\(Apache Fory\\)$");
    assertMatches(run.out, "^compression +0 \\(none\\)$");
    assertMatches(run.out, "^stored +[\\d,]+ bytes: 34-byte header, [\\d,]+-byte payload$");
    assertMatches(run.out, "^created +\\d{4}-\\d\\d-\\d\\dT.+Z, \\d+\\.\\d s ago$");
    assertMatches(run.out, "^generation +-?\\d+: current");
    assertMatches(run.out, "^checksum +CRC32C ok$");
    assertMatches(run.out, "^signature +none");
  }

  @Test
  void inspectFollowsAChunkedValuesManifest() {
    String key = CatalogKeys.blob("large").key();
    CliRun run = run("--servers", memcached.addresses(), "inspect", key);
    assertEquals(CachetCli.OK, run.status, run.err);
    assertMatches(run.out, "^kind +the manifest of a chunked value$");
    assertMatches(run.out, "^chunks +3 of up to [\\d,]+ payload bytes, write id [0-9a-f]{16}, under blob/chunk/[0-9a-f]{16}/<index>$");
    assertMatches(run.out, "^ +3 of 3 present, [\\d,]+ bytes; assembled CRC32C ok$");
    assertMatches(run.out, "^serialized +2,5\\d\\d,\\d\\d\\d bytes before compression$");
  }

  @Test
  void inspectShowsACompressedValueAndAStaleGeneration() {
    String key = CatalogKeys.productList("alice", LocalDate.of(2026, 1, 2)).key();
    CliRun before = run("--servers", memcached.addresses(), "inspect", key);
    assertMatches(before.out, "^compression +[1-9] \\((DEFLATE|LZ4|ZSTD)\\)$");

    CliRun invalidated = run("--servers", memcached.addresses(), "invalidate-all", "product_list");
    assertEquals(CachetCli.OK, invalidated.status, invalidated.err);
    // A new generation on each server, whether or not it had one.
    String copy = "127\\.0\\.0\\.1:\\d+ (-?\\d+|\\(none\\)) -> -?\\d+";
    assertMatches(invalidated.out, "^product_list: generation on " + copy + ", " + copy
        + "; every entry written before is a miss now");
    CliRun after = run("--servers", memcached.addresses(), "inspect", key);
    assertMatches(after.out, "^generation +-?\\d+: stale: the namespace moved to -?\\d+");

    int calls = delegateCalls.get();
    catalog.products("alice", LocalDate.of(2026, 1, 2));
    assertEquals(calls + 1, delegateCalls.get(), "the application sees the invalidation at once");
  }

  @Test
  void inspectOfAnAbsentKeyIsNotFound() {
    CliRun run = run("--servers", memcached.addresses(), "inspect", "product/00000000:nobody");
    assertEquals(CachetCli.NOT_FOUND, run.status);
    assertMatches(run.out, "^product/00000000:nobody: not found on memcached ");
  }

  @Test
  void invalidateDeletesTheEntryTheApplicationThenRecomputes() {
    CacheKey key = CatalogKeys.product("p1", 2, Catalog.Size.SMALL);
    CliRun run = run("--servers", memcached.addresses(), "invalidate", key.key());
    assertEquals(CachetCli.OK, run.status, run.err);
    assertEquals("deleted " + key.key() + "\n", run.out);

    int calls = delegateCalls.get();
    catalog.product("p1", 2, Catalog.Size.SMALL);
    assertEquals(calls + 1, delegateCalls.get());
    catalog.product("p1", 2, Catalog.Size.SMALL);
    assertEquals(calls + 1, delegateCalls.get(), "cached again");

    cachet.invalidate(key);
    assertEquals(CachetCli.NOT_FOUND, run("--servers", memcached.addresses(), "invalidate", key.key()).status);
  }

  @Test
  void keyBuildsWhatTheGeneratedKeysClassBuilds() {
    CliRun run = run("--classpath", CLASSES, "key", "product", "p1", "2", "SMALL");
    assertEquals(CachetCli.OK, run.status, run.err);
    assertEquals(CatalogKeys.product("p1", 2, Catalog.Size.SMALL).key() + "\n", run.out);

    CliRun day = run("--classpath", CLASSES, "key", "product_list", "alice smith", "2026-01-02");
    assertEquals(CatalogKeys.productList("alice smith", LocalDate.of(2026, 1, 2)).key() + "\n", day.out);
  }

  @Test
  void keyReadsManifestsFromAJar(@TempDir Path temp) throws IOException {
    Path jar = temp.resolve("app.jar");
    String manifest = "META-INF/cachet/dev.cachet.cli.Catalog.properties";
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(manifest));
      out.write(Files.readAllBytes(Path.of(CLASSES, manifest)));
      out.closeEntry();
    }
    CliRun run = run("--classpath", jar.toString(), "key", "blob", "large");
    assertEquals(CachetCli.OK, run.status, run.err);
    assertEquals(CatalogKeys.blob("large").key() + "\n", run.out);
  }

  @Test
  void keyExplainsWhatItCannotBuild() {
    CliRun count = run("--classpath", CLASSES, "key", "product", "p1");
    assertEquals(CachetCli.USAGE, count.status);
    assertTrue(count.err.contains("product takes 3 key arguments (java.lang.String id, int version, "
        + "dev.cachet.cli.Catalog.Size size), got 1"), count.err);

    CliRun notANumber = run("--classpath", CLASSES, "key", "product", "p1", "two", "SMALL");
    assertTrue(notANumber.err.contains("argument version=\"two\" is not a int"), notANumber.err);

    CliRun list = run("--classpath", CLASSES, "key", "tagged", "a");
    assertEquals(CachetCli.USAGE, list.status);
    assertTrue(list.err.contains("parameter tags of tagged is a list"), list.err);

    CliRun unknown = run("--classpath", CLASSES, "key", "prodcut");
    assertEquals(CachetCli.NOT_FOUND, unknown.status);
    assertTrue(unknown.err.contains("known: blob, product, product_list, tagged"), unknown.err);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aSpringCacheNameIsANamespaceToEveryCommand() {
    // CachetCacheManager makes the Spring cache Books the namespace Books; the tool addresses it.
    CliRun all = run("--servers", memcached.addresses(), "invalidate-all", "Books");
    assertEquals(CachetCli.OK, all.status, all.err);
    CliRun items = run("items", "Books", "--servers", memcached.addresses());
    assertEquals(CachetCli.OK, items.status, items.err);
    assertMatches(items.out, "^Books: 0 entries, 0 chunks, 2 generations, 0 leases, 2 change marks; [\\d,]+ bytes$");
    CliRun one = run("--servers", memcached.addresses(), "invalidate", "Books/spring:isbn-1");
    assertEquals(CachetCli.NOT_FOUND, one.status, one.err);
    CliRun generation = run("--servers", memcached.addresses(), "invalidate", "Books/gen");
    assertEquals(CachetCli.USAGE, generation.status);
    assertTrue(generation.err.contains("is not an entry's key but the generation of namespace Books"), generation.err);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void optionsGoAfterTheCommandAndCompletionIsGenerated() {
    CliRun stats = run("stats", "--timeout", "500", "--servers", memcached.get(0).address());
    assertEquals(CachetCli.OK, stats.status, stats.err);
    assertMatches(stats.out, "^" + Pattern.quote(memcached.get(0).address()) + "  memcached 1\\.6\\.18");
    CliRun help = run("inspect", "--help");
    assertEquals(CachetCli.OK, help.status);
    assertMatches(help.out, "^Usage: cachet inspect .*KEY$");
    assertEquals(CachetCli.USAGE, run("--timeout", "0", "stats").status);
    CliRun completion = run("generate-completion");
    assertEquals(CachetCli.OK, completion.status, completion.err);
    assertTrue(completion.out.startsWith("#!/usr/bin/env bash"), completion.out);
    assertTrue(completion.out.contains("invalidate-all"), completion.out);
    assertTrue(!Pattern.compile("^    generate-completion", Pattern.MULTILINE).matcher(run("--help").out).find(),
        "not listed among the commands");
  }
}
