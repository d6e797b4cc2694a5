package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.redis.testing.RedisExtension;
import dev.cachet.runtime.Cachet;
import dev.cachet.spring.boot.fixture.Catalog;
import dev.cachet.spring.boot.fixture.CatalogConfig;
import dev.cachet.spring.boot.fixture.CatalogKeys;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code cachet.redis} against a real redis-server: two application contexts stand for two
 * processes sharing it, and a second store property is refused naming both.
 */
class CachetOverRedisTest {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CachetAutoConfiguration.class))
        .withUserConfiguration(CatalogConfig.class)
        .withPropertyValues(
            "cachet.redis=" + redis.uri(),
            // The counts below hold only while the store answers in time, even on a loaded machine.
            "cachet.operation-timeout=2s",
            "cachet.region.long_term.expire=1h");
  }

  @Test
  void twoContextsShareTheServerAndAnInvalidationInOneIsSeenByTheOther() {
    runner()
        .run(
            first ->
                runner()
                    .run(
                        second -> {
                          assertThat(first.getBean(Cachet.class).toString()).contains(redis.get().address());
                          Catalog one = first.getBean(Catalog.class);
                          Catalog two = second.getBean(Catalog.class);

                          assertThat(one.product("sku-1")).isEqualTo("unnamed sku-1");
                          assertThat(two.product("sku-1")).isEqualTo("unnamed sku-1");
                          assertThat(second.getBean(AtomicInteger.class))
                              .as("the second process reads what the first stored")
                              .hasValue(0);

                          second.getBean(Cachet.class).invalidate(CatalogKeys.product("sku-1"));
                          one.product("sku-1");
                          assertThat(first.getBean(AtomicInteger.class))
                              .as("the first process computes the entry anew")
                              .hasValue(2);
                        }));
  }

  @Test
  void twoStorePropertiesAreOneErrorNamingBothWithoutRepeatingTheRedisUri() {
    runner()
        .withPropertyValues("cachet.servers=127.0.0.1:11211", "cachet.redis=redis://user:s3cret@127.0.0.1:6379")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable root = context.getStartupFailure();
              while (root.getCause() != null) {
                root = root.getCause();
              }
              assertThat(root.getMessage())
                  .contains("cachet.servers=\"127.0.0.1:11211\"")
                  .contains("cachet.redis")
                  .contains("give at most one of cachet.servers, cachet.redis and cachet.redis-cluster")
                  .doesNotContain("s3cret");
            });
  }

  @Test
  void aMalformedRedisUriIsRefusedNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CachetAutoConfiguration.class))
        .withPropertyValues("cachet.redis=memcached://127.0.0.1:6379")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable root = context.getStartupFailure();
              while (root.getCause() != null) {
                root = root.getCause();
              }
              assertThat(root.getMessage()).startsWith("Cachet properties: cachet.redis");
            });
  }
}
