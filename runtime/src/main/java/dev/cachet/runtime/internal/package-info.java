/**
 * What generated decorators and key builders call, and the engine behind {@link
 * dev.cachet.runtime.Cachet}. <b>Not for users:</b> public only because generated code lives in
 * the users' own packages; anything here may change in any release, and code outside Cachet and
 * its generated classes should not name it.
 *
 * <p><b>What is here.</b> Exported, for generated code, and nothing else: {@link
 * dev.cachet.runtime.internal.CachedOperation} (one per {@code @Cached} method, with the
 * constructor's checks {@code requireRegions}, {@code allow} and {@code allowByName}), {@link
 * dev.cachet.runtime.internal.Load}, {@link dev.cachet.runtime.internal.KeyBuilder}, and {@link
 * dev.cachet.runtime.internal.Engine}, which generated code never names: it is the superclass of
 * {@link dev.cachet.runtime.Cachet}, what a {@code Cachet} is made of, so that {@code
 * CachedOperation.create(cachet, ...)} reads its parts without a public accessor or a static
 * loan. The configuration it opens from is {@code settings.Settings}, checked and immutable, made
 * only by {@code Cachet.Builder} (text reaches the builder through {@link
 * dev.cachet.runtime.CachetSpec}). The other subpackages are the implementation: {@code
 * coordination} (generations, leases, in-flight loads, invalidations), {@code value} (the value
 * pipeline and {@code WireFormat}, the one definition of every key and byte Cachet writes) and
 * {@code transport} (memcached and in memory).
 *
 * <pre>
 *   CachetSpec (text) --&gt; Cachet.Builder --&gt; Settings --&gt; new Cachet --&gt; Engine(settings)
 *       Engine: transport (Settings.memcached() or in memory), a ValueStore per region
 *               (Settings.values(region)), Coordination, counters per namespace
 *   CachingX constructor --&gt; CachedOperation.create(cachet, ...)   (a Cachet is an Engine)
 *   CachingX.method --&gt; near --&gt; get --&gt; (hit | Load --&gt; delegate --&gt; put)
 * </pre>
 *
 * <p><b>The near cache</b> ({@link dev.cachet.runtime.Cachet.Builder#nearCache}, off by default)
 * comes first when it is on: {@code NearCache}, one direct-mapped table of decoded values per
 * method, looked up by the key arguments themselves ({@link
 * dev.cachet.runtime.internal.CachedOperation#near}) or by the key string. An entry is served while
 * the namespace's invalidation epoch is the one it recorded before its value was read or computed,
 * and within its fresh period by {@code FreshnessClock} (below), and, over a store other processes
 * share, while {@code coordination.NearSync} last confirmed this process in step with their
 * invalidations on the entry's server less than the staleness bound ago. A near hit returns the stored instance, counts a
 * hit and reads nothing; anything else goes on to the store below, and a fresh value found or
 * stored there is kept for the next call.
 *
 * <p><b>A hit</b> ({@link dev.cachet.runtime.internal.CachedOperation#get}) is one transport round
 * trip: {@code getAll(<its server's generation copy>, <entry key>)}, both on the entry's server
 * (every key and byte layout Cachet writes is defined in {@link
 * dev.cachet.runtime.internal.value.WireFormat}). The value pipeline ({@code
 * dev.cachet.runtime.internal.value.ValueStore}) checks and decodes the entry, which records the
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
 *    |     |-- another thread of this process refreshes, or add(entry/lock) fails -&gt; stale value
 *    |     '-- add(entry/lock) succeeds, gets(entry) is the item read ----------&gt; Load (cas over it)
 *    '-- miss / leased / undecodable / expired / fault
 *          |-- a load of this process that this call may trust (below): wait ---&gt; its value
 *          '-- this thread loads it (for the process, unless an untrusted load is still there)
 *                |-- transport fault --------------------------------------------&gt; Load (no lease, no store)
 *                |-- no generation: add(gen) first, before the delegate runs
 *                |-- add(entry, placeholder) or cas over a dead item, then gets --&gt; Load (holds lease)
 *                '-- another caller holds the lease: poll getAll(gen, entry)
 *                      10 ms doubling to 200 ms, jittered
 *                      |-- the value appears ------------------------------------&gt; value
 *                      |-- the placeholder is gone or of an old generation: claim again
 *                      |-- another caller's placeholder: wait one more lock timeout
 *                      '-- lock timeout or interrupt ----------------------------&gt; Load (no lease)
 *   while a Load holds the lease, touch(entry) every third of the lock timeout renews it
 * </pre>
 *
 * <p>So a caller waits at most the lock timeout for one computation, and at most twice the lock
 * timeout in all (when a holder dies and another takes over): bounded, without turning a dead
 * holder into one delegate call per waiting thread.
 *
 * <p><b>Leases, generations, in-flight loads and invalidation</b> live in {@link
 * dev.cachet.runtime.internal.coordination}, whose documentation states the protocol step by step:
 * a miss claims the key's lease, a placeholder under the entry key, and stores its value with
 * {@code cas} only while that placeholder is untouched; {@link
 * dev.cachet.runtime.Cachet#invalidate} deletes it and {@link
 * dev.cachet.runtime.Cachet#invalidateAll} makes its generation old, so a computation that began
 * before either cannot store.
 *
 * <p><b>Who owns what.</b> The calls go one way, down:
 *
 * <pre>
 *   generated code --&gt; CachedOperation (near cache, counting, the log line) --&gt; Load
 *        |                      |                                               |
 *        |                      v                                               v
 *        |           coordination.Misses (who computes, who waits, the lease) ---'
 *        |                      |
 *        '----------------------+--&gt; coordination.Entries (lookup, decode, store: the read path)
 *                                        --&gt; value.ValueStore --&gt; spi.Transport
 * </pre>
 *
 * {@code Entries} is the read path's one owner: the facade's hits and stores and the miss
 * protocol's re-reads all go through it, and it calls nothing above it. The namespace's
 * invalidation epoch is a {@code coordination.Epoch}, kept by {@code Coordination} beside the
 * invalidations that advance it; {@code NamespaceCounters} only counts.
 *
 * <p><b>After the delegate</b>, {@link dev.cachet.runtime.internal.CachedOperation#put} hands the
 * value to the threads of this process waiting for it, stores it conditionally with the hard expiry
 * {@code fresh + stale window}, and keeps it in the near cache once the store has accepted it.
 * {@link dev.cachet.runtime.internal.Load#abandon()} (the delegate threw) tells the miss protocol
 * itself; it, or a {@code null} that is not cached, stores nothing and removes the placeholder if
 * it is still this caller's, so waiters claim the lease at once.
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
 * timeouts and other errors, lock waits, invalidations. {@link
 * dev.cachet.runtime.Cachet#statistics()} snapshots them per namespace, per region and in total
 * ({@link dev.cachet.runtime.CacheStatistics}, {@code format()} for a table); {@link
 * dev.cachet.runtime.Cachet#serverStatistics()} asks the servers for their own {@code stats};
 * {@code dev.cachet.runtime.metrics} binds the counts to Micrometer.
 */
package dev.cachet.runtime.internal;
