package dev.cachet.redis.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis server for a JUnit 5 test class, as {@code MemcachedExtension} is for memcached: in
 * a {@code static} field it lives for the whole class (and a killed or paused one is brought back
 * before the next test), in an instance field it is started before and stopped after each test.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Supplier<RedisServer> starter;
  private RedisServer server;
  private boolean perClass;

  private RedisExtension(Supplier<RedisServer> starter) {
    this.starter = starter;
  }

  /** A server with the standard command line plus {@code extraArgs}. */
  public static RedisExtension server(String... extraArgs) {
    return new RedisExtension(() -> RedisServer.start(extraArgs));
  }

  /** A server whose default user needs {@code password}. */
  public static RedisExtension withPassword(String password) {
    return new RedisExtension(() -> RedisServer.startWithPassword(password));
  }

  /** A server whose one user is the ACL user {@code user}. */
  public static RedisExtension withAclUser(String user, String password) {
    return new RedisExtension(() -> RedisServer.startWithAclUser(user, password));
  }

  /** The server; started by the extension. */
  public RedisServer get() {
    if (server == null) {
      throw new IllegalStateException("the server is not started: register the extension with @RegisterExtension");
    }
    return server;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return get().uri();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    server = starter.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      server = starter.get();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    } else if (!server.isRunning()) {
      server.restart();
    } else if (server.isPaused()) {
      server.resume();
    }
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
