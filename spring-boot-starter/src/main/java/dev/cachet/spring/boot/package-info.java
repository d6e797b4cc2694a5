/**
 * Cachet in Spring Boot: one dependency, no code beyond the annotations.
 *
 * <pre>
 * startup
 *   CachetSpringProperties   cachet.* bound by Spring (relaxed names, YAML, environment) into
 *                            typed values, under the names CachetSpec reads as text; a value
 *                            Spring cannot convert fails in Cachet's words (CachetBindFailures)
 *   CachetPropertiesMapper   each typed value -&gt; the Cachet.Builder setter that checks it
 *                            (PropertyMapper, no text in between); every refusal collected, named
 *                            as written with value and origin, thrown at once: "Cachet properties: ..."
 *   CachetBuilderCustomizer  beans, in @Order: what only code sets (serializer, allowClasses, clock,
 *                            transport); one setting what a property set fails naming both
 *   CachetAutoConfiguration  properties, customizers, build(): the Cachet bean (in memory without
 *                            cachet.servers), closed with the context; the application's own
 *                            Cachet bean wins
 *   DecoratingPostProcessor  after each bean's initialisation (and any proxy Spring made for it):
 *                            the runtime's CachetManifest (META-INF/cachet/*.properties,
 *                            written by the processor) names the decorator of each annotated interface; a bean
 *                            implementing one is replaced by new CachingX(bean, cachet)
 *   DecoratedBeanFailureAnalyzer  a bean injected by its class after it was wrapped: says to
 *                            inject the interface or mark the bean {@link Undecorated}
 * call
 *   caller -&gt; CachingX (generated code, no proxy, no reflection) -&gt; bean
 * </pre>
 *
 * {@code dev.cachet.spring.boot.actuate} adds the Actuator endpoint, the health indicator and the
 * Micrometer binder; {@code dev.cachet.spring.cache} the {@code CacheManager} for Spring's
 * {@code @Cacheable}.
 */
package dev.cachet.spring.boot;
