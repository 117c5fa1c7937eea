package org.pactlib.test;

import java.time.Duration;
import java.util.Objects;

import org.pactlib.PactBase;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistry;

/**
 * Moves a {@link VirtualClock} for a test and polls, on the test's thread, what the time makes due in
 * a {@link PactRegistry} built with {@code backgroundPolling(false)}: after {@link #advance(Duration)}
 * returns, every poll, callback and deadline of that time has run, in order, so the test asserts
 * without waiting. Nothing else moves the time; no real time passes.
 *
 * <p>The time moves one registry tick at a time, and the registry polls what is due after each tick,
 * just as its background task would have every tick: a pact polled every second is polled at each
 * second, and its {@code then} callbacks run at the tick that finishes it.
 *
 * <p>Not meant for concurrent use: one test thread drives the time.
 */
public final class VirtualTime {

	private final VirtualClock clock;

	private final PactRegistry registry;

	/**
	 * Creates the handle of a registry that runs on a virtual clock.
	 * @param registry a registry built with {@code backgroundPolling(false)} on a {@link VirtualClock}
	 * @throws IllegalArgumentException if the registry's clock is not a {@link VirtualClock}
	 */
	public VirtualTime(PactRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
		if (!(registry.getClock() instanceof VirtualClock virtualClock)) {
			throw new IllegalArgumentException("The pact registry runs on " + registry.getClock()
					+ ", not on a VirtualClock: build it with clock(new VirtualClock())");
		}
		this.clock = virtualClock;
	}

	/**
	 * Returns the clock this handle moves.
	 * @return the registry's virtual clock
	 */
	public VirtualClock clock() {
		return this.clock;
	}

	/**
	 * Returns the registry this handle polls.
	 * @return the registry
	 */
	public PactRegistry registry() {
		return this.registry;
	}

	/**
	 * Returns the virtual time elapsed since the clock was created.
	 * @return the elapsed time
	 */
	public Duration elapsed() {
		return this.clock.elapsed();
	}

	/**
	 * Moves the clock forward by {@code duration}, one registry tick at a time (the last step may be
	 * shorter), and polls what is due after each step, on this thread. When it returns, every poll,
	 * callback and deadline due within that time has run. Pacts registered meanwhile (by a callback)
	 * are polled at the next step.
	 * @param duration how far; zero only polls what is due now
	 * @return how many polls ran
	 * @throws IllegalArgumentException if the duration is negative
	 * @throws ArithmeticException if the duration is longer than about 292 years
	 */
	public int advance(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		if (duration.isNegative()) {
			throw new IllegalArgumentException("duration must not be negative, but was " + duration);
		}
		long tick = this.registry.getSettings().tick().toNanos();
		int polls = this.registry.pollDue();
		for (long left = duration.toNanos(); left > 0; left -= tick) {
			this.clock.advance(Duration.ofNanos(Math.min(tick, left)));
			polls += this.registry.pollDue();
		}
		return polls;
	}

	/**
	 * Polls, on this thread, what is due now, without moving the clock: what a test calls after
	 * starting an operation, to see the first poll of its pact.
	 * @return how many polls ran
	 */
	public int pollDue() {
		return this.registry.pollDue();
	}

	/**
	 * Starts an assertion on a pact, which {@link PactAssert#finishesWithin(Duration)} drives through
	 * this handle's registry.
	 * @param pact the pact or group
	 * @return the assertion
	 */
	public PactAssert assertThat(PactBase pact) {
		return PactAssertions.assertThat(pact).polledBy(this.registry);
	}

	/**
	 * Shows the elapsed virtual time: {@code VirtualTime[PT10M]}.
	 */
	@Override
	public String toString() {
		return "VirtualTime[" + elapsed() + "]";
	}

}
