package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.Cachet;
import dev.cachet.spring.boot.fixture.Catalog;
import dev.cachet.spring.boot.fixture.CatalogConfig;
import dev.cachet.spring.boot.fixture.CatalogKeys;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration against a real shared store: two application contexts stand for two
 * processes sharing it.
 */
abstract class SharedStoreContract {
  /** The property that chooses the store, e.g. {@code cachet.servers=127.0.0.1:11211}. */
  abstract String storeProperty();

  /** What the {@code Cachet}'s description names: the store's address. */
  abstract String storeAddress();

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CachetAutoConfiguration.class))
        .withUserConfiguration(CatalogConfig.class)
        .withPropertyValues(
            storeProperty(),
            // The counts below hold only while the store answers in time, even on a loaded machine.
            "cachet.operation-timeout=2s",
            "cachet.region.long_term.expire=1h");
  }

  @Test
  void twoContextsShareTheStoreAndAnInvalidationInOneIsSeenByTheOther() {
    runner()
        .run(
            first ->
                runner()
                    .run(
                        second -> {
                          assertThat(first.getBean(Cachet.class).toString()).contains(storeAddress());
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
}
