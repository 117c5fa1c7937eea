package org.pactlib;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link PactClock} whose time moves only when told: by {@link #advance(Duration)}, or by a
 * {@link #sleep(Duration) sleep}, which advances the time at once and returns. Waits of any length
 * therefore take no real time, which makes timing tests exact and fast.
 *
 * <p>A thread that {@linkplain #park parks} on it, as {@code await} does on a pact polled in the
 * background, waits for other threads to advance the time: the time moves only where a test says so.
 *
 * <p>Thread-safe: every thread sees one timeline, and concurrent advances add up. Time never goes
 * back: an advance past the largest representable time stops there.
 */
public final class VirtualClock implements PactClock {

	private final Instant origin;

	private final AtomicLong nanos = new AtomicLong();

	private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

	private final Map<Future<?>, Boolean> watched = Collections.synchronizedMap(new WeakHashMap<>());

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
	 * Moves this clock's time forward, and wakes the threads parked on it.
	 * @param duration how far; zero does nothing
	 * @throws IllegalArgumentException if the duration is negative (time never goes back)
	 */
	public void advance(Duration duration) {
		long step = Durations.saturatedNanos(Durations.requireNonNegative(duration, "duration"));
		this.nanos.getAndUpdate((now) -> Durations.saturatedAdd(now, step));
		this.parked.forEach(LockSupport::unpark);
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
	 * {@code wakeUp} is done; never moves the clock. Without either, it waits for good. Waiting many
	 * times on one future registers one completion action on it at most.
	 * @throws InterruptedException if the calling thread is interrupted before or while waiting
	 */
	@Override
	public void park(Duration duration, Future<?> wakeUp) throws InterruptedException {
		long until = Durations.saturatedAdd(this.nanos.get(),
				Durations.saturatedNanos(Durations.requireNonNegative(duration, "duration")));
		boolean signalled = watch(wakeUp);
		Thread current = Thread.currentThread();
		this.parked.add(current);
		try {
			while (!wakeUp.isDone() && this.nanos.get() < until) {
				if (Thread.interrupted()) {
					throw new InterruptedException();
				}
				if (signalled) {
					LockSupport.park(this);
				}
				else {
					LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
				}
			}
		}
		finally {
			this.parked.remove(current);
		}
	}

	/**
	 * Makes sure the parked threads are unparked when {@code wakeUp} completes.
	 * @return whether they will be (else the caller must check it now and then)
	 */
	private boolean watch(Future<?> wakeUp) {
		if (wakeUp instanceof WaitNode) {
			return true;
		}
		if (!(wakeUp instanceof CompletableFuture<?> future)) {
			return false;
		}
		if (this.watched.putIfAbsent(future, Boolean.TRUE) == null) {
			future.whenComplete((result, failure) -> this.parked.forEach(LockSupport::unpark));
		}
		return true;
	}

	@Override
	public Instant instant() {
		long now = this.nanos.get();
		return (now == Long.MAX_VALUE) ? this.origin.plusSeconds(now / 1_000_000_000L) : this.origin.plusNanos(now);
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
