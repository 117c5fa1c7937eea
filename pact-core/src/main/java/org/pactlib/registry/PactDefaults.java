package org.pactlib.registry;

import java.time.Duration;
import java.util.Objects;

import org.pactlib.Backoff;

/**
 * The settings a {@link PactFactory} gives the pacts it creates, unless told otherwise. Immutable.
 *
 * @param timeout the deadline, counted from creation, or {@code null} for none
 * @param backoff the intervals between two polls
 * @param lazy whether polls stop at the first condition (or member) that does not hold
 */
public record PactDefaults(Duration timeout, Backoff backoff, boolean lazy) {

	/**
	 * No deadline, a poll every second, lazy: the defaults of a plain {@code new Pact(description)}.
	 */
	public static final PactDefaults STANDARD = new PactDefaults(null, Backoff.fixed(Duration.ofSeconds(1)), true);

	/**
	 * Checks the values.
	 * @throws IllegalArgumentException if the timeout is negative
	 */
	public PactDefaults {
		Objects.requireNonNull(backoff, "backoff");
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException("timeout must be zero or positive, but was " + timeout);
		}
	}

}
