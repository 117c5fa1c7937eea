package org.pactlib;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

/**
 * The time source of pacts and groups: deadlines are measured and waits are slept on it.
 *
 * <p>Production code uses {@link #system()}; tests use a {@link VirtualClock}, on which waiting takes
 * no real time. Implementations must be safe to use from any thread.
 */
public interface PactClock {

	/**
	 * Returns the current value of this clock's monotonic time, in nanoseconds. Only differences between
	 * two values of the same clock are meaningful.
	 * @return the current time in nanoseconds
	 */
	long nanoTime();

	/**
	 * Lets the given time pass on this clock.
	 * @param duration how long to sleep; zero returns at once
	 * @throws InterruptedException if the calling thread is interrupted before or while sleeping
	 * @throws IllegalArgumentException if the duration is negative
	 */
	void sleep(Duration duration) throws InterruptedException;

	/**
	 * Sleeps like {@link #sleep(Duration)}, but may return as soon as {@code wakeUp} is done. The default
	 * ignores {@code wakeUp} unless it is already done.
	 * @param duration the longest time to sleep
	 * @param wakeUp a future whose completion ends the sleep early
	 * @throws InterruptedException if the calling thread is interrupted before or while sleeping
	 */
	default void sleep(Duration duration, Future<?> wakeUp) throws InterruptedException {
		if (!wakeUp.isDone()) {
			sleep(duration);
		}
	}

	/**
	 * Waits until this clock has moved {@code duration} forward, or {@code wakeUp} is done, without
	 * moving the clock itself: what a thread does while something else polls (a background poller).
	 * The default sleeps like {@link #sleep(Duration, Future)}, which is right for a clock whose time
	 * moves by itself.
	 * @param duration the longest time to wait, on this clock
	 * @param wakeUp a future whose completion ends the wait early
	 * @throws InterruptedException if the calling thread is interrupted before or while waiting
	 */
	default void park(Duration duration, Future<?> wakeUp) throws InterruptedException {
		sleep(duration, wakeUp);
	}

	/**
	 * Returns the wall-clock time matching {@link #nanoTime()} now, for display (creation times, deadlines).
	 * @return the current instant on this clock
	 */
	default Instant instant() {
		return Instant.now();
	}

	/**
	 * Returns the clock of the running JVM: {@link System#nanoTime()} and real sleeps.
	 * @return the shared system clock
	 */
	static PactClock system() {
		return SystemPactClock.INSTANCE;
	}

}
