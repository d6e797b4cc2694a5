package dev.cachet.runtime.internal.transport;

import com.google.code.yanf4j.core.impl.StandardSocketOption;
import dev.cachet.runtime.spi.TransportException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.auth.AuthInfo;
import net.rubyeye.xmemcached.exception.MemcachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Xmemcached client {@link MemcachedTransport} works through, configured as the transport's
 * documentation says: failure mode on, raw bytes, short timeouts, background reconnection, 1 MiB
 * socket buffers, SASL PLAIN logins when credentials are given.
 *
 * <p>With {@link MemcachedSettings#withAuthentication SASL credentials} the client speaks the
 * binary protocol and authenticates each connection with PLAIN; a refused login leaves the server
 * unusable, and every operation on it fails (the caller answers from its delegate).
 */
final class MemcachedClients {
  /** With Xmemcached's 32 KiB default a 500 KB set took about 300 ms, with 1 MiB about 13 ms. */
  private static final int SOCKET_BUFFER_BYTES = 1024 * 1024;

  /** Only read, never written; not hex after the slash, so no key KeyBuilder makes. */
  private static final String WARM_UP_KEY = "cachet/warm-up";
  private static final Logger LOG = LoggerFactory.getLogger(MemcachedTransport.class);

  private MemcachedClients() {}

  /**
   * Starts the client and warms it up; servers that do not answer are left to background
   * reconnection.
   *
   * @throws TransportException if the client cannot be started at all
   */
  static MemcachedClient build(
      MemcachedSettings settings,
      List<InetSocketAddress> servers,
      MemcachedSessionLocator locator,
      CommandFactory commands) {
    XMemcachedClientBuilder builder = new XMemcachedClientBuilder(servers);
    builder.setSessionLocator(locator);
    builder.setCommandFactory(commands);
    if (settings.authenticated()) {
      for (InetSocketAddress server : servers) {
        AuthInfo login = AuthInfo.plain(settings.username(), settings.password());
        builder.addAuthInfo(server, login);
        // Xmemcached finds a connected session's login by "host:port" of its remote address, and
        // names that host by reverse lookup (127.0.0.1 becomes localhost): file the login under
        // that name too. Unresolved, so the map does not take it for the same address.
        if (server.getAddress() != null) {
          String reverse = server.getAddress().getHostName();
          if (!reverse.equals(server.getHostString())) {
            builder.addAuthInfo(InetSocketAddress.createUnresolved(reverse, server.getPort()), login);
          }
        }
      }
    }
    builder.setFailureMode(true);
    builder.setTranscoder(RawBytesTranscoder.INSTANCE);
    builder.setOpTimeout(settings.operationTimeout().toMillis());
    builder.setConnectTimeout(settings.connectTimeout().toMillis());
    builder.setEnableHealSession(true);
    builder.setHealSessionInterval(settings.reconnectInterval().toMillis());
    builder.setSocketOption(StandardSocketOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    builder.setSocketOption(StandardSocketOption.SO_RCVBUF, SOCKET_BUFFER_BYTES);
    builder.setSocketOption(StandardSocketOption.TCP_NODELAY, true);
    builder.setName("cachet");
    MemcachedClient client;
    try {
      client = builder.build();
    } catch (IOException e) {
      throw new TransportException("cannot start the memcached client for " + settings.servers(), e);
    }
    warmUp(client, settings.connectTimeout().toMillis());
    return client;
  }

  /**
   * One lookup with the connect timeout, so that class loading and the first trip through
   * Xmemcached's reactor (tens of milliseconds on a cold JVM) are paid here rather than by the
   * first real lookup, whose op timeout is short. A fault here is not an error: the servers may
   * come later.
   */
  private static void warmUp(MemcachedClient client, long timeoutMillis) {
    try {
      client.get(List.of(WARM_UP_KEY), timeoutMillis, RawBytesTranscoder.INSTANCE);
    } catch (TimeoutException | MemcachedException | RuntimeException notYet) {
      LOG.debug("warm-up lookup failed; servers are retried in the background", notYet);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
