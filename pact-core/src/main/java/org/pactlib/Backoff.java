package org.pactlib;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait between two polls: a fixed interval, or exponential backoff with a cap, optionally
 * with jitter. Immutable and thread-safe.
 *
 * <pre>{@code
 * Pact.builder("Exporting " + id)
 *     .backoff(Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(10), 2).withJitter(0.2))
 *     .build();
 * }</pre>
 */
public final class Backoff {

	private final Duration initial;

	private final Duration max;

	private final double multiplier;

	private final double jitter;

	private final long initialNanos;

	private final long maxNanos;

	private Backoff(Duration initial, Duration max, double multiplier, double jitter) {
		this.initial = initial;
		this.max = max;
		this.multiplier = multiplier;
		this.jitter = jitter;
		this.initialNanos = Durations.saturatedNanos(initial);
		this.maxNanos = Durations.saturatedNanos(max);
	}

	/**
	 * Returns the same interval before every poll.
	 * @param interval a positive interval
	 * @return a fixed backoff
	 * @throws IllegalArgumentException if the interval is zero or negative
	 */
	public static Backoff fixed(Duration interval) {
		Durations.requirePositive(interval, "interval");
		return new Backoff(interval, interval, 1, 0);
	}

	/**
	 * Returns intervals that start at {@code initial} and grow by {@code multiplier} after every poll, up
	 * to {@code max}, like the seed's waiting loop with {@code (start, max, multiplier)}.
	 * @param initial the first interval, positive
	 * @param max the longest interval, at least {@code initial}
	 * @param multiplier how much each interval grows, at least 1
	 * @return an exponential backoff without jitter
	 * @throws IllegalArgumentException if a value is out of those ranges
	 */
	public static Backoff exponential(Duration initial, Duration max, double multiplier) {
		Durations.requirePositive(initial, "initial");
		Objects.requireNonNull(max, "max");
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("max must be at least initial (" + initial + "), but was " + max);
		}
		if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("multiplier must be a finite number of at least 1, but was " + multiplier);
		}
		return new Backoff(initial, max, multiplier, 0);
	}

	/**
	 * Returns this backoff with jitter: each interval is shortened by a random part of up to
	 * {@code fraction} of it, so that many pollers started together spread out.
	 * @param fraction between 0 (no jitter) and 1 (inclusive: anywhere from zero to the interval)
	 * @return a backoff with the same intervals and the given jitter
	 * @throws IllegalArgumentException if the fraction is outside [0, 1]
	 */
	public Backoff withJitter(double fraction) {
		if (!(fraction >= 0 && fraction <= 1)) {
			throw new IllegalArgumentException("jitter fraction must be between 0 and 1, but was " + fraction);
		}
		return new Backoff(this.initial, this.max, this.multiplier, fraction);
	}

	/**
	 * Returns the interval before the poll that follows {@code polls} earlier polls.
	 * @param polls how many polls came before (zero for the first interval)
	 * @return a positive interval, at most {@link #getMax()}
	 */
	public Duration delay(long polls) {
		return Duration.ofNanos(delayNanos(polls));
	}

	/**
	 * Returns the interval before the poll that follows {@code polls} earlier polls, in nanoseconds,
	 * without allocating: what background pollers use on every poll.
	 * @param polls how many polls came before (zero for the first interval)
	 * @return a positive number of nanoseconds, at most {@link #getMax()}
	 */
	public long delayNanos(long polls) {
		long capped = this.initialNanos;
		if (this.multiplier != 1 && polls > 0) {
			capped = (long) Math.min(this.initialNanos * Math.pow(this.multiplier, polls), this.maxNanos);
		}
		if (this.jitter > 0) {
			capped -= (long) (capped * this.jitter * ThreadLocalRandom.current().nextDouble());
		}
		return Math.max(1, capped);
	}

	/**
	 * Returns the first interval.
	 * @return the interval before the second poll
	 */
	public Duration getInitial() {
		return this.initial;
	}

	/**
	 * Returns the longest interval.
	 * @return the cap
	 */
	public Duration getMax() {
		return this.max;
	}

	/**
	 * Returns how much each interval grows over the one before it.
	 * @return 1 for a fixed interval
	 */
	public double getMultiplier() {
		return this.multiplier;
	}

	/**
	 * Returns the largest part of an interval that jitter may take off.
	 * @return between 0 and 1
	 */
	public double getJitter() {
		return this.jitter;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Backoff that && this.initial.equals(that.initial) && this.max.equals(that.max)
				&& this.multiplier == that.multiplier && this.jitter == that.jitter;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.initial, this.max, this.multiplier, this.jitter);
	}

	@Override
	public String toString() {
		String intervals = (this.multiplier == 1) ? "Backoff.fixed(" + this.initial + ")"
				: "Backoff.exponential(" + this.initial + ", " + this.max + ", " + this.multiplier + ")";
		return (this.jitter > 0) ? intervals + ".withJitter(" + this.jitter + ")" : intervals;
	}

}
