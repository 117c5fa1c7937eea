package org.pactlib.registry;

import java.time.Duration;

/**
 * Nanosecond arithmetic on the registry's clock that never overflows.
 */
final class Nanos {

	private Nanos() {
	}

	/**
	 * Returns a duration in nanoseconds, at most about 146 years, so that adding it to a nano time
	 * cannot overflow.
	 */
	static long of(Duration duration) {
		return (duration.getSeconds() < (Long.MAX_VALUE / 2) / 1_000_000_000L) ? duration.toNanos() : Long.MAX_VALUE / 2;
	}

	/**
	 * Adds without overflow: a sum past {@code Long.MAX_VALUE} saturates.
	 */
	static long saturatedAdd(long nanoTime, long nanos) {
		long sum = nanoTime + nanos;
		return (((nanoTime ^ sum) & (nanos ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

}
