package org.pactlib;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PactClock} whose time moves only when told: by {@link #advance(Duration)}, or by a
 * {@link #sleep(Duration) sleep}, which advances the time at once and returns. Waits of any length
 * therefore take no real time, which makes timing tests exact and fast.
 *
 * <p>Thread-safe: every thread sees one timeline, and concurrent advances add up.
 */
public final class VirtualClock implements PactClock {

	private final Instant origin;

	private final AtomicLong nanos = new AtomicLong();

	/**
	 * Creates a virtual clock that starts now (for {@link #instant()}) at nano time zero.
	 */
	public VirtualClock() {
		this(Instant.now());
	}

	/**
	 * Creates a virtual clock whose {@link #instant()} starts at the given instant.
	 * @param origin the wall-clock time at nano time zero
	 */
	public VirtualClock(Instant origin) {
		this.origin = Objects.requireNonNull(origin, "origin");
	}

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	/**
	 * Moves this clock's time forward.
	 * @param duration how far; zero does nothing
	 * @throws IllegalArgumentException if the duration is negative (time never goes back)
	 */
	public void advance(Duration duration) {
		this.nanos.addAndGet(Durations.requireNonNegative(duration, "duration").toNanos());
	}

	/**
	 * Advances this clock by {@code duration} at once and returns.
	 * @throws InterruptedException if the calling thread is interrupted (its flag is cleared, as
	 * {@link Thread#sleep(long)} does)
	 */
	@Override
	public void sleep(Duration duration) throws InterruptedException {
		Durations.requireNonNegative(duration, "duration");
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		advance(duration);
	}

	@Override
	public Instant instant() {
		return this.origin.plusNanos(this.nanos.get());
	}

	/**
	 * Returns the time elapsed on this clock since it was created.
	 * @return the elapsed virtual time
	 */
	public Duration elapsed() {
		return Duration.ofNanos(this.nanos.get());
	}

	@Override
	public String toString() {
		return "VirtualClock[" + elapsed() + "]";
	}

}
