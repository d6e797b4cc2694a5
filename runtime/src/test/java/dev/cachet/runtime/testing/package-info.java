/**
 * Test support shipped in the runtime's test-jar for every module's tests. Depend on it with
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.cachet</groupId>
 *   <artifactId>cachet-runtime</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.cachet.runtime.testing.MemcachedServer}: a real {@code memcached} process on a
 *       free loopback port, with kill, restart, pause (SIGSTOP) and resume for fault tests;
 *       {@code startWithSasl} starts one that demands SASL authentication ({@code -S}).
 *   <li>{@link dev.cachet.runtime.testing.MemcachedExtension}: JUnit 5 extension giving a test
 *       class (static field) or each test (instance field) one or more servers.
 *   <li>{@link dev.cachet.runtime.testing.Nutcracker}: a real twemproxy ({@code nutcracker})
 *       process on a free loopback port in front of given servers, as large deployments run it.
 *   <li>{@link dev.cachet.runtime.testing.NutcrackerExtension}: JUnit 5 extension giving a test
 *       class or each test a {@code Nutcracker} in front of servers of its own.
 *   <li>{@link dev.cachet.runtime.testing.TurnCountingProxy}: a TCP proxy in front of a server
 *       that counts request/response turns, to prove the round trips an operation costs.
 *   <li>{@link dev.cachet.runtime.testing.TextClient}: memcached text protocol over a plain socket,
 *       to see what a server really holds.
 *   <li>{@link dev.cachet.runtime.testing.MutableClock}: a clock moved by hand, for expiry and
 *       lock timeouts without sleeping.
 * </ul>
 *
 * <p>The test-jar does not bring JUnit: modules using {@code MemcachedExtension} already have
 * {@code junit-jupiter} in test scope.
 */
package dev.cachet.runtime.testing;
