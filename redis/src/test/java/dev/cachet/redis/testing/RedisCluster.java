package dev.cachet.redis.testing;

import static org.awaitility.Awaitility.await;

import dev.cachet.runtime.testing.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster for tests: three primaries with one replica each, six {@code redis-server}
 * processes on free loopback ports ({@link RedisServer} with {@code --cluster-enabled yes}), joined
 * by {@code redis-cli --cluster create ... --cluster-replicas 1}, which gives the primaries the
 * slot ranges 0-5460, 5461-10922 and 10923-16383. {@link #start} returns once every node reports
 * {@code cluster_state:ok}, agrees on the slots and every replica's link is up.
 *
 * <p>Nodes run with {@code cluster-node-timeout} {@value #NODE_TIMEOUT_MILLIS} ms, so a killed
 * primary's replica is promoted within a few seconds, and {@code cluster-require-full-coverage no},
 * so the other primaries keep serving while one is down (the set-up docs/consistency.md
 * recommends). Faults: {@link #killPrimary}, {@link #failover} (kill, then wait for the replica's
 * promotion), {@link #migrateSlot} (SETSLOT IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE).
 */
public final class RedisCluster implements AutoCloseable {
  /** How long a node may be unreachable before the cluster marks it failed and promotes its replica. */
  public static final int NODE_TIMEOUT_MILLIS = 1_000;
  private static final Duration FORMATION_DEADLINE = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  /** Starts six nodes, joins them as three primaries with a replica each, and waits until it serves. */
  public static RedisCluster start() {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        nodes.add(
            RedisServer.start(
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                "--cluster-require-full-coverage", "no",
                "--cluster-replica-validity-factor", "0"));
      }
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.create();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  private void create() {
    List<String> command = new ArrayList<>(List.of(redisCli().toString(), "--cluster", "create"));
    nodes.forEach(node -> command.add(node.address()));
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    String output = run(command);
    if (!output.contains("All 16384 slots covered")) {
      throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
    }
    await("cluster formed: " + this)
        .atMost(FORMATION_DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(this::formed);
  }

  /** Every node says ok, sees six nodes and the same three slot owners; every replica is linked. */
  private boolean formed() {
    String expected = null;
    for (RedisServer node : nodes) {
      if (!node.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
        return false;
      }
      String owners = slotOwners(node);
      if (expected == null) {
        expected = owners;
      } else if (!expected.equals(owners)) {
        return false;
      }
      String replication = node.command("INFO", "replication");
      if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
        return false;
      }
    }
    return primaries().size() == 3 && replicas().size() == 3;
  }

  /** A node's view of who owns which slot ranges, as text to compare. */
  private static String slotOwners(RedisServer node) {
    return node.command("CLUSTER", "SLOTS").lines().filter(line -> !line.isBlank()).collect(Collectors.joining(","));
  }

  /** {@code redis://127.0.0.1:P1 redis://127.0.0.1:P2 ...}: every node, as {@code redisCluster(...)} takes them. */
  public String uris() {
    return nodes.stream().map(RedisServer::uri).collect(Collectors.joining(" "));
  }

  /** One node's URI: a seed is enough for the client to learn the rest. */
  public String seed() {
    return nodes.get(0).uri();
  }

  /** Every node, started or killed. */
  public List<RedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /** The running nodes that are primaries now, by port; a paused node answers nothing, so it is none. */
  public List<RedisServer> primaries() {
    return running().stream().filter(node -> role(node).equals("master")).toList();
  }

  /** The running nodes that are replicas now, by port. */
  public List<RedisServer> replicas() {
    return running().stream().filter(node -> role(node).equals("slave")).toList();
  }

  private List<RedisServer> running() {
    return nodes.stream().filter(node -> node.isRunning() && !node.isPaused()).toList();
  }

  private static String role(RedisServer node) {
    String replication = node.command("INFO", "replication");
    int at = replication.indexOf("role:");
    return replication.substring(at + 5, replication.indexOf('\r', at));
  }

  /** The primary that owns {@code slot} now, as the first running node reports it. */
  public RedisServer ownerOf(int slot) {
    String ownerId = null;
    for (String line : anyRunning().command("CLUSTER", "NODES").split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")) {
        for (int i = 8; i < fields.length; i++) {
          if (covers(fields[i], slot)) {
            ownerId = fields[0];
          }
        }
      }
    }
    if (ownerId == null) {
      throw new IllegalStateException("no primary owns slot " + slot);
    }
    return byId(ownerId);
  }

  private static boolean covers(String range, int slot) {
    if (range.startsWith("[")) {
      return false; // a slot being migrated or imported
    }
    int dash = range.indexOf('-');
    int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
    int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
    return from <= slot && slot <= to;
  }

  /** The node whose {@code CLUSTER MYID} is {@code id}. */
  private RedisServer byId(String id) {
    for (RedisServer node : running()) {
      if (id(node).equals(id)) {
        return node;
      }
    }
    throw new IllegalStateException("no running node has id " + id);
  }

  /** The node's cluster id. */
  public static String id(RedisServer node) {
    return node.command("CLUSTER", "MYID").trim();
  }

  /** The running replica of {@code primary}. */
  public RedisServer replicaOf(RedisServer primary) {
    String primaryId = id(primary);
    for (RedisServer node : replicas()) {
      if (node.command("CLUSTER", "NODES").lines().anyMatch(line -> line.contains("myself") && line.contains(primaryId))) {
        return node;
      }
    }
    throw new IllegalStateException("no running replica of " + primary);
  }

  /** Kills {@code primary} with SIGKILL; its replica is promoted after the node timeout. */
  public void killPrimary(RedisServer primary) {
    primary.kill();
  }

  /**
   * A failover as a crash causes it: kills {@code primary}, waits until its replica is a primary
   * that every running node recognises as the owner of the killed one's slots. Returns the new primary.
   */
  public RedisServer failover(RedisServer primary) {
    RedisServer replica = replicaOf(primary);
    primary.kill();
    awaitPromoted(replica);
    return replica;
  }

  /** Waits until {@code replica} is a primary that every running node sees as one, with slots. */
  public void awaitPromoted(RedisServer replica) {
    String replicaId = id(replica);
    await("replica " + replica + " promoted")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () -> role(replica).equals("master")
                && running().stream()
                    .allMatch(node -> node.command("CLUSTER", "NODES").lines()
                        .anyMatch(line -> line.startsWith(replicaId) && line.contains("master") && line.contains("connected")
                            && line.trim().split(" ").length > 8)));
  }

  /**
   * Moves {@code slot} from its owner to {@code target} as {@code redis-cli --cluster reshard} does:
   * {@code SETSLOT IMPORTING} on the target, {@code SETSLOT MIGRATING} on the source, then {@code
   * MIGRATE} of its keys in batches of {@code batch}, calling {@code betweenBatches} after each (a
   * test runs calls there, while the slot is half moved), and {@code SETSLOT NODE} on every primary.
   */
  public void migrateSlot(int slot, RedisServer target, int batch, Runnable betweenBatches) {
    RedisServer source = ownerOf(slot);
    if (source.port() == target.port()) {
      throw new IllegalArgumentException(target + " already owns slot " + slot);
    }
    String sourceId = id(source);
    String targetId = id(target);
    expectOk(target.command("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId));
    expectOk(source.command("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId));
    while (true) {
      List<String> keys =
          source.command("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), Integer.toString(batch))
              .lines().filter(line -> !line.isEmpty()).toList();
      if (keys.isEmpty()) {
        break;
      }
      List<String> migrate =
          new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()), "", "0", "5000", "KEYS"));
      migrate.addAll(keys);
      String moved = source.command(migrate.toArray(String[]::new));
      // NOKEY: calls running beside the migration deleted every key of the batch after
      // GETKEYSINSLOT listed them; nothing is left to move, which is not a failure.
      if (!moved.startsWith("+NOKEY")) {
        expectOk(moved);
      }
      betweenBatches.run();
    }
    for (RedisServer node : List.of(target, source)) {
      expectOk(node.command("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId));
    }
    for (RedisServer node : primaries()) {
      if (node != target && node != source) {
        expectOk(node.command("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId));
      }
    }
    await("every node sees slot " + slot + " on " + target)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .until(() -> running().stream().allMatch(node -> ownerSeenBy(node, slot).equals(targetId)));
  }

  private static String ownerSeenBy(RedisServer node, int slot) {
    for (String line : node.command("CLUSTER", "NODES").split("\n")) {
      String[] fields = line.trim().split(" ");
      for (int i = 8; i < fields.length; i++) {
        if (covers(fields[i], slot)) {
          return fields[0];
        }
      }
    }
    return "";
  }

  /** The slot Redis gives {@code key} ({@code CLUSTER KEYSLOT}). */
  public int slotOf(String key) {
    return Integer.parseInt(anyRunning().command("CLUSTER", "KEYSLOT", key).substring(1).trim());
  }

  /** {@code FLUSHALL} on every primary (replicated to its replica): an empty store for the next test. */
  public void flush() {
    for (RedisServer primary : primaries()) {
      expectOk(primary.command("FLUSHALL"));
    }
  }

  /**
   * {@code calls=N} of each command in {@code INFO commandstats}, summed over the running primaries:
   * what the store was asked, counted on the servers.
   */
  public Map<String, Long> commandCalls() {
    Map<String, Long> calls = new TreeMap<>();
    for (RedisServer primary : primaries()) {
      commandCalls(primary).forEach((command, count) -> calls.merge(command, count, Long::sum));
    }
    return calls;
  }

  /** {@code calls=N} per command of one node. */
  public static Map<String, Long> commandCalls(RedisServer node) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : node.command("INFO", "commandstats").split("\r\n")) {
      if (line.startsWith("cmdstat_")) {
        String command = line.substring("cmdstat_".length(), line.indexOf(':'));
        String rest = line.substring(line.indexOf("calls=") + "calls=".length());
        calls.put(command, Long.parseLong(rest.substring(0, rest.indexOf(','))));
      }
    }
    return calls;
  }

  /** {@code CONFIG RESETSTAT} on every running node. */
  public void resetStatistics() {
    for (RedisServer node : running()) {
      expectOk(node.command("CONFIG", "RESETSTAT"));
    }
  }

  private RedisServer anyRunning() {
    return running().get(0);
  }

  private static void expectOk(String reply) {
    if (!reply.startsWith("+OK")) {
      throw new IllegalStateException("expected OK: " + reply);
    }
  }

  /** Stops every node and removes what it wrote. */
  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }

  @Override
  public String toString() {
    return "redis cluster " + nodes.stream().map(RedisServer::address).collect(Collectors.joining(" "));
  }

  private static Path redisCli() {
    return LocalProcess.findExecutable(
        "redis-cli", System.getenv("PATH") + ":/usr/bin", RedisServer.NOT_FOUND_MESSAGE.replace("redis-server", "redis-cli"));
  }

  private static String run(List<String> command) {
    try {
      Path output = Files.createTempFile("redis-cli-", ".log");
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(FORMATION_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(command + " did not finish within " + FORMATION_DEADLINE);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
