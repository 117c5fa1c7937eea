package org.pactlib;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings that the builders of pacts and groups share, behind {@link PactBase.Builder}. Not
 * thread-safe; each call checks its argument at once and says what is allowed.
 *
 * @param <B> the builder's own type, returned by each call for chaining
 */
abstract class PactSettings<B extends PactSettings<B>> {

	Duration timeout;

	boolean lazy = true;

	PactClock clock;

	Backoff backoff = Backoff.fixed(PactBase.DEFAULT_POLL_INTERVAL);

	PactSettings(PactClock clock) {
		this.clock = clock;
	}

	/**
	 * Sets the deadline, counted from the creation of the pact or group on its clock.
	 * @param timeout the deadline; {@code null} for none (the default)
	 * @return this builder
	 * @throws IllegalArgumentException if the timeout is negative
	 */
	public B timeout(Duration timeout) {
		this.timeout = Durations.requireNonNegativeOrNull(timeout, "timeout");
		return self();
	}

	/**
	 * Sets whether polls stop at the first condition (or member) that does not hold, the default,
	 * or evaluate every one that has not held yet.
	 * @param lazy {@code false} for eager
	 * @return this builder
	 */
	public B lazy(boolean lazy) {
		this.lazy = lazy;
		return self();
	}

	/**
	 * Sets the clock of the deadline and of waits.
	 * @param clock the clock
	 * @return this builder
	 */
	public B clock(PactClock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return self();
	}

	/**
	 * Sets how long {@code await()} (or a background poller) waits between polls.
	 * @param pollInterval a positive interval; the default is 1 second
	 * @return this builder
	 * @throws IllegalArgumentException if the interval is zero or negative
	 */
	public B pollInterval(Duration pollInterval) {
		return backoff(Backoff.fixed(Durations.requirePositive(pollInterval, "pollInterval")));
	}

	/**
	 * Sets how long to wait between polls, for instance exponential backoff for a condition that
	 * calls a remote API. Replaces {@link #pollInterval(Duration)}.
	 * @param backoff the intervals between polls; the default is a fixed second
	 * @return this builder
	 */
	public B backoff(Backoff backoff) {
		this.backoff = Objects.requireNonNull(backoff, "backoff");
		return self();
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
