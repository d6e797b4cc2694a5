/**
 * The value pipeline: how a cached value becomes memcached items and comes back.
 *
 * <p>Writing ({@link dev.cachet.runtime.internal.value.ValueStore#write}): the region's
 * {@link dev.cachet.runtime.spi.Serializer} turns the value into bytes ({@link
 * dev.cachet.runtime.internal.value.ForySerializer} by default; {@link
 * dev.cachet.runtime.fst.FstSerializer} is an optional alternative; Fory writes
 * schema-consistent with a class version per object, so a class changed since the write is a
 * counted miss, see {@code ForySerializer}). Payloads at or above the
 * compression threshold (1 KiB by default) go through the region's {@link
 * dev.cachet.runtime.internal.value.Compression} codec (zstd by default, chosen by the measurements in
 * {@code docs/benchmarks.md}; a region may choose lz4 or deflate), and the compressed form is kept only if it saves at least an
 * eighth. A fixed 34-byte header (magic, format version, serializer, codec, flags, creation time,
 * generation, lengths, CRC32C) frames the payload, followed by an HMAC-SHA256 when the region has
 * a signing key. A stored form larger than the transport's item size is split into chunks written
 * first under {@code <namespace>/chunk/<write id>/<index>}, then a manifest under the entry key.
 * {@link dev.cachet.runtime.internal.value.WireFormat} is the one definition of these bytes and of every
 * key Cachet writes beside its entries (generations, refresh locks, chunks), with the lease
 * placeholder and the generation's text: the pipeline, the coordination and {@code cachet-cli}
 * all read and write through it.
 * A value whose stored form exceeds the maximum (64 MiB by default) is refused, not dropped.
 *
 * <p>Reading ({@link dev.cachet.runtime.internal.value.ValueStore#read}): the core fetches the entry with
 * its other keys; the store checks the header, fetches all chunks of a manifest in one
 * {@code getAll}, checks each chunk and the assembled whole, decompresses and deserializes. Every
 * failed check is a {@link dev.cachet.runtime.internal.value.ValueException} with a
 * {@link dev.cachet.runtime.internal.value.ValueException.Reason}, which the core counts as a miss under its
 * {@link dev.cachet.runtime.DecodeFailure}.
 *
 * <p>When serialization fails, {@code FailurePath} walks the value's graph (on that path only)
 * and names the first object that holds an OS resource, a thread, a lock or a non-serializable
 * JDK type: {@code images[3].blockDevices[0].connection: java.net.Socket is not serializable}.
 *
 * <p>The deserialization allowlist ({@link dev.cachet.runtime.internal.value.ClassAllowlist}): Fory runs
 * with {@code requireClassRegistration(false)}, so class names (not registration ids) go on the
 * wire, and with a {@code TypeChecker} that asks the allowlist, by binary name, before Fory loads
 * any class named in the bytes or builds a serializer for any class it writes. Fory never asks
 * that checker about the classes it registers itself and reads by numeric id ({@code
 * PriorityQueue}, {@code Vector}, {@code Pattern}, exceptions, ... as well as the collections and
 * boxes), so {@code BuiltInGuard} replaces Fory's serializer of each of those the allowlist does
 * not hold with one that refuses, before the Fory instance is first used; Fory finds that
 * serializer from the id before it reads any byte of the object. A refused class is therefore
 * never instantiated, and one named in the bytes never even loaded: the read fails with
 * {@link dev.cachet.runtime.internal.value.ClassNotAllowedException}, counted as
 * {@link dev.cachet.runtime.internal.value.ValueException.Reason#ALLOWLIST}. Fory's own registration was
 * rejected on purpose: it numbers classes in registration order, and processes that construct
 * their decorators in different orders would then read each other's bytes as the wrong classes.
 * Names mean the same in every process whatever the order, and the list only grows. What is on
 * the list: the short, fixed list of JDK value types of {@code ClassAllowlist.JDK_CLASSES}
 * (collections, boxes, {@code java.time} values, nothing whose reading runs code the bytes could
 * steer; {@code docs/security.md} lists them with the reasons); the classes every
 * generated decorator registers for its cached types ({@code Cachet.allow}); and what users add
 * for polymorphic fields ({@code Cachet.builder().allowClasses}). A write that names a class off
 * the list is refused the same way and stores nothing, so the cache never fills with entries no
 * reader may read. Fory's built-in deny list of known gadget classes still applies on top.
 *
 * <p>Signing ({@link dev.cachet.runtime.internal.value.ValueSettings#withSigningKey}, set through
 * {@code Cachet.builder().signingKey} or {@code cachet.signing-key}) is checked before any byte
 * reaches the serializer, so with a key, bytes from anyone without it are never deserialized at
 * all. The HMAC covers the memcached key as well ({@code Signer.forKey}), so a signed item moved
 * under another key fails too. Namespace generations are signed with the same key
 * ({@code dev.cachet.runtime.internal.coordination.Generations}).
 */
package dev.cachet.runtime.internal.value;
