/**
 * The value pipeline: how a cached value becomes memcached items and comes back.
 *
 * <p>Writing ({@link dev.cachet.runtime.value.ValueStore#write}): the region's
 * {@link dev.cachet.runtime.Serializer} (Fory by default, {@link
 * dev.cachet.runtime.value.ForySerializer}) turns the value into bytes; payloads at or above the
 * compression threshold go through the configured {@link dev.cachet.runtime.value.Compression}
 * codec and keep the compressed form only if it saves at least an eighth; a fixed header (magic,
 * format version, serializer, codec, flags, creation time, generation, lengths, CRC32C) frames the
 * payload. A stored form larger than the transport's item size is split into chunks written first
 * under {@code <namespace>/chunk/<write id>/<index>}, then a manifest under the entry key.
 *
 * <p>Reading ({@link dev.cachet.runtime.value.ValueStore#read}): the core fetches the entry with
 * its other keys; the store checks the header, fetches all chunks of a manifest in one
 * {@code getAll}, checks each chunk and the assembled whole, decompresses and deserializes. Every
 * failed check is a {@link dev.cachet.runtime.value.ValueException} with a
 * {@link dev.cachet.runtime.value.ValueException.Reason}, which the core counts as a miss.
 *
 * <p>Not yet: Fory runs with class registration off, so any class on the class path can be
 * deserialized from the cache. Registering the cached types (the deserialization allowlist) is
 * issue 6 and changes only {@code ForySerializer}.
 */
package dev.cachet.runtime.value;
