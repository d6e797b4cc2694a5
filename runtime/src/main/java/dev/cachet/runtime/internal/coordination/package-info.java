/**
 * How every thread and process sharing a store agree on what may be served and stored:
 * generations, leases, this process's in-flight loads and invalidations. Internal: the runtime
 * reaches it through {@link dev.cachet.runtime.internal.coordination.Coordination} (one per {@code Cachet}),
 * {@link dev.cachet.runtime.internal.coordination.Entries} (the read path of one cached method: lookup,
 * decode, store) and {@link dev.cachet.runtime.internal.coordination.Misses} (one per cached method,
 * reading through its {@code Entries}); users never do.
 * {@code docs/consistency.md} is the full model, with its failure cases and windows.
 *
 * <p><b>The promise.</b> Once an invalidation has returned, and the store acknowledged it, no
 * read that begins afterwards, in any process, returns a value whose computation began before
 * the invalidation did.
 *
 * <p><b>State in the store</b> (keys and bytes as {@link dev.cachet.runtime.internal.value.WireFormat}
 * lays them out):
 *
 * <ul>
 *   <li>{@code <namespace>/gen}: the namespace's generation, a random number ({@code
 *       Generations}), one copy per server ({@code Transport.beside} places the copy an entry is
 *       read with, {@code <namespace>/gen@<ip:port>}). Every entry and placeholder records the
 *       generation it was written under.
 *   <li>{@code <entry key>}: a value, or a placeholder (magic, generation, 16 random bytes) while
 *       a miss computes it: the lease.
 *   <li>{@code <entry key>/lock}: the refresh lock of a stale entry, a random token.
 * </ul>
 *
 * <p><b>A miss</b> ({@code Misses.miss}), after a lookup ({@code getAll(gen copy, entry)}) found
 * nothing usable:
 *
 * <ol>
 *   <li>One thread per key and process loads it ({@code LocalLoads}); another thread of the
 *       process waits for that load only if no invalidation of the namespace ran in this process
 *       since it began (its {@link dev.cachet.runtime.internal.coordination.Epoch}) and
 *       its own lookup saw, intact, the placeholder the load holds or waits for ({@code
 *       InFlight.witness}). Otherwise it loads on its own, and later threads join it instead.
 *   <li>With no generation copy on the entry's server, the loader adds a fresh one <em>before</em>
 *       the delegate runs: a generation written later could be an {@code invalidateAll}'s.
 *   <li>It claims the lease ({@code Leases.claim}): {@code add(entry, placeholder)}, or
 *       {@code cas} over a dead item (an old generation's value or placeholder, undecodable,
 *       expired), then {@code gets(entry)} for the placeholder's compare-and-swap id.
 *   <li>Holding it, it computes; a renewal {@code touch}es the placeholder every third of the lock
 *       timeout, at most 18 times (six lock timeouts), so a
 *       slow computation keeps its lease and a dead holder's lapses. The value is stored with
 *       {@code cas} on that id: only if the placeholder is still there, untouched.
 *   <li>Another caller holds it: the loader polls the entry (10 ms doubling to 200 ms,
 *       jittered, paused and timed by {@code WaitClock}, which tests make virtual). The value appears: a hit. The placeholder is gone, or of an old generation:
 *       claim again. The lock timeout passes: compute without the lease, store nothing.
 *   <li>A computation that ends without storing deletes its placeholder if its compare-and-swap
 *       id is unchanged, so waiters claim at once.
 * </ol>
 *
 * <p><b>A stale entry</b> ({@code Misses.stale}): one caller per process tries {@code
 * add(entry/lock)}; the winner reads the entry with {@code gets} and refreshes it only if it
 * still holds exactly the bytes found stale, storing with {@code cas} on that id. Everybody else
 * is served the stale value.
 *
 * <p><b>Invalidation</b> ({@code Invalidations}): {@code invalidate} deletes the entry,
 * placeholder included; {@code invalidateAll} sets a fresh random generation on every server.
 * Either way a computation begun before can no longer store, and placeholders of the old
 * generation count as absent. Then the namespace's epoch advances in this process, retiring its
 * near entries and every load begun before. An invalidation the store did not acknowledge is
 * retried every 50 ms until it lands or its entries have expired; until then this process serves
 * and stores nothing it targets. With a store other processes share, every invalidation also
 * rewrites the namespace's change mark after the store change, the copy of the mark on the
 * server it changed ({@code <namespace>/changes@<server>}), as an ordered pair.
 *
 * <p><b>Near copies over a shared store</b> ({@code NearSync}): one thread per process reads every
 * server's copy of the change marks of the namespaces it keeps near every quarter of the
 * staleness bound, advances the epoch of each namespace with a copy that changed or vanished, and
 * only then declares the copies of each server's entries in sync until the bound has passed since
 * the read was sent. A near hit checks its entry's server's moment first and the epoch second; a
 * server the sync cannot read stops the copies of its own entries at once, and the others go on.
 *
 * <p><b>Failure cases</b> (each has a test, named in {@code docs/consistency.md}):
 *
 * <ul>
 *   <li>a miss in flight during {@code invalidate} or {@code invalidateAll}: its {@code cas} is
 *       refused (the placeholder is gone, or its generation is old), counted as a refused store;
 *   <li>a generation copy lost or evicted: a fresh random number that no entry holds, so misses;
 *   <li>a holder that dies: its placeholder lapses within the lease time, waiters claim;
 *   <li>a holder slower than the lock timeout: renewed, it still stores; its waiters compute
 *       without storing after the lock timeout;
 *   <li>a transport fault on any step: compute without the lease, store nothing, count it;
 *   <li>an unacknowledged invalidation: retried, and meanwhile nothing it targets is trusted here;
 *   <li>a copy of a change mark missing, or its server out: the namespace's copies dropped, or
 *       that server's entries' copies stopped at once.
 * </ul>
 */
package dev.cachet.runtime.internal.coordination;
