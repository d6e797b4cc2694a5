package dev.cachet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The two per-server commands of memcached's text protocol the tool needs, on a plain socket:
 * {@code stats} and {@code lru_crawler metadump all}. Both are about one server, not about a key,
 * so they bypass the client's consistent hashing.
 */
final class TextProtocol implements AutoCloseable {
  /** memcached runs one crawler at a time; another metadump in progress answers BUSY. */
  private static final int BUSY_ATTEMPTS = 20;

  private static final long BUSY_PAUSE_MILLIS = 100;

  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  private TextProtocol(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code host:port}, waiting at most {@code timeout} to connect and for each reply line. */
  static TextProtocol connect(String server, Duration timeout) throws IOException {
    int colon = server.lastIndexOf(':');
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))),
          (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      return new TextProtocol(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** {@code stats}: every {@code STAT name value}, in the server's order. */
  Map<String, String> stats() throws IOException {
    send("stats");
    Map<String, String> stats = new LinkedHashMap<>();
    for (String line = readLine(); !line.equals("END"); line = readLine()) {
      String[] fields = line.split(" ", 3);
      if (fields.length < 3 || !fields[0].equals("STAT")) {
        throw new IOException("unexpected reply to stats: " + line);
      }
      stats.put(fields[1], fields[2]);
    }
    return stats;
  }

  /**
   * {@code lru_crawler metadump all}: one map per item ({@code key} percent-decoded, {@code exp},
   * {@code la}, {@code size}, ...).
   */
  List<Map<String, String>> metadump() throws IOException {
    for (int attempt = 1; ; attempt++) {
      send("lru_crawler metadump all");
      String first = readLine();
      if (first.startsWith("BUSY") && attempt < BUSY_ATTEMPTS) {
        pause();
        continue;
      }
      if (first.startsWith("BUSY") || first.startsWith("ERROR") || first.contains("_ERROR")) {
        throw new IOException("lru_crawler metadump: " + first);
      }
      List<Map<String, String>> items = new ArrayList<>();
      for (String line = first; !line.equals("END"); line = readLine()) {
        Map<String, String> item = new LinkedHashMap<>();
        for (String field : line.split(" ")) {
          int equals = field.indexOf('=');
          if (equals > 0) {
            item.put(field.substring(0, equals), field.substring(equals + 1));
          }
        }
        if (item.containsKey("key")) {
          item.put("key", percentDecode(item.get("key")));
          items.add(item);
        }
      }
      return items;
    }
  }

  private void send(String command) throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private String readLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("the server closed the connection");
    }
    return line;
  }

  private static void pause() throws IOException {
    try {
      TimeUnit.MILLISECONDS.sleep(BUSY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the crawler was busy", e);
    }
  }

  /** metadump writes keys URI-encoded; Cachet keys are ASCII, so each {@code %XX} is one byte. */
  static String percentDecode(String encoded) {
    byte[] bytes = new byte[encoded.length()];
    int length = 0;
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && isHex(encoded, i + 1) && isHex(encoded, i + 2)) {
        bytes[length++] = (byte) Integer.parseInt(encoded.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        bytes[length++] = (byte) c;
      }
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private static boolean isHex(String text, int index) {
    return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
  }

  @Override
  public void close() throws IOException {
    try {
      send("quit");
    } catch (IOException ignored) {
      // Closing anyway.
    } finally {
      socket.close();
    }
  }
}
