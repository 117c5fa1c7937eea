package org.pactlib;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link PactClock} whose time moves only when told: by {@link #advance(Duration)}, or by a
 * {@link #sleep(Duration) sleep}, which advances the time at once and returns. Waits of any length
 * therefore take no real time, which makes timing tests exact and fast.
 *
 * <p>A thread that {@linkplain #park parks} on it, as {@code await} does on a pact polled in the
 * background, waits for other threads to advance the time: the time moves only where a test says so.
 *
 * <p>Thread-safe: every thread sees one timeline, and concurrent advances add up.
 */
public final class VirtualClock implements PactClock {

	private final Instant origin;

	private final AtomicLong nanos = new AtomicLong();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition advanced = this.lock.newCondition();

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
		signalParkedThreads();
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

	/**
	 * Waits, in real time, until other threads have advanced this clock by {@code duration}, or until
	 * {@code wakeUp} is done; never moves the clock. Without either, it waits for good.
	 * @throws InterruptedException if the calling thread is interrupted before or while waiting
	 */
	@Override
	public void park(Duration duration, Future<?> wakeUp) throws InterruptedException {
		long until = Durations.saturatedAdd(this.nanos.get(),
				Durations.saturatedNanos(Durations.requireNonNegative(duration, "duration")));
		if (wakeUp instanceof CompletableFuture<?> future) {
			future.whenComplete((result, failure) -> signalParkedThreads());
		}
		this.lock.lockInterruptibly();
		try {
			while (!wakeUp.isDone() && this.nanos.get() < until) {
				if (wakeUp instanceof CompletableFuture<?>) {
					this.advanced.await();
				}
				else {
					this.advanced.await(10, TimeUnit.MILLISECONDS);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signalParkedThreads() {
		this.lock.lock();
		try {
			this.advanced.signalAll();
		}
		finally {
			this.lock.unlock();
		}
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
