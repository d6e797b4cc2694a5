package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.redis.testing.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code cachet.redis} against a real redis-server; a second store property is refused naming both. */
class CachetOverRedisTest extends SharedStoreContract {
  @RegisterExtension final RedisExtension redis = RedisExtension.server();

  @Override
  String storeProperty() {
    return "cachet.redis=" + redis.uri();
  }

  @Override
  String storeAddress() {
    return redis.get().address();
  }

  @Test
  void twoStorePropertiesAreOneErrorNamingBothWithoutRepeatingTheRedisUri() {
    runner()
        .withPropertyValues("cachet.servers=127.0.0.1:11211", "cachet.redis=redis://user:s3cret@127.0.0.1:6379")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootCause(context.getStartupFailure()).getMessage())
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
              assertThat(rootCause(context.getStartupFailure()).getMessage()).startsWith("Cachet properties: cachet.redis");
            });
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }
}
