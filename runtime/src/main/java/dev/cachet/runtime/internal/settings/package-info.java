/**
 * The checked, immutable configuration of one {@code Cachet}: {@link
 * dev.cachet.runtime.internal.settings.Settings} with its {@link
 * dev.cachet.runtime.internal.settings.Region}s. Only {@code Cachet.Builder} makes them (text goes
 * through {@code CachetSpec} into the builder first), and only the engine reads them, handing each
 * part its slice. Not exported: the engine's constructor names it, for {@code Cachet} alone.
 */
package dev.cachet.runtime.internal.settings;
