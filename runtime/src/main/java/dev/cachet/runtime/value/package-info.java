/**
 * The value pipeline: how a cached value becomes memcached items and comes back.
 *
 * <p>Writing ({@link dev.cachet.runtime.value.ValueStore#write}): the region's
 * {@link dev.cachet.runtime.Serializer} turns the value into bytes ({@link
 * dev.cachet.runtime.value.ForySerializer} by default; {@link
 * dev.cachet.runtime.value.FstSerializer} is an optional alternative). Payloads at or above the
 * compression threshold (1 KiB by default) go through the region's {@link
 * dev.cachet.runtime.value.Compression} codec (zstd by default, chosen by the measurements in
 * {@code docs/benchmarks.md}), and the compressed form is kept only if it saves at least an
 * eighth. A fixed 34-byte header (magic, format version, serializer, codec, flags, creation time,
 * generation, lengths, CRC32C) frames the payload, followed by an HMAC-SHA256 when the region has
 * a signing key. A stored form larger than the transport's item size is split into chunks written
 * first under {@code <namespace>/chunk/<write id>/<index>}, then a manifest under the entry key.
 * A value whose stored form exceeds the maximum (64 MiB by default) is refused, not dropped.
 *
 * <p>Reading ({@link dev.cachet.runtime.value.ValueStore#read}): the core fetches the entry with
 * its other keys; the store checks the header, fetches all chunks of a manifest in one
 * {@code getAll}, checks each chunk and the assembled whole, decompresses and deserializes. Every
 * failed check is a {@link dev.cachet.runtime.value.ValueException} with a
 * {@link dev.cachet.runtime.value.ValueException.Reason}, which the core counts as a miss.
 *
 * <p>When serialization fails, {@code FailurePath} walks the value's graph (on that path only)
 * and names the first object that holds an OS resource, a thread, a lock or a non-serializable
 * JDK type: {@code images[3].blockDevices[0].connection: java.net.Socket is not serializable}.
 *
 * <p>Not yet: Fory runs with class registration off, so any class on the class path can be
 * deserialized from the cache; a signing key ({@link
 * dev.cachet.runtime.value.ValueSettings#withSigningKey}) is the protection until then.
 * Registering the cached types as Fory's deserialization allowlist is issue 6 and changes only
 * {@code ForySerializer}.
 */
package dev.cachet.runtime.value;
