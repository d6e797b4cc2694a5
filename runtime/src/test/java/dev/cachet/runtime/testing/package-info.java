/**
 * Test support shipped in the runtime's test-jar ({@code cachet-runtime}, classifier
 * {@code tests}) for every module's tests.
 *
 * <ul>
 *   <li>{@link dev.cachet.runtime.testing.MutableClock}: a clock moved by hand, for expiry and
 *       lock timeouts without sleeping.
 * </ul>
 */
package dev.cachet.runtime.testing;
