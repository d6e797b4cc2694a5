/**
 * Redis and Redis Cluster as Cachet's shared store, on Lettuce 7.7. The runtime knows
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
 *   <li>{@link dev.cachet.redis.RedisTransportProvider}: the service; parses the URIs
 *       ({@code RedisSettings}) and opens the transport of the kind asked for.
 *   <li>{@link dev.cachet.redis.RedisTransport}: one server; one connection shared by every
 *       thread (Lettuce pipelines them), the runtime's {@code CircuitBreaker} and {@code
 *       LateDeletes}, the background connection of a server that was down at start.
 *   <li>{@link dev.cachet.redis.RedisClusterTransport}: a Redis Cluster (the protocol below);
 *       {@code ClusterConnector} holds Lettuce's cluster client and its topology, {@code Buckets}
 *       places keys, {@code ConfirmedWrites} confirms invalidations on the replicas.
 *   <li>{@code Calls}: what both transports share about one call (the timeout, the breaker,
 *       scripts, versions, item size, expiry, the text of a fault).
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
 *   <tr><td>{@code delete}</td><td>lease release</td><td>{@code DEL k}</td></tr>
 *   <tr><td>{@code writeSequences}</td><td>{@code invalidate}, {@code invalidateAll} (the change,
 *       then the change mark beside it), chunks</td><td>every sequence's {@code SET}s and {@code
 *       DEL}s pipelined on one connection, in order; on a cluster one batch per primary, all at
 *       once, each with one {@code WAIT} (below)</td></tr>
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
 * <h2>Redis Cluster: the protocol</h2>
 *
 * {@code RedisClusterTransport} keeps every operation above, routed by Lettuce's {@code
 * RedisClusterClient}. What changes is where keys live and how an invalidation is confirmed.
 *
 * <p><b>Buckets.</b> A hit reads an entry and its generation copy in one {@code MGET}, which Redis
 * Cluster allows only within one hash slot. A hash tag per namespace would put a whole namespace on
 * one primary (losing it loses every entry, and it serves every read). Instead there are {@value
 * dev.cachet.redis.Buckets#COUNT} buckets, each a fixed hash tag chosen once so that bucket
 * {@code i}'s slot lies in the {@code i}-th of {@value dev.cachet.redis.Buckets#COUNT} equal ranges
 * of the 16,384 slots (so the slot ranges {@code redis-cli --cluster create} assigns hold equal
 * numbers of buckets). A key's bucket is its CRC32 modulo the count; it is sent as {@code
 * {tag}key}. Only the first {@code {...}} of a key is hashed, so braces a key holds change nothing.
 * {@code beside(generation, entry)} is {@code <ns>/gen@bN} with the entry's bucket N (the copy form
 * of the runtime's {@code WireFormat}, a bucket for a server), which is sent under N's tag: entry and copy share a slot, a lookup is one {@code MGET} on one primary, and
 * a slot migration moves them together. {@code everywhere(generation)} is the {@value
 * dev.cachet.redis.Buckets#COUNT} copies, so {@code invalidateAll} costs a fixed number of writes
 * whatever the number of entries, and losing one of N primaries loses its buckets only, about 1/N of
 * each namespace.
 *
 * <p><b>A call.</b> Keys of a multi-key call are grouped by bucket, one {@code MGET} per bucket,
 * all dispatched before any is awaited (Lettuce pipelines them on one connection per primary). Each
 * primary has its own circuit breaker, so a frozen primary fails open its share of calls only.
 *
 * <p><b>Failures, and what each does.</b>
 *
 * <ul>
 *   <li>{@code MOVED} (a slot's owner changed: failover, resharding): Lettuce resends to the new
 *       owner and refreshes its topology (adaptive triggers on {@code MOVED}, {@code ASK},
 *       reconnects, at most once a second; periodic refresh every 5 s besides). Each primary's
 *       connection is opened as soon as the topology names it: Lettuce would otherwise refuse the
 *       first commands to a promoted replica while connecting to it.
 *   <li>{@code ASK} (a slot migrating, the key already moved): Lettuce sends {@code ASKING} and the
 *       command to the importing node. An {@code MGET} whose keys are split between the two nodes
 *       gets {@code TRYAGAIN}: a counted fault, the delegate answers; entry and copy move together,
 *       so this lasts only while their slot is half moved.
 *   <li>A primary killed: its slots refuse at once (connection refused), counted faults, the
 *       delegate answers (a multi-key read throws a {@code Transport.PartialRead} with the other
 *       primaries' values, its keys named as unanswered); the other primaries keep serving when the cluster runs with {@code
 *       cluster-require-full-coverage no} (with {@code yes} Redis refuses every slot until the
 *       failover, and so does Cachet's store: fail-open, not an error).
 *   <li>Its replica promoted: after {@code cluster-node-timeout} the replica holds the slots; the
 *       topology refresh (or the first {@code MOVED}) sends calls there. Everything the replica had
 *       received is served again; what it had not is gone: entries (a miss) and generation copies
 *       (a fresh generation is established: misses, never old values), and invalidations (next).
 *   <li>A write acknowledged by a primary and lost in failover: replication is asynchronous, so
 *       a {@code DEL} of an entry or a {@code SET} of a generation copy acknowledged by the primary
 *       may never reach its replica. Invalidations are therefore confirmed: the {@code DEL} (or the
 *       copy's {@code SET}) and {@code WAIT n t} are pipelined on the owning primary's connection,
 *       n the number of replicas the topology gives it (0 or more), t half the operation timeout.
 *       Fewer acknowledgements than n is a fault: the runtime counts the invalidation as
 *       unacknowledged and retries it until a {@code WAIT} confirms it. Leases, values and change
 *       marks are not confirmed: losing one costs a miss or a recomputation, never a stale value.
 *       Invalidations come through {@code writeSequences}, which confirms each primary's share
 *       with one {@code WAIT} ("Sequences of writes" below).
 *   <li>Slot migration while calls run ({@code CLUSTER SETSLOT MIGRATING/IMPORTING}, {@code
 *       MIGRATE}): a confirmed write that meets {@code MOVED} on the owner's connection goes,
 *       with its {@code WAIT}, to the node the redirect names (and the topology is refreshed);
 *       one that meets {@code ASK} is written to the importing node as {@code ASKING}, the write
 *       and {@code WAIT} together, so no other caller's command comes between them. A second
 *       redirect is left to Lettuce's routing and reported unconfirmed: the runtime retries it.
 *       {@code MIGRATE} moves a key atomically with its bytes, so a version read by {@code gets}
 *       still guards a {@code cas} after the move.
 *   <li>{@code NOSCRIPT} on a new primary (a promoted replica or a node that never ran the
 *       scripts): as on one server, one {@code EVAL} of the body, per primary, then {@code
 *       EVALSHA} again.
 *   <li>A topology change: nothing to re-read. The runtime keeps no generation between calls (a
 *       hit reads the copy beside the entry every time), so the first call after a failover reads
 *       what the new primary holds.
 * </ul>
 *
 * <p><b>Sequences of writes, pipelined and confirmed</b> ({@code writeSequences}, {@code
 * ClusterSequences}): how an invalidation (the {@code DEL} of an entry or the {@code SET} of a
 * generation copy, then the change mark beside it, in the same bucket) and a chunked value's
 * chunks are written. The steps:
 *
 * <ol>
 *   <li>Each sequence is cut into legs: runs of consecutive writes in one slot. The runtime's
 *       sequences are one leg each (the mark is beside the change it announces); a leg ends
 *       where the next write is in another slot, which may be another primary, so the next leg
 *       is sent only once the one before was acknowledged.
 *   <li>The first leg of every sequence is grouped by the primary the topology gives its slot;
 *       each primary's legs are written to its connection in one batch, in sequence order, then
 *       one {@code WAIT n t} when the batch holds an invalidation and the primary has replicas
 *       (n as for a single confirmed write). Redis applies a connection's commands in order, so
 *       a mark is applied after its change; {@code WAIT} counts the replicas that have every
 *       write sent before it on the connection, so one confirms the whole batch. Every primary's
 *       batch is sent before any is awaited: {@code invalidateAll} on three primaries is one
 *       round trip of elapsed time, {@code invalidate} one.
 *   <li>A leg is acknowledged when each of its writes was ({@code OK} for a {@code SET}, any
 *       count for a {@code DEL}) and, if the batch carried a {@code WAIT}, it answered n or
 *       more. Every sequence is awaited together, at most the operation timeout in all.
 * </ol>
 *
 * <p>Failure cases, each reported in its own sequence only (the call never throws):
 *
 * <ul>
 *   <li>A primary refused, unreachable, or behind its open breaker: its sequences are faults at
 *       once; the other primaries' are acknowledged as usual. The runtime retries the faults.
 *   <li>A primary lost mid-write (killed, its connection dropped, frozen past the timeout): its
 *       sequences are faults, whatever part of them it applied; their retry rewrites them whole,
 *       in order, so a mark that landed without its change belongs to an unacknowledged
 *       invalidation, as the runtime's contract allows. Its breaker is charged once per call.
 *   <li>{@code WAIT} short of n: every sequence of that batch is a fault, as for one write.
 *   <li>{@code MOVED} or {@code ASK} from the first redirected write of a leg to its end, all to
 *       one node: those writes are sent there (after {@code ASKING} each for {@code ASK}), with
 *       their own {@code WAIT}, the topology refreshed after {@code MOVED}; one redirect per
 *       leg, a second is a fault. A redirect that only part of the rest of a leg met (a later
 *       write applied on the old owner) is a fault: resending only the redirected writes would
 *       apply the mark before its change.
 *   <li>A value too large for an item, or no primary holding a slot: that sequence is a fault,
 *       nothing of it sent.
 * </ul>
 *
 * <p>One server ({@code RedisTransport}): every sequence's writes on its one connection, in
 * order, all at once, one round trip; no {@code WAIT}, as for its single writes.
 *
 * <p><b>What {@code WAIT} closes, and what remains</b> (docs/consistency.md, "Redis Cluster"). An
 * acknowledged invalidation has reached the primary and every replica it had in Lettuce's view of
 * the topology, so a failover to one of them keeps it. Remaining: (1) {@code WAIT} is not
 * consensus: a replica that joined after the topology was read, or a failover to a replica that
 * missed it while another acknowledged (two or more replicas), can still lose it; (2) a primary
 * restarted without persistence loses everything it held, invalidations included, but also every
 * entry and generation copy, so what comes back is misses; (3) an invalidation not yet confirmed
 * is pending: this process bypasses the store for its key, other processes may read the old value
 * until a retry lands, bounded by the time the client takes to learn the new topology plus the
 * 50 ms retry interval (153 ms after the promotion in {@code
 * RedisClusterUnconfirmedInvalidationTest}); the caller was told it was not acknowledged.
 */
package dev.cachet.redis;