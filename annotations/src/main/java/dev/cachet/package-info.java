/**
 * What application code writes: {@link dev.cachet.Cached} on interface methods whose results are
 * cached, {@link dev.cachet.Invalidates} on methods that change them, {@link dev.cachet.NotKey} on
 * parameters that take no part in the key, and {@link dev.cachet.DoNotCacheNull} to opt a method out
 * of negative caching. The annotations have class retention: only the processor reads them.
 */
package dev.cachet;
