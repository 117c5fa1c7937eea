package org.pactlib.durable;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.pactlib.Backoff;

/**
 * The settings of a durable pact, and the defaults of those created without their own. Immutable.
 *
 * @param timeout the deadline, counted from creation, or {@code null} for none
 * @param backoff the intervals between two polls (jitter is not kept)
 * @param overdueRetention how long the pact stays pending after its deadline before it is cancelled
 */
public record DurableSettings(@Nullable Duration timeout, Backoff backoff, Duration overdueRetention) {

	/**
	 * Checks the values.
	 * @throws IllegalArgumentException if the timeout or the retention is negative
	 */
	public DurableSettings {
		Objects.requireNonNull(backoff, "backoff");
		Objects.requireNonNull(overdueRetention, "overdueRetention");
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException("timeout must be zero or positive, but was " + timeout);
		}
		if (overdueRetention.isNegative()) {
			throw new IllegalArgumentException("overdueRetention must be zero or positive, but was " + overdueRetention);
		}
	}

}
