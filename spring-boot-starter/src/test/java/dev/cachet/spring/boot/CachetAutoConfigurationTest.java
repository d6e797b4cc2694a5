package dev.cachet.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachet.runtime.Cachet;
import dev.cachet.spring.boot.fixture.Catalog;
import dev.cachet.spring.boot.fixture.CachingCatalog;
import dev.cachet.spring.boot.fixture.CatalogConfig;
import dev.cachet.spring.boot.fixture.CatalogKeys;
import dev.cachet.spring.boot.fixture.DatabaseCatalog;
import dev.cachet.spring.boot.fixture.Pricing;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The auto-configuration on the in-memory default: the Cachet bean, wrapping, opting out. */
class CachetAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CachetAutoConfiguration.class))
          .withPropertyValues("cachet.region.long_term.expire=1h");

  @Test
  void aBeanImplementingADecoratedInterfaceIsWrappedAndItsCallsAreCached() {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Cachet.class);
              Catalog catalog = context.getBean(Catalog.class);
              assertThat(catalog).isInstanceOf(CachingCatalog.class);
              assertThat(catalog.product("sku-1")).isEqualTo("unnamed sku-1");
              assertThat(catalog.product("sku-1")).isEqualTo("unnamed sku-1");
              AtomicInteger reads = context.getBean(AtomicInteger.class);
              assertThat(reads).as("the second call is a hit").hasValue(1);

              catalog.rename("sku-1", "Blue shirt");
              assertThat(catalog.product("sku-1")).isEqualTo("Blue shirt");
              assertThat(reads).hasValue(2);
            });
  }

  @Test
  void theGeneratedKeysInvalidateThroughTheCachetBean() {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .run(
            context -> {
              Catalog catalog = context.getBean(Catalog.class);
              Cachet cachet = context.getBean(Cachet.class);
              catalog.product("sku-2");
              catalog.product("sku-2");
              cachet.invalidate(CatalogKeys.product("sku-2"));
              catalog.product("sku-2");
              assertThat(context.getBean(AtomicInteger.class)).hasValue(2);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OptedOutMethodConfig {
    @Bean
    @Undecorated
    DatabaseCatalog catalog() {
      return new DatabaseCatalog();
    }
  }

  @Undecorated
  static class PlainCatalog extends DatabaseCatalog {}

  @Configuration(proxyBeanMethods = false)
  static class OptedOutClassConfig {
    @Bean
    PlainCatalog catalog() {
      return new PlainCatalog();
    }
  }

  @Test
  void undecoratedOnTheBeanMethodOrTheClassKeepsTheBeanAsItIs() {
    runner
        .withUserConfiguration(OptedOutMethodConfig.class)
        .run(context -> assertThat(context.getBean(Catalog.class)).isExactlyInstanceOf(DatabaseCatalog.class));
    runner
        .withUserConfiguration(OptedOutClassConfig.class)
        .run(context -> assertThat(context.getBean(Catalog.class)).isExactlyInstanceOf(PlainCatalog.class));
  }

  @Test
  void wrappingCanBeTurnedOffForTheWholeContext() {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .withPropertyValues("cachet.decorate-beans=false")
        .run(context -> assertThat(context.getBean(Catalog.class)).isExactlyInstanceOf(DatabaseCatalog.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class UserDecoratorConfig {
    @Bean
    DatabaseCatalog database() {
      return new DatabaseCatalog();
    }

    @Bean
    CachingCatalog catalog(DatabaseCatalog database, Cachet cachet) {
      return new CachingCatalog(database, cachet);
    }
  }

  @Test
  void aDecoratorTheUserDeclaresIsNeitherWrappedNorDoubledOnItsDelegate() {
    runner
        .withUserConfiguration(UserDecoratorConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DatabaseCatalog database = context.getBean(DatabaseCatalog.class);
              assertThat(database).as("the delegate stays itself").isExactlyInstanceOf(DatabaseCatalog.class);
              CachingCatalog catalog = context.getBean(CachingCatalog.class);
              catalog.product("sku-3");
              catalog.product("sku-3");
              assertThat(database.reads()).isEqualTo(1);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class UserCachetConfig {
    static final Cachet OWN =
        Cachet.builder().inMemory().region("long_term", Duration.ofMinutes(5)).build();

    @Bean
    Cachet myCachet() {
      return OWN;
    }
  }

  @Test
  void aCachetBeanOfTheApplicationTakesThePlaceOfTheAutoConfiguredOne() {
    runner
        .withUserConfiguration(UserCachetConfig.class, CatalogConfig.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Cachet.class);
              assertThat(context.getBean(Cachet.class)).isSameAs(UserCachetConfig.OWN);
              context.getBean(Catalog.class).product("sku-4");
              assertThat(UserCachetConfig.OWN.statistics().namespace("product").misses()).isEqualTo(1);
            });
  }

  @Test
  void aRegionTheDecoratorNeedsButThePropertiesLackFailsStartupNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CachetAutoConfiguration.class))
        .withUserConfiguration(CatalogConfig.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("long_term")
                    .hasMessageContaining("cachet.region.long_term.expire"));
  }

  @Test
  void aBadPropertyFailsStartupWithCachetsOwnMessage() {
    runner
        .withPropertyValues("cachet.region.long_term.compression=brotli")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cachet.region.long_term.compression"));
  }

  @Test
  void closingTheContextClosesTheCachet() {
    Catalog[] kept = new Catalog[1];
    AtomicInteger[] reads = new AtomicInteger[1];
    runner
        .withUserConfiguration(CatalogConfig.class)
        .run(
            context -> {
              kept[0] = context.getBean(Catalog.class);
              reads[0] = context.getBean(AtomicInteger.class);
              kept[0].product("sku-5");
              kept[0].product("sku-5");
              assertThat(reads[0]).hasValue(1);
            });
    // Closing the in-memory store drops what it held: the same key is computed again.
    kept[0].product("sku-5");
    assertThat(reads[0]).hasValue(2);
  }

  static class CatalogAndPricing extends DatabaseCatalog implements Pricing {
    @Override
    public long price(String sku) {
      return 100;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoInterfacesConfig {
    @Bean
    CatalogAndPricing both() {
      return new CatalogAndPricing();
    }
  }

  @Test
  void aBeanImplementingTwoDecoratedInterfacesFailsStartupSayingWhatToDo() {
    runner
        .withUserConfiguration(TwoInterfacesConfig.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "implements dev.cachet.spring.boot.fixture.Catalog and dev.cachet.spring.boot.fixture.Pricing")
                    .hasMessageContaining("@Undecorated"));
  }

  static class NeedsTheClass {
    NeedsTheClass(DatabaseCatalog database) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class ConcreteInjectionConfig {
    @Bean
    DatabaseCatalog catalog() {
      return new DatabaseCatalog();
    }

    @Bean
    NeedsTheClass needsTheClass(DatabaseCatalog database) {
      return new NeedsTheClass(database);
    }
  }

  @Test
  void injectingAWrappedBeanByItsClassFailsWithAnAnalysisThatSaysWhatToDo() {
    runner
        .withUserConfiguration(ConcreteInjectionConfig.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis = new DecoratedBeanFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains("'catalog'")
                  .contains(DatabaseCatalog.class.getName())
                  .contains(CachingCatalog.class.getName());
              assertThat(analysis.getAction()).contains("Inject the bean as " + Catalog.class.getName()).contains("@dev.cachet.spring.boot.Undecorated");
            });
  }

  /** Stands for Spring's proxy creators (transactions, retries): an ordered post-processor. */
  static class CountingProxyPostProcessor implements BeanPostProcessor, Ordered {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      if (!(bean instanceof Catalog target)) {
        return bean;
      }
      return Proxy.newProxyInstance(
          Catalog.class.getClassLoader(),
          new Class<?>[] {Catalog.class},
          (proxy, method, arguments) -> {
            calls.incrementAndGet();
            return method.invoke(target, arguments);
          });
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ProxiedCatalogConfig {
    @Bean
    static CountingProxyPostProcessor countingProxy() {
      return new CountingProxyPostProcessor();
    }
  }

  @Test
  void theDecoratorWrapsTheProxiesOtherPostProcessorsMakeSoAHitSkipsThem() {
    runner
        .withUserConfiguration(CatalogConfig.class, ProxiedCatalogConfig.class)
        .run(
            context -> {
              Catalog catalog = context.getBean(Catalog.class);
              assertThat(catalog).isInstanceOf(CachingCatalog.class);
              catalog.product("sku-6");
              catalog.product("sku-6");
              assertThat(context.getBean(CountingProxyPostProcessor.class).calls)
                  .as("the hit never reached the proxy")
                  .hasValue(1);
            });
  }
}
