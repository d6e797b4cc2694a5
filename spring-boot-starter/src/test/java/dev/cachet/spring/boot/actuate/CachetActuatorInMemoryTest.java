package dev.cachet.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.metrics.CachetMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoint, health indicator and meters over the in-memory store, and the conditions that guard them. */
class CachetActuatorInMemoryTest {
  private final ApplicationContextRunner runner = ActuatorContexts.runner();

  @Test
  void readsStatisticsPerNamespaceRegionAndServer() {
    runner.run(
        context -> {
          Gallery gallery = context.getBean(Gallery.class);
          assertThat(gallery).isInstanceOf(CachingGallery.class);
          gallery.imageList("alice", "EU");
          gallery.imageList("alice", "EU");
          gallery.image("alice", 3, Gallery.Size.LARGE);

          CachetEndpoint.CachetDescriptor report = context.getBean(CachetEndpoint.class).cachet();

          CachetEndpoint.NamespaceDescriptor imageList = report.namespaces().get("image_list");
          assertThat(imageList.regions()).containsExactly("short");
          assertThat(imageList.counts().hits()).isEqualTo(1);
          assertThat(imageList.counts().misses()).isEqualTo(1);
          assertThat(imageList.counts().hitRatio()).isEqualTo(0.5);
          assertThat(imageList.counts().stores()).isEqualTo(1);
          assertThat(report.namespaces().get("image").counts().misses()).isEqualTo(1);
          assertThat(report.regions().get("short").misses()).isEqualTo(2);
          assertThat(report.totals().hits()).isEqualTo(1);
          assertThat(report.totals().misses()).isEqualTo(2);
          assertThat(report.nearSyncAgeMillis()).isNull();
          CachetEndpoint.ServerDescriptor store = report.servers().get("in-memory");
          assertThat(store.reachable()).isTrue();
          assertThat(store.error()).isNull();
          assertThat(store.breaker()).isNull();
          // Two entries, and the generation item of each namespace.
          assertThat(store.stats()).containsEntry("curr_items", "4").containsKey("bytes").doesNotContainKey("item_size_max");
        });
  }

  @Test
  void invalidatesOneEntryFromItsArguments() {
    runner.run(
        context -> {
          Gallery gallery = context.getBean(Gallery.class);
          Calls calls = context.getBean(Calls.class);
          CachetEndpoint endpoint = context.getBean(CachetEndpoint.class);
          gallery.imageList("alice", "EU");
          gallery.imageList("bob", "EU");

          CachetEndpoint.InvalidationDescriptor done =
              endpoint.invalidateEntry("image_list", new String[] {"alice", "EU"});

          assertThat(done.namespace()).isEqualTo("image_list");
          assertThat(done.key()).isEqualTo(GalleryKeys.imageList("alice", "EU").key());
          assertThat(done.acknowledged()).isTrue();
          gallery.imageList("alice", "EU");
          gallery.imageList("bob", "EU");
          assertThat(calls.of("imageList", "alice", "EU")).isEqualTo(2);
          assertThat(calls.of("imageList", "bob", "EU")).isEqualTo(1);
        });
  }

  @Test
  void convertsEachArgumentToItsParameterType() {
    runner.run(
        context -> {
          Gallery gallery = context.getBean(Gallery.class);
          Calls calls = context.getBean(Calls.class);
          gallery.image("alice", 3, Gallery.Size.LARGE);
          gallery.image("alice", 4, Gallery.Size.LARGE);

          CachetEndpoint.InvalidationDescriptor done =
              context.getBean(CachetEndpoint.class).invalidateEntry("image", new String[] {"alice", "3", "LARGE"});

          assertThat(done.key()).isEqualTo(GalleryKeys.image("alice", 3, Gallery.Size.LARGE).key());
          gallery.image("alice", 3, Gallery.Size.LARGE);
          gallery.image("alice", 4, Gallery.Size.LARGE);
          assertThat(calls.of("image", "alice", 3, Gallery.Size.LARGE)).isEqualTo(2);
          assertThat(calls.of("image", "alice", 4, Gallery.Size.LARGE)).isEqualTo(1);
        });
  }

  @Test
  void invalidatesAWholeNamespace() {
    runner.run(
        context -> {
          Gallery gallery = context.getBean(Gallery.class);
          Calls calls = context.getBean(Calls.class);
          gallery.imageList("alice", "EU");
          gallery.imageList("bob", "US");
          gallery.image("alice", 3, Gallery.Size.SMALL);

          CachetEndpoint.InvalidationDescriptor done =
              context.getBean(CachetEndpoint.class).invalidateNamespace("image_list");

          assertThat(done).isEqualTo(new CachetEndpoint.InvalidationDescriptor("image_list", null, true));
          gallery.imageList("alice", "EU");
          gallery.imageList("bob", "US");
          gallery.image("alice", 3, Gallery.Size.SMALL);
          assertThat(calls.of("imageList", "alice", "EU")).isEqualTo(2);
          assertThat(calls.of("imageList", "bob", "US")).isEqualTo(2);
          assertThat(calls.of("image", "alice", 3, Gallery.Size.SMALL)).isEqualTo(1);
        });
  }

