/**
 * Redis (and, next, Redis Cluster) as Cachet's shared store, on Lettuce 7.7. The runtime knows
 * nothing of Redis: {@code Cachet.builder().redis(uri)} and {@code cachet.redis} find {@link
 * dev.cachet.redis.RedisTransportProvider} through {@link java.util.ServiceLoader} (the runtime's
 * {@code uses}, this module's {@code provides}, and {@code META-INF/services} for the class path),
 * hand it the builder's operation timeout, circuit breaker, item size and clock ({@link
 * dev.cachet.runtime.spi.TransportProvider.Request}), and get a {@link
 * dev.cachet.runtime.spi.Transport}. Everything above the transport (value pipeline, leases,
 * generations, change marks, invalidation retries, the near cache) is the runtime's, unchanged.
 *
 * <h2>Classes</h2>
 *
 * <ul>
 *   <li>{@link dev.cachet.redis.RedisTransportProvider}: the service; parses the URI
 *       ({@code RedisSettings}) and opens the transport.
 *   <li>{@link dev.cachet.redis.RedisTransport}: one connection shared by every thread (Lettuce
 *       pipelines them), the runtime's {@code CircuitBreaker} and {@code LateDeletes}, the
 *       background connection of a server that was down at start.
 *   <li>{@code Item}, {@code ItemCodec}: the stored form, an 8-byte version and the caller's bytes,
 *       written straight into Lettuce's outgoing buffer.
 *   <li>{@code Outputs}: Lettuce outputs that read replies straight into the runtime's arrays.
 *   <li>{@code Scripts}: the two server-side scripts.
 * </ul>
 *
 * <h2>The flow of a call</h2>
 *
 * A hit: the runtime calls {@code getAll([generation copy, entry])}; the transport asks the circuit
 * breaker, dispatches one {@code MGET} on the connection with its own output, waits at most the
 * operation timeout, and the output, on Lettuce's event loop, copies each value out of the reply
 * buffer once, skipping its version in place. One round trip, one copy (measured:
 * {@code RedisRoundTripsTest}, docs/benchmarks.md "Redis item size"). Any fault (refused, not
 * connected, timed out, a server error, the breaker open) is a {@code TransportException}: the
 * runtime counts it and the delegate answers.
 *
 * <h2>Each operation is one round trip</h2>
 *
 * <table>
 *   <caption>Transport operation, Redis command</caption>
 *   <tr><th>operation</th><th>used for</th><th>command</th></tr>
 *   <tr><td>{@code getAll}</td><td>hit (entry + generation), chunks, change marks</td>
 *       <td>{@code MGET k1 k2 ...}</td></tr>
 *   <tr><td>{@code set}</td><td>generation ({@code invalidateAll}), change mark, chunk, refresh</td>
 *       <td>{@code SET k item [PX ms]}</td></tr>
 *   <tr><td>{@code add}</td><td>lease (placeholder), first generation, refresh lock</td>
 *       <td>{@code SET k item NX [PX ms]}</td></tr>
 *   <tr><td>{@code gets}</td><td>reading the lease's id</td>
 *       <td>{@code GET k}: the id is the item's first 8 bytes</td></tr>
 *   <tr><td>{@code cas}</td><td>the conditional store under a lease, refreshes</td>
 *       <td>{@code EVALSHA cas 1 k version item ms}: {@code GETRANGE k 0 7} compared with the
 *           version, then {@code SET}</td></tr>
 *   <tr><td>{@code touch}</td><td>lease renewal</td><td>{@code PEXPIRE k ms} (keeps the bytes and so
 *       the version); {@code EVALSHA persist} for no expiry</td></tr>
 *   <tr><td>{@code delete}</td><td>{@code invalidate}, lease release</td><td>{@code DEL k}</td></tr>
 *   <tr><td>{@code serverStatistics}</td><td>statistics, health</td><td>{@code INFO}</td></tr>
 * </table>
 *
 * <p><b>Compare-and-swap ids.</b> Redis keeps none, so each write stores a new 8-byte version in
 * front of the value: a random base per transport plus a counter (never 0, never repeated by one
 * process, and two processes collide with probability about 2<sup>-64</sup>). {@code gets} returns
 * it, {@code cas} compares it on the server with {@code GETRANGE}, which reads 8 bytes whatever the
 * value's size, and {@code touch} keeps it. A value shorter than 8 bytes was not written by Cachet:
 * {@code getAll} returns it whole (the pipeline refuses it, a counted miss) and {@code gets} refuses
 * it as a fault.
 *
 * <p><b>Scripts</b> are sent by their SHA-1 ({@code EVALSHA}); a server that answers {@code
 * NOSCRIPT} (restarted, failed over to a replica that never ran them, {@code SCRIPT FLUSH}) gets the
 * body once by {@code EVAL}, which caches it again: one more round trip once per server and
 * restart ({@code RedisScriptsTest}). No {@code SCRIPT LOAD} at connect, which a failover would
 * make stale anyway.
 *
 * <p><b>Expiry</b> is Redis's own, in milliseconds ({@code PX}, rounded up); zero is none. The
 * configured clock is not needed: Redis takes relative expiries of any length.
 *
 * <p><b>Item size</b>: 1 MiB by default (key plus value, as memcached's {@code -I 1m}), chosen by
 * measurement: up to 1 MiB a SET or GET costs what a small one costs, at 8 MiB each takes 13 to 20
 * ms of the single-threaded server, and another client's {@code PING} waited up to 205 ms
 * (docs/benchmarks.md, "Redis item size"). Larger values are chunked by the runtime (chunks, then
 * the manifest; a read costs two round trips). The limit is enforced here, before sending, exactly
 * as memcached enforces its own, so the runtime's transport contract holds unchanged.
 *
 * <h2>Fail-open</h2>
 *
 * <ul>
 *   <li>Every operation waits at most the operation timeout (250 ms by default); Lettuce's own
 *       command timeout is set to the same, and a timed-out command is cancelled.
 *   <li>A frozen server (SIGSTOP) keeps its connection: the runtime's circuit breaker opens after
 *       a few timeouts in a row and lets one probe through per cool-off.
 *   <li>While disconnected, commands are refused at once ({@code REJECT_COMMANDS}) instead of
 *       being queued, and nothing in flight is replayed on the next connection ({@code
 *       replayFilter}): a {@code SET} of a generation replayed after a restart could undo another
 *       process's {@code invalidateAll}.
 *   <li>Lettuce reconnects by itself, backing off from 1 ms to 1 s (its default ceiling is 30 s).
 *   <li>{@code build()} never blocks on Redis: the first connection is attempted asynchronously and
 *       awaited at most the connect timeout (1 s); a refused one returns at once. A server that is
 *       down is retried every second in the background, calls fail open meanwhile, and caching
 *       starts once it is up ({@code RedisFailOpenTest}). A wrong password is the same: a counted
 *       fault, logged at most every 30 s, never printed.
 *   <li>An {@code add} that timed out may be applied by a frozen server when it wakes; it is deleted
 *       once the server answers, if it still holds its bytes ({@code LateDeletes}, as on memcached).
 * </ul>
 *
 * <h2>What Cluster will need (next)</h2>
 *
 * A hit reads the entry and its generation in one {@code MGET}, which Redis Cluster allows only
 * within one hash slot. A hash tag per namespace ({@code {image}}) would do it, but would put the
 * whole namespace on one slot and so one primary: losing it would lose every entry of the
 * namespace, and it would serve all of its reads, where the issue asks for at most 45% and 50% on
 * three primaries. Instead, as the memcached pool keeps one generation copy per server through
 * {@code beside}/{@code everywhere}, the Cluster store will keep one copy per <i>bucket</i>: a fixed
 * set of B hash tags (say 64), chosen so that their slots spread evenly over the 16,384. Every key
 * is sent as {@code {bN}key}, N a hash of the key (which also neutralises braces a key may hold:
 * only the first {@code {...}} counts), and {@code beside(generation, entry)} is {@code
 * {bN}generation} with the entry's N: entry and copy share a slot, so a slot migration moves them
 * together and a lookup stays one round trip to one node. {@code everywhere(generation)} is the B
 * copies: {@code invalidateAll} writes B keys, independent of the number of entries, pipelined over
 * the primaries. Losing a primary loses its buckets' entries and their copies only (about 1/N).
 * Lettuce's {@code RedisClusterClient} follows {@code MOVED}/{@code ASK}; periodic and adaptive
 * topology refresh must be on. Replication is asynchronous: an acknowledged invalidation can be lost
 * in a failover, so invalidations will be confirmed with {@code WAIT 1 timeout} (they are rare) and
 * the window that remains measured; a transport should also re-read generations after a topology
 * change. Sentinel ({@code redis-sentinel://}) already works through Lettuce's URI, untested here.
 */
package dev.cachet.redis;
