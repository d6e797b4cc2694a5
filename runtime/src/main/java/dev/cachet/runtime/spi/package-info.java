/**
 * What users may implement and hand to {@link dev.cachet.runtime.Cachet.Builder}: a {@link
 * dev.cachet.runtime.spi.Transport} (a store other than memcached, or a wrapper around one, e.g.
 * for measuring or injecting faults) and a {@link dev.cachet.runtime.spi.Serializer} (a format
 * other than Apache Fory), with the {@link dev.cachet.runtime.spi.TransportException} a transport
 * throws for a fault; and, for artifacts that bring a store of their own, a {@link
 * dev.cachet.runtime.spi.TransportProvider}, found with {@link java.util.ServiceLoader}. The
 * runtime counts and logs whatever they throw, and the call is answered by its delegate.
 */
package dev.cachet.runtime.spi;
