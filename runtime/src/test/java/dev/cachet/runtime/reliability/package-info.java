/**
 * The reliability scenario of issue 6: a steady load of cached calls from several threads through
 * {@link dev.cachet.runtime.Cachet} while a real memcached is killed, restarted, paused with
 * SIGSTOP, resumed and made to flap.
 *
 * <ul>
 *   <li>{@link dev.cachet.runtime.reliability.ReliabilityScenario}: runs the load and the phases,
 *       and measures per phase the calls made, calls failed (exceptions reaching the caller),
 *       latency percentiles, the worst latency the cache added, and how long after each recovery
 *       hits came back.
 *   <li>{@link dev.cachet.runtime.reliability.ReliabilityRun}: the full run (about 80 s), whose
 *       figures are in {@code docs/reliability.md}; not part of the test command.
 *   <li>{@code ReliabilityScenarioTest}: the same scenario in a few seconds, asserting no call
 *       failed and hits came back; {@code FlappingServerTest}: kills and restarts in quick
 *       succession.
 * </ul>
 */
package dev.cachet.runtime.reliability;
