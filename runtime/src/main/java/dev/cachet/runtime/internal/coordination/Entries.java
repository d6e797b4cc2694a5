package dev.cachet.runtime.internal.coordination;

/**
 * How the coordination reads entries of one cached method: the value pipeline, the method's type
 * and its region's freshness stay with the caller, which classifies what it reads as a
 * {@link Lookup}. Unusable bytes read here are not counted again: the caller's first lookup did.
 */
public interface Entries {
  /** One more round trip for the entry and its generation. */
  Lookup reread(String entryKey);

  /** What {@code bytes}, read under {@code entryKey}, hold under {@code generation}. */
  Lookup decode(String entryKey, long generation, byte[] bytes);
}
