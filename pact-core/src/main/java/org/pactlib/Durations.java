package org.pactlib;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Checks and formats of {@link Duration} arguments, shared by every public entry point so that bad
 * values always get the same clear message.
 */
final class Durations {

	private Durations() {
	}

	static Duration requireNonNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must be zero or positive, but was " + duration);
		}
		return duration;
	}

	static Duration requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, but was " + duration);
		}
		return duration;
	}

	static Duration requireNonNegativeOrNull(Duration duration, String name) {
		return (duration != null) ? requireNonNegative(duration, name) : null;
	}

	/**
	 * Seconds as a user wrote them: {@code 10}, {@code 1.5}.
	 */
	static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.getSeconds())
			.add(BigDecimal.valueOf(duration.getNano(), 9))
			.stripTrailingZeros()
			.toPlainString();
	}

	/**
	 * Seconds as a computed floating-point value: {@code 8.0}, {@code 7.25}.
	 */
	static String computedSeconds(Duration duration) {
		return Double.toString(duration.getSeconds() + duration.getNano() / 1e9);
	}

	/**
	 * Adds without overflow: a sum past {@code Long.MAX_VALUE} nanoseconds saturates.
	 */
	static long saturatedAdd(long nanoTime, long nanos) {
		long sum = nanoTime + nanos;
		return (((nanoTime ^ sum) & (nanos ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

	static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
