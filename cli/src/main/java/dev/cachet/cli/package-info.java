/**
 * {@code cachet}, the command-line tool: what a Cachet cache holds in memcached, and how to drop it.
 *
 * <pre>
 *   CachetCli.run(args)             options by hand (--servers, --classpath, --timeout), then one command
 *    |-- stats, items               per server: TextProtocol (stats, lru_crawler metadump all);
 *    |                              items sorts keys by the runtime's WireFormat.kind
 *    |-- inspect, invalidate        per key: the runtime's MemcachedTransport (ketama, as the app)
 *    |     inspect: the runtime's WireFormat reads the header, the manifest and its chunks, and the
 *    |              namespace's generation, exactly as the pipeline lays them out
 *    |-- invalidate-all             Cachet.invalidateAll over that transport
 *    '-- key                        Manifests: META-INF/cachet/*.properties written by the processor,
 *                                   read from --classpath jars and directories, rendered by KeyBuilder
 * </pre>
 *
 * The tool keeps no copy of the wire format: the kinds of keys, the stored bytes and the
 * generations it reads through {@link dev.cachet.runtime.internal.value.WireFormat}, as the runtime does,
 * so the two cannot drift apart.
 *
 * <p>Exit status: 0 done, 1 not found, 2 usage, 3 a server did not answer.
 */
package dev.cachet.cli;
