/**
 * The Cachet runtime: what generated decorators call, and how a call flows through it.
 *
 * <p><b>Public surface.</b> {@link dev.cachet.runtime.Cachet} and its builder (regions, transport,
 * timeouts, clock, serializer), {@link dev.cachet.runtime.CacheKey} and
 * {@link dev.cachet.runtime.KeyBuilder} (keys), {@link dev.cachet.runtime.CachedOperation} and
 * {@link dev.cachet.runtime.Load} (the seam with generated code), the SPIs
 * {@link dev.cachet.runtime.Transport} and {@link dev.cachet.runtime.Serializer},
 * {@link dev.cachet.runtime.CacheStatistics}, and the one exception type
 * {@link dev.cachet.runtime.CachetException}. Everything else here is package-private.
 *
 * <p><b>The near cache</b> ({@link dev.cachet.runtime.Cachet.Builder#nearCache}, off by default,
 * in-memory store only) comes first when it is on: {@code NearCache}, one direct-mapped table of
 * decoded values per method, looked up by the key arguments themselves
 * ({@link dev.cachet.runtime.CachedOperation#near}) or by the key string. An entry is served while
 * the namespace's invalidation epoch is the one it recorded before its value was read or computed,
 * and within its fresh period by {@code FreshnessClock} (below). A near hit returns the stored
 * instance, counts a hit and reads nothing; anything else goes on to the store below, and a fresh
 * value found or stored there is kept for the next call.
 *
 * <p><b>A hit</b> ({@link dev.cachet.runtime.CachedOperation#get}) is one transport round trip:
 * {@code getAll(<namespace>/gen, <entry key>)}. The value pipeline
 * ({@code dev.cachet.runtime.value.ValueStore}) checks and decodes the entry, which records the
 * namespace generation it was written under and its creation time. It is a hit only when the
 * generation key is present and equal, the value is an instance of the method's type, and the
 * {@code FreshnessClock} says it is within the region's fresh period. Anything else is a miss:
 * nothing is trusted without the generation, so an evicted generation key can only cause misses.
 * {@code FreshnessClock} is the builder's clock when one is given, read on every check; else, with
 * the in-memory store, the system clock published every millisecond by one daemon thread for the
 * whole JVM, running only while hits read it (one read of the system clock costs 30 ns here, a
 * tenth of an in-memory hit); with memcached, the system clock read directly. The in-memory store
 * that {@code Cachet} builds itself checks item expiry by the same ticked clock, for the same
 * reason; a store given to the builder keeps the clock it was made with.
 *
 * <pre>
 *   near(arguments) --current entry-------------------------------------------&gt; stored instance
 *   get(key, arguments)
 *    |-- getAll(gen, entry) --fresh----------------------(kept near)------------&gt; value
 *    |-- stale (within the stale window)
 *    |     |-- another thread of this process refreshes, or add(lock) fails ---&gt; stale value
 *    |     '-- add(entry/lock, token) succeeds ----------------------------------&gt; Load (holds lease)
 *    '-- miss / undecodable / expired / fault
 *          |-- another thread of this process loads the key: wait for it (the lock
 *          |     timeout, extended once by a lock timeout when it starts computing) -&gt; its value
 *          '-- this thread loads it for the process
 *                |-- transport fault --------------------------------------------&gt; Load (no lease, no store)
 *                |-- add(entry/lock, token) succeeds: re-read, then -------------&gt; Load (holds lease)
 *                '-- another process holds the lease: poll getAll(gen, entry, lock)
 *                      10 ms doubling to 200 ms, jittered
 *                      |-- the value appears ------------------------------------&gt; value
 *                      |-- the lease is gone without a value: add(lock) again
 *                      |-- another caller takes the lapsed lease: wait one more lock timeout
 *                      '-- lock timeout or interrupt ----------------------------&gt; Load (no lease)
 * </pre>
 *
 * <p>So a caller waits at most the lock timeout for one computation, and at most twice the lock
 * timeout in all (when a holder dies and another takes over): bounded, without turning a dead
 * holder into one delegate call per waiting thread.
 *
 * <p><b>After the delegate</b>, {@link dev.cachet.runtime.CachedOperation#put} hands the value to
 * the threads of this process waiting for it, writes it (adding a random generation first if the
 * namespace has none; {@code add} so that concurrent writers agree), with the hard expiry
 * {@code fresh + stale window}, keeps it in the near cache once the store has accepted it, and
 * deletes the lease if it still holds this caller's token.
 * {@link dev.cachet.runtime.Load#abandon()} (the delegate threw) stores nothing, releases the
 * lease, and lets a waiting thread take over.
 *
 * <p><b>Invalidation.</b> {@link dev.cachet.runtime.Cachet#invalidate} deletes the entry;
 * {@link dev.cachet.runtime.Cachet#invalidateAll} sets a fresh random generation, so every entry
 * of the namespace in every process stops being a hit at its next lookup, in O(1). Both then
 * advance the namespace's near-cache epoch, which retires every near entry of the namespace.
 *
 * <p><b>Faults.</b> Transport errors, timeouts, undecodable bytes, values too large and any other
 * runtime fault of the pipeline are counted per namespace, logged at WARN at most once per kind
 * every 10 s, and the call proceeds as a miss or a no-op: the delegate answers, and only its own
 * exceptions reach the caller. Each operation also logs one DEBUG line, the {@code memcached -vv}
 * view: {@code get image_list/5c9f3fef:alice:eu-west-1 -> hit, 116453 bytes, 0.85 ms}.
 *
 * <p><b>Statistics.</b> Every outcome above is counted per namespace ({@code NamespaceCounters},
 * {@link java.util.concurrent.atomic.LongAdder}s): hits, misses, stores with their bytes before and
 * after compression and their chunks, oversize values, decode failures by reason, transport
 * timeouts and other errors, lock waits, invalidations. {@link dev.cachet.runtime.Cachet#statistics()}
 * snapshots them per namespace, per region and in total ({@link dev.cachet.runtime.CacheStatistics},
 * {@code format()} for a table); {@link dev.cachet.runtime.Cachet#serverStatistics()} asks the
 * servers for their own {@code stats}; {@code dev.cachet.runtime.metrics} binds the counts to
 * Micrometer.
 */
package dev.cachet.runtime;
