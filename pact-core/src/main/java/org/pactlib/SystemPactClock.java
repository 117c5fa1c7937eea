package org.pactlib;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link PactClock} of the JVM. Its sleeps park the thread (they never spin).
 */
final class SystemPactClock implements PactClock {

	static final SystemPactClock INSTANCE = new SystemPactClock();

	private SystemPactClock() {
	}

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public void sleep(Duration duration) throws InterruptedException {
		TimeUnit.NANOSECONDS.sleep(Durations.saturatedNanos(Durations.requireNonNegative(duration, "duration")));
	}

	@Override
	public void sleep(Duration duration, Future<?> wakeUp) throws InterruptedException {
		long nanos = Durations.saturatedNanos(Durations.requireNonNegative(duration, "duration"));
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		try {
			wakeUp.get(nanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException | CancellationException ex) {
			// woken by the end of the sleep or by the future, which is all that is asked for
		}
	}

	@Override
	public String toString() {
		return "PactClock.system()";
	}

}
