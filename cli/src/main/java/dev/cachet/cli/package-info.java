/**
 * {@code cachet}, the command-line tool: what a Cachet cache holds in memcached, and how to drop it.
 *
 * <pre>
 *   CachetCli.run(args)       picocli: the shared options (--servers, --classpath, --timeout, inherited
 *    |                        by every command), exit codes 0 done, 1 not found, 2 usage, 3 server fault;
 *    |                        Manual renders the top-level help from the annotations
 *    |-- StatsCommand         per server: TextProtocol (stats)
 *    |-- ItemsCommand         per server: TextProtocol (lru_crawler metadump all), keys sorted by kind
 *    |-- InspectCommand       per key, on the key's server (Pool: the runtime's MemcachedTransport,
 *    |                        ketama as the application): WireFormat reads the header, the chunk
 *    |                        manifest and its chunks, and the namespace's generation
 *    |-- InvalidateCommand    CacheKey.of (checked), then Cachet.invalidateAcknowledged over the pool:
 *    |                        the entry's delete and its namespace's change mark, retried if unanswered
 *    |-- InvalidateAllCommand CacheKey.requireNamespace, then Cachet.invalidateAllAcknowledged
 *    |-- KeyCommand           CachetManifest.load over --classpath, CachetManifest.keys: the
 *    |                        application's generated keys method, called with the converted arguments
 *    '-- generate-completion  picocli's AutoComplete (hidden): a bash/zsh completion script
 * </pre>
 *
 * <p>What the tool uses of the runtime: its public API for keys, namespaces, manifests and
 * invalidation ({@link dev.cachet.runtime.CacheKey}, {@link dev.cachet.runtime.CachetManifest},
 * {@link dev.cachet.runtime.Cachet}); its internals in two classes only, {@code Pool} (the
 * memcached transport and the forms of the keys Cachet writes) and {@code InspectCommand} (the
 * stored bytes), through {@link dev.cachet.runtime.internal.value.WireFormat} as the runtime
 * itself reads them, so the tool keeps no copy of the wire format.
 *
 * <p>Invalidations go through a {@link dev.cachet.runtime.Cachet}, never a bare {@code delete}: only
 * the library's invalidation also rewrites {@code <namespace>/changes}, the mark other processes'
 * near caches sync with; without it they served their copies until expiry (issue 24).
 */
package dev.cachet.cli;
