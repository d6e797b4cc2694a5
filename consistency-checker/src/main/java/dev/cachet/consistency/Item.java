package dev.cachet.consistency;

/**
 * What {@link Inventory#item} returns: the key and the version the source of truth held when the
 * delegate read it. A record of two scalars, so the value pipeline (Fory, header, checksum) costs
 * little next to the round trip and the workload stays dominated by the races it looks for.
 */
public record Item(int id, long version) {}
