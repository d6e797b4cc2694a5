/**
 * Spring's cache abstraction on Cachet: {@link dev.cachet.spring.cache.CachetCacheManager} and
 * {@link dev.cachet.spring.cache.CachetCache}, for code that uses {@code @Cacheable},
 * {@code @CacheEvict} and {@code @CachePut}.
 */
package dev.cachet.spring.cache;
