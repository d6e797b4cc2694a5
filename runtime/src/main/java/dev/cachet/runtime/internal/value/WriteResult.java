package dev.cachet.runtime.internal.value;

/**
 * What one {@link ValueStore#write} did, for statistics.
 *
 * @param serializedBytes bytes the serializer produced ({@code 0} for {@code null})
 * @param storedBytes bytes sent to the store: the entry plus all its chunks, headers included
 * @param compressed whether the payload is stored compressed
 * @param chunks how many chunks were written before the entry; 0 when stored whole
 * @param stored {@code false} when a conditional write was refused: the entry no longer held the
 *     item whose compare-and-swap id it presented (its chunks were written, and expire unread)
 */
public record WriteResult(
    int serializedBytes, int storedBytes, boolean compressed, int chunks, boolean stored) {}
