package dev.cachet.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A few lines of memcached text protocol over one plain socket: to look at what a server really
 * holds (flags, raw bytes) without going through a client library.
 */
public final class TextClient implements AutoCloseable {
  private final Socket socket = new Socket();
  private final OutputStream out;
  private final InputStream in;

  /** Connects to {@code 127.0.0.1:port}; reads give up after {@code readTimeoutMillis}. */
  public TextClient(int port, int readTimeoutMillis) {
    try {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      socket.setSoTimeout(readTimeoutMillis);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code request} as one write and reads until the reply ends with {@code terminator}. */
  public String exchange(String request, String terminator) throws IOException {
    send(request);
    return readUntil(terminator);
  }

  /** Writes {@code request} as is, in one write. */
  public void send(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads until what was read ends with {@code terminator}. */
  public String readUntil(String terminator) throws IOException {
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    while (!reply.toString(StandardCharsets.US_ASCII).endsWith(terminator)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + reply.toString(StandardCharsets.US_ASCII));
      }
      reply.write(b);
    }
    return reply.toString(StandardCharsets.US_ASCII);
  }

  /** {@code true} when nothing arrives within the read timeout. */
  public boolean silent() throws IOException {
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException timedOut) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
