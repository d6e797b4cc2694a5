/** Tests of the transports: one contract run against each, plus what is particular to each. */
package dev.cachet.runtime.internal.transport;
