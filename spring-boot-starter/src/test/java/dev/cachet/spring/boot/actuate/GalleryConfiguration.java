package dev.cachet.spring.boot.actuate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A Gallery bean (wrapped by the starter in CachingGallery) and the record of its delegate's calls. */
@Configuration(proxyBeanMethods = false)
public class GalleryConfiguration {
  @Bean
  Calls calls() {
    return new Calls();
  }

  @Bean
  Gallery gallery(Calls calls) {
    return new CountingGallery(calls);
  }
}
