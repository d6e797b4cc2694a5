/**
 * A consistency checker in the spirit of Jepsen: it runs several worker processes against real
 * memcached servers, records every operation they make with its start and end time, and checks
 * the histories against Cachet's promise (docs/consistency.md): <em>once an invalidation has
 * returned, no read that begins afterwards, in any thread of any process, returns a value
 * computed before the invalidation began</em>.
 *
 * <h2>What runs</h2>
 *
 * <ul>
 *   <li>{@link dev.cachet.consistency.Inventory}: {@code item(id)} is {@code @Cached}, {@code
 *       write(id)} is {@code @Invalidates}, {@code writeAndInvalidateAll(id)} is {@code
 *       @Invalidates(all = true)}. The annotation processor generates {@code CachingInventory} and
 *       {@code InventoryKeys}; the workload uses only those.
 *   <li>The source of truth ({@link dev.cachet.consistency.VersionFile}): one version per key in a
 *       memory-mapped file shared by every process, bumped with an atomic {@code getAndAdd}. The
 *       delegate ({@link dev.cachet.consistency.VersionedInventory}) reads a key's version and
 *       then pauses 0 to 5 ms, which holds an old version in flight while writes overtake it.
 *   <li>Workers ({@link dev.cachet.consistency.Worker}), each its own JVM with a {@code Cachet}
 *       on the run's servers, run their threads for the same period on a few hot keys (8 by
 *       default). 90 % of operations read through the decorator; 10 % write, a third through
 *       each invalidation path: the generated {@code @Invalidates} method; the undecorated
 *       delegate's write followed by {@code cachet.invalidate(InventoryKeys.item(id))}; and the
 *       generated {@code @Invalidates(all = true)} method (the explicit path through {@code
 *       cachet.invalidateAcknowledged}). Each operation is recorded (process, thread, type, key,
 *       start and end {@code System.nanoTime()}, the version read or written) into the worker's
 *       history file ({@link dev.cachet.consistency.HistoryFile}), with what the worker's transport
 *       ({@link dev.cachet.consistency.FaultTrackingTransport}, memcached watched from the calling
 *       thread) saw of it: whether the call hit a transport fault, whether a read reached the store
 *       at all, and whether a write's invalidation was acknowledged.
 *       {@code System.nanoTime()} is {@code CLOCK_MONOTONIC} on Linux, one clock for every
 *       process of a machine; the run checks that it is.
 *   <li>The checker ({@link dev.cachet.consistency.Checker}): for each read, the newest version
 *       whose write and invalidation had both completed before the read began; a read that
 *       returned an older version is <b>stale</b>. Each stale read is then judged against the
 *       windows of docs/consistency.md where the promise does not hold ({@link
 *       dev.cachet.consistency.Windows}): within window 2 (a call that could not reach the store
 *       received its own process's load), within window 3 (an invalidation the store did not
 *       acknowledge, missed by another process until its retry landed), or beyond them. The
 *       rules, and the checks of the harness itself, are in its documentation.
 * </ul>
 *
 * <h2>Commands</h2>
 *
 * <p>The short run is a test, part of {@code mvn install} at the root and of {@code
 * scripts/test.sh}: 3 workers x 4 threads, 3 memcached servers, 25 s ({@code ConsistencyRunTest},
 * with {@code CheckerTest}, which feeds the checker hand-built histories). The module's tests
 * alone, building what it depends on from this checkout:
 *
 * <pre>
 * mvn -B -ntp -pl consistency-checker -am verify -Dtest='dev.cachet.consistency.*Test' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The long run, with faults on one server (10 minutes by default):
 *
 * <pre>
 * scripts/consistency.sh                                  # --minutes 10 --faults
 * scripts/consistency.sh --minutes 30 --faults --threads 8
 * scripts/consistency.sh --minutes 10 --faults --store redis-cluster
 * mvn -B -ntp -pl consistency-checker -am -Pconsistency process-test-classes -Dconsistency.args="--minutes 10 --faults"
 * </pre>
 *
 * <p>Options: {@code --store memcached} (three servers), {@code redis} (one {@code redis-server}) or
 * {@code redis-cluster} (six: three primaries with a replica each, {@code RedisCluster} of cachet-redis's
 * tests; {@code --servers} does not apply), {@code --minutes M} or {@code --seconds S}, {@code --faults}, {@code --processes 3},
 * {@code --threads 4} (per process), {@code --servers 3}, {@code --keys 8}, {@code
 * --write-permille 100}, {@code --max-pause-micros 5000} (the delegate's pause after reading),
 * {@code --op-timeout-ms 250} (the workers' operation timeout), {@code --out DIR} (default {@code
 * consistency-checker/target/consistency-runs/<time>}). The run exits 0 when it passed, 1 when a
 * read was stale beyond the windows (or a call failed, or a read returned another key's item), 2
 * when the run is void (a check of the harness failed); through Maven, any of the last two fails
 * the build.
 *
 * <p>The faults (with {@code --faults}), all on one server, chosen as the one holding the
 * namespace generation {@code item/gen} 10 s into the run, repeat every 60 s: at +15 s SIGSTOP,
 * at +18 s SIGCONT (3 s frozen, twelve operation timeouts: every worker's circuit breaker for it
 * opens, and what was queued on its connections is applied late); at +30 s SIGKILL, at +35 s a
 * restart, empty, on the same port; at +45 s every TCP connection to it dropped while it keeps
 * running with its contents, by {@code ss -K} (the kernel's SOCK_DESTROY: it needs
 * CAP_NET_ADMIN and {@code CONFIG_INET_DIAG_DESTROY}; the run tries it on a connection of its own
 * first, and where it does not work drops the connections by a restart instead, and says so).
 *
 * <p>On a Redis Cluster the faults fall on one shard, on whichever of its two nodes is the primary
 * when each step begins ({@code FaultSchedule}): at +15 s SIGSTOP for 3 s, past the node timeout,
 * so the cluster promotes the replica meanwhile and the resumed node is demoted (the promotion is
 * recorded when it happened); at +30 s SIGKILL, then the replica promoted by the cluster itself; at
 * +35 s the killed node restarted empty with its {@code nodes.conf}, so it rejoins as a replica of
 * the promoted node and copies it (the step waits until it has); at +45 s {@code ss -K} on the
 * primary's connections; at +52 s a slot migrated, key by key, while calls run: the busiest slot
 * of the shard (a bucket with the run's entries beside its generation copy) to another primary,
 * and back each cycle after.
 *
 * <p>Every run leaves its files in its directory: the histories, the workers' summaries and
 * logs, the windows' settings and the faults applied ({@code windows.txt}), the report ({@code
 * report.txt}). To check them again, or to list every operation on one
 * key around a stale read (times in milliseconds, as in the report):
 *
 * <pre>
 * java -cp consistency-checker/target/classes dev.cachet.consistency.RunDirectory --dir DIR
 * java -cp consistency-checker/target/classes dev.cachet.consistency.RunDirectory --dir DIR --key 3 --from 1050 --to 1070
 * </pre>
 *
 * <h2>The report</h2>
 *
 * <ul>
 *   <li><b>operations</b>: reads (and how many were answered by the reading thread's own
 *       delegate call), writes per invalidation path, failed calls (an exception reached the
 *       caller: the cache must never be on the failure path), wrong items; reads whose call hit a
 *       transport fault or made no round trip, and writes whose invalidation was not acknowledged.
 *   <li><b>delegate calls</b> per process, with {@code item()} calls per write (what each
 *       invalidation costs in recomputation; {@code writeAndInvalidateAll} drops all keys, so the
 *       ratio is above 1 even when every miss is computed once) and each worker's {@code Cachet}
 *       statistics (transport errors are the faults at work). "store failed" counts writes that
 *       failed; "store refused" counts values a miss computed but did not store because an
 *       invalidation (or a lapsed lease) took its lease meanwhile: the lease protocol refusing a
 *       stale set, not a fault.
 *   <li><b>harness checks</b>: versions {@code 1..n} of every key recorded as written exactly once
 *       and {@code n} equal to the source of truth's final version; the processes' clocks agree
 *       (each worker's clock reading falls inside the run's, and no version was incremented
 *       before the previous one's write began); no read returned a version whose write had not
 *       begun when the read ended; on the explicit path, the transport's fault flag agrees with
 *       {@code invalidateAcknowledged} (the generated paths rely on the flag); every fault was
 *       applied, the victim ran before each step but a restart, and every server ran at the end
 *       (a server stopped by anything outside the run suffered a fault the timeline, and so the
 *       windows, do not show); on a Redis Cluster, every primary it started with but the victim's
 *       is still a primary at the end (no failover outside the schedule). Any failure makes the run
 *       void.
 *   <li><b>stale reads</b>: how many, in how many episodes (distinct key and version served
 *       stale: one stale value is usually read many times), the largest staleness (how long after
 *       the newer write and its invalidation had completed the stale read began), a histogram of
 *       staleness, the invalidation path of the newer write, and a probable cause from the
 *       recorded intervals ({@link dev.cachet.consistency.Checker.Cause}): a stale set (a miss that
 *       read the truth before the write stored after its invalidation), a read that joined an older
 *       load of its own process, or a value that survived the invalidation.
 *   <li><b>windows</b>: the stale reads within window 2, within window 3 and beyond the windows,
 *       each with its largest staleness (the largest window observed), and the rules with this
 *       run's bounds: window 2 needs the read's call to have hit a fault or made no round trip and
 *       a load of its own process, begun at most twice the lock timeout before, that it can have
 *       received; window 3 needs every newer write it missed to be unacknowledged, by another
 *       process, and the read to begin before that write's window closed (the end of the fault
 *       it overlapped plus a cool-off, a reconnection, a retry interval and an op timeout).
 *   <li><b>fault timeline</b> (with faults): when applying each fault began and took effect, when
 *       the window 3 of the writes it failed closes, and the stale reads of each window counted
 *       by the last fault before them.
 *   <li><b>examples</b>: the first stale reads beyond the windows and the stalest, then the stalest
 *       within each window, each with its timeline: the newer write (begin, increment,
 *       invalidation returned, acknowledged or not), the delegate call that most probably
 *       produced the stale version (begin, when it read the truth, return), the load it may have
 *       received (window 2) or when the window of the write it missed closes (window 3), and the
 *       read, with its fault flags.
 *   <li><b>verdict</b>: PASS, FAIL (and why) or VOID. Only stale reads beyond the windows fail the
 *       run.
 * </ul>
 */
package dev.cachet.consistency;
