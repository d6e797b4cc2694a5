package dev.cachet.runtime.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real twemproxy ({@link Nutcracker}) in front of real memcached servers, for a JUnit 5 test
 * class: clients connect to {@link #address()} and see one server.
 *
 * <pre>{@code
 * class ThroughTheProxyTest {
 *   @RegisterExtension final NutcrackerExtension nutcracker = NutcrackerExtension.inFrontOf(2);
 *
 *   @Test void hits() {
 *     Cachet cachet = Cachet.builder().memcached(nutcracker.address()).build();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>As with {@link MemcachedExtension}, a {@code static} field keeps the servers and the proxy for
 * the whole class, and an instance field gives each test fresh ones (so a namespace starts without
 * a generation). One extension rather than two side by side, so the proxy is stopped after the
 * test's own {@code @AfterEach} methods have closed their clients, and before its servers.
 */
public final class NutcrackerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final MemcachedExtension memcached;
  private Nutcracker proxy;
  private boolean perClass;

  private NutcrackerExtension(MemcachedExtension memcached) {
    this.memcached = memcached;
  }

  /** A proxy in front of {@code count} servers started with the standard command line. */
  public static NutcrackerExtension inFrontOf(int count) {
    return new NutcrackerExtension(MemcachedExtension.servers(count));
  }

  /** The proxy's {@code 127.0.0.1:PORT}, as a transport's server list takes it. */
  public String address() {
    return proxy().address();
  }

  /** The running proxy. */
  public Nutcracker proxy() {
    if (proxy == null) {
      throw new IllegalStateException("the proxy is not started: register the extension with @RegisterExtension");
    }
    return proxy;
  }

  /** The memcached servers behind the proxy, to reach them directly. */
  public MemcachedExtension servers() {
    return memcached;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    memcached.beforeAll(context);
    startProxy();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopProxy();
    memcached.afterAll(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    memcached.beforeEach(context);
    if (proxy == null) {
      startProxy();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stopProxy();
    }
    memcached.afterEach(context);
  }

  private void startProxy() {
    try {
      proxy = Nutcracker.start(memcached.addresses());
    } catch (RuntimeException e) {
      // The servers were started for this proxy: do not leave them running without it.
      memcached.afterAll(null);
      throw e;
    }
  }

  private void stopProxy() {
    if (proxy != null) {
      proxy.close();
      proxy = null;
    }
  }
}
