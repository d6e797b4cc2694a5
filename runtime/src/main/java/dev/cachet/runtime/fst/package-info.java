/**
 * The FST serializer, the optional alternative to Apache Fory ({@code
 * Cachet.builder().serializer(new FstSerializer())}), for deployments that already store FST
 * bytes. It needs {@code de.ruedigermoeller:fst} on the class path, which Cachet does not bring,
 * and the JVM flags {@link dev.cachet.runtime.fst.FstSerializer} lists.
 */
package dev.cachet.runtime.fst;
