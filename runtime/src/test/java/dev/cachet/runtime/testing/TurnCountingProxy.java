package dev.cachet.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port that counts request/response turns, to prove how many
 * round trips an operation costs.
 *
 * <p>A turn starts when the client sends bytes after the server last spoke (or on a connection's
 * first bytes): a burst of client-to-server bytes followed by the server's reply is one turn, no
 * matter how many TCP segments either side used. Turns of every connection are summed. Point a
 * transport at {@link #address()}, call {@link #reset()}, do the operation, read {@link #turns()}.
 * Call {@code reset()} right before the operation you measure: Xmemcached sends a {@code version}
 * heartbeat on a connection idle for 5 s, which is a turn too.
 *
 * <p>A proxy started with {@link #recording(String)} also keeps every byte each connection sent
 * to the server ({@link #bytesSentPerConnection()}), to check exactly which commands reached it.
 *
 * <p>Proxies started with one {@link Timeline} also measure round trips of <em>elapsed</em> time
 * across all their connections ({@link Timeline#depth()}): the longest chain of turns each of
 * which began after the reply of the one before it reached the client. Commands sent to three
 * servers at once are one round trip of elapsed time however many turns they are. A timeline's
 * latency holds each reply that long before the client gets it, as a network would: commands
 * the client sends without waiting for a reply then always arrive within the turn, or the
 * chain, they belong to, however the client's threads are scheduled.
 *
 * <pre>{@code
 * try (TurnCountingProxy proxy = TurnCountingProxy.to(server.address())) {
 *   Cachet cachet = Cachet.builder().memcached(proxy.address()).build();
 *   service.image("a");                         // miss: fills the cache
 *   proxy.reset();
 *   service.image("a");                         // hit
 *   assertEquals(1, proxy.turns());
 * }
 * }</pre>
 */
public final class TurnCountingProxy implements AutoCloseable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final AtomicLong turns = new AtomicLong();
  private final AtomicLong bytesToServer = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Per connection, what the client sent; {@code null} unless recording. */
  private final List<ByteArrayOutputStream> sent;
  /** Shared with the other proxies of one measurement; {@code null} for none. */
  private final Timeline timeline;
  private final Thread acceptor;
  private volatile boolean closed;

  private TurnCountingProxy(InetSocketAddress target, boolean recording, Timeline timeline) throws IOException {
    this.target = target;
    this.timeline = timeline;
    this.sent = recording ? new CopyOnWriteArrayList<>() : null;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "turn-counting-proxy-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy in front of {@code targetAddress} ({@code host:port}). */
  public static TurnCountingProxy to(String targetAddress) {
    return start(targetAddress, false);
  }

  /** Starts a proxy in front of {@code targetAddress} that also records what clients send. */
  public static TurnCountingProxy recording(String targetAddress) {
    return start(targetAddress, true);
  }

  /**
   * Starts a recording proxy in front of {@code targetAddress} whose turns are also put on
   * {@code timeline}, which holds each reply for its latency.
   */
  public static TurnCountingProxy recording(String targetAddress, Timeline timeline) {
    return start(targetAddress, true, timeline);
  }

  private static TurnCountingProxy start(String targetAddress, boolean recording) {
    return start(targetAddress, recording, null);
  }

  private static TurnCountingProxy start(String targetAddress, boolean recording, Timeline timeline) {
    int colon = targetAddress.lastIndexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("expected host:port, got " + targetAddress);
    }
    InetSocketAddress target =
        new InetSocketAddress(
            targetAddress.substring(0, colon), Integer.parseInt(targetAddress.substring(colon + 1)));
    try {
      return new TurnCountingProxy(target, recording, timeline);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT} of the proxy. */
  public String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Turns counted since start or the last {@link #reset()}. */
  public long turns() {
    return turns.get();
  }

  /** Client-to-server bytes forwarded since start or the last {@link #reset()}. */
  public long bytesToServer() {
    return bytesToServer.get();
  }

  /**
   * Every byte sent to the server since start, one array per connection in the order connections
   * were opened (commands of one connection are in order; connections interleave in time).
   *
   * @throws IllegalStateException unless started with {@link #recording(String)}
   */
  public List<byte[]> bytesSentPerConnection() {
    if (sent == null) {
      throw new IllegalStateException("not recording: start the proxy with TurnCountingProxy.recording");
    }
    List<byte[]> copies = new ArrayList<>();
    for (ByteArrayOutputStream connection : sent) {
      synchronized (connection) {
        copies.add(connection.toByteArray());
      }
    }
    return copies;
  }

  private static final java.util.Set<String> WITH_DATA = java.util.Set.of("set", "add", "replace", "append", "prepend", "cas");

  /**
   * The text-protocol command lines each connection sent after {@code before} was taken (two
   * results of {@link #bytesSentPerConnection()}), connection by connection, each in order; the
   * data blocks of storage commands are skipped by their stated length, as memcached does.
   */
  public static List<String> commandLines(List<byte[]> before, List<byte[]> after) {
    List<String> commands = new ArrayList<>();
    for (int c = 0; c < after.size(); c++) {
      byte[] sent = after.get(c);
      int at = c < before.size() ? before.get(c).length : 0;
      while (at < sent.length) {
        int end = at;
        while (end + 1 < sent.length && !(sent[end] == '\r' && sent[end + 1] == '\n')) {
          end++;
        }
        String line = new String(sent, at, end - at, java.nio.charset.StandardCharsets.US_ASCII);
        commands.add(line);
        at = end + 2;
        String[] words = line.split(" ");
        if (WITH_DATA.contains(words[0]) && words.length > 4) {
          at += Integer.parseInt(words[4]) + 2;
        }
      }
    }
    return commands;
  }

  /** Zeroes the counters; open connections stay open. */
  public void reset() {
    turns.set(0);
    bytesToServer.set(0);
  }

  /** Stops accepting and closes every proxied connection. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(client);
      Socket server = new Socket();
      sockets.add(server);
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(target, 2_000);
      } catch (IOException unreachable) {
        // The client sees its connection closed, as it would if the server refused.
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      Conversation conversation = new Conversation();
      ByteArrayOutputStream record = null;
      if (sent != null) {
        record = new ByteArrayOutputStream();
        sent.add(record);
      }
      pump(client, server, conversation, true, record);
      pump(server, client, conversation, false, null);
    }
  }

  private void pump(
      Socket from, Socket to, Conversation conversation, boolean clientToServer, ByteArrayOutputStream record) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[BUFFER_BYTES];
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (clientToServer) {
                    if (conversation.clientSpeaks()) {
                      turns.incrementAndGet();
                      if (timeline != null) {
                        conversation.turn = timeline.begin();
                      }
                    }
                    bytesToServer.addAndGet(n);
                    if (record != null) {
                      synchronized (record) {
                        record.write(buffer, 0, n);
                      }
                    }
                  } else {
                    Timeline.Turn turn = conversation.turn;
                    if (timeline != null && turn != null && turn.replied.get() == 0) {
                      // Emulated network latency, not synchronisation: a turn's reply is late by it.
                      timeline.delay();
                      timeline.replied(turn);
                    }
                    // Before forwarding: the client may answer the moment it has the reply.
                    conversation.serverSpeaks();
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException closedOrReset) {
                // One side went away; close both so the other side sees it too.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "turn-counting-proxy-" + (clientToServer ? "up" : "down"));
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already closed.
    }
  }

  /**
   * The turns of several proxies (the servers of one pool) on one logical clock, to count round
   * trips of elapsed time; see the class documentation.
   */
  public static final class Timeline {
    private final long latencyNanos;
    private final AtomicLong clock = new AtomicLong();
    private final List<Turn> turns = new CopyOnWriteArrayList<>();

    /** @param latency how long each reply is held before the client gets it */
    public Timeline(java.time.Duration latency) {
      this.latencyNanos = latency.toNanos();
    }

    /** Forgets the turns so far. */
    public void reset() {
      turns.clear();
    }

    /**
     * The round trips of elapsed time since {@link #reset()}: the longest chain of turns in which
     * each began after the client had the reply of the one before.
     */
    public int depth() {
      List<Turn> byStart = new ArrayList<>(turns);
      byStart.sort(java.util.Comparator.comparingLong(turn -> turn.started));
      int[] depth = new int[byStart.size()];
      int deepest = 0;
      for (int i = 0; i < byStart.size(); i++) {
        depth[i] = 1;
        for (int j = 0; j < i; j++) {
          long replied = byStart.get(j).replied.get();
          if (replied != 0 && replied < byStart.get(i).started) {
            depth[i] = Math.max(depth[i], depth[j] + 1);
          }
        }
        deepest = Math.max(deepest, depth[i]);
      }
      return deepest;
    }

    /** How many turns since {@link #reset()} have had their reply let through to the client. */
    public int replied() {
      int replied = 0;
      for (Turn turn : turns) {
        replied += turn.replied.get() != 0 ? 1 : 0;
      }
      return replied;
    }

    Turn begin() {
      Turn turn = new Turn(clock.incrementAndGet());
      turns.add(turn);
      return turn;
    }

    void replied(Turn turn) {
      turn.replied.compareAndSet(0, clock.incrementAndGet());
    }

    void delay() {
      long until = System.nanoTime() + latencyNanos;
      for (long left = latencyNanos; left > 0; left = until - System.nanoTime()) {
        java.util.concurrent.locks.LockSupport.parkNanos(left);
      }
    }

    /** One turn: when it began, and when its first reply was let through (0: not yet). */
    static final class Turn {
      final long started;
      final AtomicLong replied = new AtomicLong();

      Turn(long started) {
        this.started = started;
      }
    }
  }

  /** Who spoke last on one proxied connection. */
  private static final class Conversation {
    private boolean clientSpokeLast;
    /** The turn under way, on a timeline. */
    private volatile Timeline.Turn turn;

    /** {@code true} when this starts a new turn. */
    synchronized boolean clientSpeaks() {
      boolean newTurn = !clientSpokeLast;
      clientSpokeLast = true;
      return newTurn;
    }

    synchronized void serverSpeaks() {
      clientSpokeLast = false;
    }
  }
}