  @Test
  void answersABadRequestWithWhatIsExpected() {
    runner.run(
        context -> {
          CachetEndpoint endpoint = context.getBean(CachetEndpoint.class);
          assertThatThrownBy(() -> endpoint.invalidateNamespace("images"))
              .isInstanceOf(InvalidEndpointRequestException.class)
              // Every namespace of every manifest on the class path, sorted; other tests add theirs.
              .hasMessageStartingWith("Unknown Cachet namespace 'images'; the known namespaces are [image, image_list, ")
              .hasMessageContaining(", slot, tagged]");
          assertThatThrownBy(() -> endpoint.invalidateEntry("imagelist", new String[] {"alice"}))
              .isInstanceOf(InvalidEndpointRequestException.class)
              .hasMessageContaining("Unknown Cachet namespace 'imagelist'");
          assertThatThrownBy(() -> endpoint.invalidateEntry("image_list", new String[] {"alice"}))
              .isInstanceOf(InvalidEndpointRequestException.class)
              .hasMessage("image_list takes 2 key arguments (java.lang.String owner, java.lang.String region), got 1");
          assertThatThrownBy(() -> endpoint.invalidateEntry("image", new String[] {"alice", "three", "LARGE"}))
              .isInstanceOf(InvalidEndpointRequestException.class)
              .hasMessageContaining("argument number=\"three\" is not a int");
          assertThatThrownBy(() -> endpoint.invalidateEntry("image", new String[] {"alice", "3", "HUGE"}))
              .isInstanceOf(InvalidEndpointRequestException.class)
              .hasMessageContaining("argument size=\"HUGE\" is not a dev.cachet.spring.boot.actuate.Gallery.Size: not one of");
          assertThatThrownBy(() -> endpoint.invalidateEntry("tagged", new String[] {"a", "b"}))
              .isInstanceOf(InvalidEndpointRequestException.class)
              .hasMessageStartingWith(
                  "parameter tags of tagged is a list (java.util.List<java.lang.String>), which has no single"
                      + " text form");
        });
  }

  @Test
  void healthIsUpWithTheInMemoryStore() {
    runner.run(
        context -> {
          context.getBean(Gallery.class).imageList("alice", "EU");
          Health health = context.getBean("cachetHealthIndicator", CachetHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          // The entry and its namespace's generation item.
          assertThat(health.getDetails()).containsEntry("store", "in-memory").containsEntry("items", "2");
        });
  }

  @Test
  void bindsTheMetersToTheAutoConfiguredRegistry() {
    runner.run(
        context -> {
          Gallery gallery = context.getBean(Gallery.class);
          gallery.imageList("alice", "EU");
          gallery.imageList("alice", "EU");
          context.getBean(CachetEndpoint.class).invalidateNamespace("image_list");

          MeterRegistry registry = context.getBean(MeterRegistry.class);
          FunctionCounter invalidations =
              registry.find("cachet.invalidations").tag("cache", "image_list").tag("region", "short").functionCounter();
          assertThat(invalidations).isNotNull();
          assertThat(invalidations.count()).isEqualTo(1);
          assertThat(registry.find("cache.gets").tag("cache", "image_list").tag("result", "hit").functionCounter().count())
              .isEqualTo(1);
        });
  }

  @Test
  void theBinderIsAMeterBinderForAnyRegistry() {
    runner.run(
        context -> {
          context.getBean(Gallery.class).image("bob", 1, Gallery.Size.SMALL);
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(CachetMetrics.class).bindTo(registry);
          assertThat(registry.find("cache.gets").tag("cache", "image").tag("result", "miss").functionCounter().count())
              .isEqualTo(1);
          assertThat(registry.find("cachet.transport.errors").tag("cache", "image").meters()).isNotEmpty();
        });
  }

  @Test
  void startsWithoutActuatorHealthOrMicrometer() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.actuate", "org.springframework.boot.health", "io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(Cachet.class);
              assertThat(context.getBean(Gallery.class)).isInstanceOf(CachingGallery.class);
              assertThat(context).doesNotHaveBean(CachetEndpoint.class);
              assertThat(context).doesNotHaveBean(CachetHealthIndicator.class);
              assertThat(context).doesNotHaveBean("cachetMetrics");
            });
  }

  @Test
  void eachPartCanBeTurnedOff() {
    runner
        .withPropertyValues(
            "management.endpoints.web.exposure.include=health", "management.health.cachet.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(CachetEndpoint.class);
              assertThat(context).doesNotHaveBean(CachetHealthIndicator.class);
              assertThat(context).hasSingleBean(CachetMetrics.class);
            });
  }

  @Test
  void nothingWithoutACachetBean() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                CachetEndpointAutoConfiguration.class,
                CachetHealthAutoConfiguration.class,
                CachetMetricsAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=cachet")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(CachetEndpoint.class);
              assertThat(context).doesNotHaveBean(CachetHealthIndicator.class);
              assertThat(context).doesNotHaveBean(CachetMetrics.class);
            });
  }
}
