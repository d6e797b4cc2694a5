package dev.cachet.redis.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link RedisCluster} for a JUnit 5 test class. In a {@code static} field it is formed once
 * for the class and flushed before each test (forming one takes seconds), so the tests must leave it
 * whole; in an instance field each test gets a cluster of its own, which it may kill and reshape.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private RedisCluster cluster;
  private boolean perClass;

  /** A three-primary cluster with a replica each. */
  public static RedisClusterExtension cluster() {
    return new RedisClusterExtension();
  }

  private RedisClusterExtension() {}

  /** The cluster; formed by the extension. */
  public RedisCluster get() {
    if (cluster == null) {
      throw new IllegalStateException("the cluster is not formed: register the extension with @RegisterExtension");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    cluster = RedisCluster.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (cluster == null) {
      cluster = RedisCluster.start();
    } else {
      cluster.flush();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  private void stop() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
