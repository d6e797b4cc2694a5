/**
 * {@code cachet}, the command-line tool: what a Cachet cache holds in memcached, and how to drop it.
 *
 * <pre>
 *   CachetCli.run(args)             options by hand (--servers, --classpath, --timeout), then one command
 *    |-- stats, items               per server: TextProtocol (stats, lru_crawler metadump all)
 *    |-- inspect, invalidate        per key: the runtime's MemcachedTransport (ketama, as the app)
 *    |     inspect: the runtime's ItemHeader reads the header (the pipeline's own layout and
 *    |              checksum), a manifest's chunks, the namespace's generation key
 *    |-- invalidate-all             Cachet.invalidateAll over that transport
 *    '-- key                        Manifests: META-INF/cachet/*.properties written by the processor,
 *                                   read from --classpath jars and directories, rendered by KeyBuilder
 * </pre>
 *
 * Exit status: 0 done, 1 not found, 2 usage, 3 a server did not answer.
 */
package dev.cachet.cli;
