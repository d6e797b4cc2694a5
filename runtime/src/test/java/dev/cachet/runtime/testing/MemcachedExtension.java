package dev.cachet.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real memcached servers for a JUnit 5 test class.
 *
 * <pre>{@code
 * class ImageServiceTest {
 *   @RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.servers(2);
 *
 *   @Test void hits() {
 *     Cachet cachet = Cachet.builder().memcached(MEMCACHED.addresses()).build();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>In a {@code static} field the servers live for the whole class; in an instance field they
 * are started before and stopped after each test. A test that kills, pauses or restarts a server
 * gets it back running and resumed before the next test (its data is gone after a restart).
 */
public final class MemcachedExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final int count;
  private final String[] extraArgs;
  private final List<MemcachedServer> servers = new ArrayList<>();
  private boolean perClass;

  private MemcachedExtension(int count, String[] extraArgs) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    this.count = count;
    this.extraArgs = extraArgs.clone();
  }

  /** One server started with the standard command line plus {@code extraArgs}. */
  public static MemcachedExtension server(String... extraArgs) {
    return new MemcachedExtension(1, extraArgs);
  }

  /** {@code count} servers, each started with the standard command line plus {@code extraArgs}. */
  public static MemcachedExtension servers(int count, String... extraArgs) {
    return new MemcachedExtension(count, extraArgs);
  }

  /** The first server. */
  public MemcachedServer get() {
    return get(0);
  }

  /** The server at {@code index}, in start order. */
  public MemcachedServer get(int index) {
    if (servers.isEmpty()) {
      throw new IllegalStateException("the servers are not started: register the extension with @RegisterExtension");
    }
    return servers.get(index);
  }

  /** Every server's address separated by spaces: {@code "127.0.0.1:P1 127.0.0.1:P2"}. */
  public String addresses() {
    get(0);
    return servers.stream().map(MemcachedServer::address).collect(Collectors.joining(" "));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    startAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopAll();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (servers.isEmpty()) {
      startAll();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stopAll();
      return;
    }
    for (MemcachedServer server : servers) {
      if (!server.isRunning()) {
        server.restart();
      } else if (server.isPaused()) {
        server.resume();
      }
    }
  }

  private void startAll() {
    try {
      for (int i = 0; i < count; i++) {
        servers.add(MemcachedServer.start(extraArgs));
      }
    } catch (RuntimeException e) {
      stopAll();
      throw e;
    }
  }

  private void stopAll() {
    for (MemcachedServer server : servers) {
      server.close();
    }
    servers.clear();
  }
}
