/**
 * {@code cachet}, the command-line tool: what a Cachet cache holds in memcached, and how to drop it.
 *
 * <pre>
 *   CachetCli.run(args)             options by hand (--servers, --classpath, --timeout), then one command
 *    |-- stats, items               per server: TextProtocol (stats, lru_crawler metadump all);
 *    |                              items sorts keys by the runtime's WireFormat.kind
 *    |-- inspect                    per key: the runtime's MemcachedTransport (ketama, as the app);
 *    |                              the runtime's WireFormat reads the header, the manifest and its
 *    |                              chunks, and the namespace's generation, as the pipeline lays them out
 *    |-- invalidate                 Cachet.invalidateAcknowledged over that transport: the entry's
 *    |                              delete and its namespace's change mark, as the application's own
 *    |-- invalidate-all             Cachet.invalidateAll over that transport
 *    '-- key                        Manifests: META-INF/cachet/*.properties written by the processor,
 *                                   read from --classpath jars and directories, rendered by KeyBuilder
 * </pre>
 *
 * The tool keeps no copy of the wire format: the kinds of keys, the stored bytes and the
 * generations it reads through {@link dev.cachet.runtime.internal.value.WireFormat}, as the runtime does,
 * so the two cannot drift apart.
 *
 * <p>Invalidations go through a {@link dev.cachet.runtime.Cachet}, never a bare {@code delete}: only
 * the library's invalidation also rewrites {@code <namespace>/changes}, the mark other processes'
 * near caches sync with; without it they served their copies until expiry (issue 24).
 *
 * <p>Exit status: 0 done, 1 not found, 2 usage, 3 a server did not answer (or did not acknowledge
 * an invalidation).
 */
package dev.cachet.cli;
