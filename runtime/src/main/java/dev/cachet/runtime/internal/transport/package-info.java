/**
 * The two {@link dev.cachet.runtime.spi.Transport} implementations.
 *
 * <ul>
 *   <li>{@link dev.cachet.runtime.internal.transport.InMemoryTransport}: the embedded default, one JVM. It
 *       applies memcached's item-size limit and expiry so the value pipeline behaves the same
 *       without a server, and evicts the least recently used items when its byte capacity is
 *       full (like memcached, a read moves an item up at most once per interval: 1 s here, 60 s
 *       there).
 *   <li>{@link dev.cachet.runtime.internal.transport.MemcachedTransport}: a pool of memcached servers
 *       through Xmemcached, raw {@code byte[]} in and out, consistent hashing, short timeouts,
 *       a per-server {@link dev.cachet.runtime.internal.transport.CircuitBreaker} for frozen servers, and
 *       optional SASL PLAIN over the binary protocol; configured by a
 *       {@link dev.cachet.runtime.internal.transport.MemcachedSettings}.
 * </ul>
 *
 * <p>Both refuse the same keys (longer than 250 bytes, whitespace, control characters) and the
 * same items (key plus value beyond the item limit, {@code SERVER_ERROR object too large for
 * cache}), so code tested against the in-memory default behaves the same against a server.
 *
 * <p>Flow: the value pipeline encodes a value to bytes and calls {@code set}/{@code add}; a read
 * calls {@code getAll} (one round trip for an entry and its chunks) and decodes. Against memcached
 * a read alone is one multi-get; a read made while others are in flight goes as single-key gets,
 * which Xmemcached merges with theirs into one request per batch. Every fault is a
 * {@link dev.cachet.runtime.spi.TransportException}, which the caller counts and answers from the
 * delegate.
 *
 * <p>For the coordination: {@code gets}, {@code cas} and {@code touch} carry leases (a store
 * conditional on the placeholder's compare-and-swap id, which {@code touch} keeps), and
 * {@code beside}/{@code everywhere} place a namespace's generation copies: against memcached
 * {@code RememberingSessionLocator} routes {@code <ns>/gen@<ip:port>} to that server and every
 * other key by consistent hashing, and Xmemcached's failure mode keeps a dead server's keys failing
 * instead of moving them to a server their invalidations never reached. In memory there is one
 * server, and one copy.
 */
package dev.cachet.runtime.internal.transport;
