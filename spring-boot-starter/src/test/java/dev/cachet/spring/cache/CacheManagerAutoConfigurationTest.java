package dev.cachet.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.testing.MemcachedExtension;
import dev.cachet.runtime.testing.MutableClock;
import dev.cachet.spring.boot.CachetAutoConfiguration;
import dev.cachet.spring.boot.CachetBuilderCustomizer;
import dev.cachet.spring.boot.CachetCacheManagerAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code @Cacheable} code on the auto-configured manager, against real memcached. */
class CacheManagerAutoConfigurationTest {
  @RegisterExtension static final MemcachedExtension memcached = MemcachedExtension.servers(1);

  /** A service as applications write them; counts its real calls. */
  public static class Catalogue {
    final AtomicInteger calls = new AtomicInteger();

    @Cacheable("titles")
    public String title(long id) {
      return "title " + id + " #" + calls.incrementAndGet();
    }

    @Cacheable(cacheNames = "prices", sync = true)
    public Integer price(String isbn) {
      return 100 + calls.incrementAndGet();
    }

    @CacheEvict("titles")
    public void forget(long id) {}

    @CachePut(cacheNames = "titles", key = "#p0")
    public String rename(long id, String title) {
      return title;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class App {
    @Bean
    Catalogue catalogue() {
      return new Catalogue();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  CachetAutoConfiguration.class,
                  CachetCacheManagerAutoConfiguration.class,
                  CacheAutoConfiguration.class))
          .withUserConfiguration(App.class);

  @Test
  void annotationsRunOnCachetWithPerCacheExpiry() {
    // Freshness is read from this clock, moved by the test: expiry without waiting for it.
    MutableClock clock = MutableClock.fixed();
    runner
        .withBean(CachetBuilderCustomizer.class, () -> builder -> builder.clock(clock))
        .withPropertyValues(
            "cachet.servers=" + memcached.addresses(),
            // A hit must be a hit: the store gets 2 s to answer, even on a loaded machine.
            "cachet.operation-timeout=2s",
            "cachet.cache-manager.enabled=true",
            "cachet.region.default.expire=60",
            "cachet.region.prices.expire=1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(CacheManager.class)).isInstanceOf(CachetCacheManager.class);
              Catalogue catalogue = context.getBean(Catalogue.class);
              catalogue.forget(7); // a clean slate: the server outlives the context
              String first = catalogue.title(7);
              assertThat(catalogue.title(7)).isEqualTo(first);
              catalogue.forget(7);
              String second = catalogue.title(7);
              assertThat(second).isNotEqualTo(first);
              catalogue.rename(7, "renamed");
              assertThat(catalogue.title(7)).isEqualTo("renamed");

              CachetCacheManager manager = context.getBean(CachetCacheManager.class);
              assertThat(manager.regionOf("titles")).isEqualTo("default");
              assertThat(manager.regionOf("prices")).isEqualTo("prices");
              manager.getCache("prices").clear();
              Integer price = catalogue.price("978");
              assertThat(catalogue.price("978")).isEqualTo(price);
              clock.advance(Duration.ofMillis(999));
              assertThat(catalogue.price("978")).as("fresh for one second").isEqualTo(price);
              clock.advance(Duration.ofMillis(1));
              assertThat(catalogue.price("978")).isNotEqualTo(price);
            });
  }

  @Test
  void offUnlessEnabled() {
    runner
        .withPropertyValues("cachet.region.default.expire=60")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(CacheManager.class)).isNotInstanceOf(CachetCacheManager.class);
            });
  }

  @Test
  void aConfiguredCacheWithoutARegionFailsAtStartupNamingTheProperty() {
    runner
        .withPropertyValues(
            "cachet.cache-manager.enabled=true",
            "cachet.cache-manager.default-region=",
            "cachet.cache-manager.cache-names=titles",
            "cachet.region.other.expire=60")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cachet.region.titles.expire"));
  }
}
