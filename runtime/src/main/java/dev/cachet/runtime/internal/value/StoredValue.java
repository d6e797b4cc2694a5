package dev.cachet.runtime.internal.value;

import java.time.Instant;

/**
 * A value read back from the store, with what its header said.
 *
 * @param value the value; {@code null} for a cached {@code null} (a negative entry)
 * @param generation the opaque number the core stored with the value
 * @param createdAt when the value was written, by the writer's clock
 * @param storedBytes bytes held by the store: the entry plus all its chunks, headers included
 * @param serializedBytes bytes the serializer produced, before compression
 * @param chunks how many chunks the value was split into; 0 when stored whole
 */
public record StoredValue(
    Object value,
    long generation,
    Instant createdAt,
    int storedBytes,
    int serializedBytes,
    int chunks) {}
