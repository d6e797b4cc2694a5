package dev.cachet.spring.boot.actuate;

import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.CachetManifest;
import dev.cachet.spring.boot.CachetAutoConfiguration;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The {@link CachetEndpoint}, when Actuator is on the class path, a {@link Cachet} bean exists,
 * and the endpoint is available (enabled and exposed over HTTP or JMX).
 */
@AutoConfiguration(after = CachetAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@ConditionalOnBean(Cachet.class)
public class CachetEndpointAutoConfiguration implements BeanClassLoaderAware {
  private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  CachetEndpoint cachetEndpoint(Cachet cachet) {
    return new CachetEndpoint(cachet, CachetManifest.load(classLoader));
  }
}
