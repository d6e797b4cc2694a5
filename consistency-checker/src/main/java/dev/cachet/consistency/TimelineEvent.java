package dev.cachet.consistency;

/** Something the run did at {@code nanos} ({@code System.nanoTime()}), such as a fault. */
record TimelineEvent(long nanos, String what) {}
