package org.pactlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * The waiting of {@link PactBase#await()}: poll, then sleep on the pact's clock until the next poll,
 * the end of the pact or a wake-up, as {@code FutureTask.awaitDone} waits; a pact polled in the
 * background is only waited for. The last sleep is cut to the time left, so a wait times out exactly
 * at its limit.
 */
final class Waiting {

	private Waiting() {
	}

	/**
	 * Waits, polling with {@code backoff}. It polls at least once, and its last sleep is cut to the time
	 * left, so a wait times out exactly at its limit. A pact that has finished returns at once. A sleep
	 * ends early when the pact ends on another thread or is woken up.
	 */
	static void await(PactBase pact, Duration timeout, Backoff backoff) {
		Durations.requireNonNegativeOrNull(timeout, "timeout");
		PactClock clock = pact.clock();
		long start = clock.nanoTime();
		Duration limit = timeout;
		boolean limitIsDeadline = false;
		if (limit == null && pact.getTimeout() != null) {
			limit = pact.getTimeout().minusNanos(start - pact.createdNanos);
			limit = limit.isNegative() ? Duration.ZERO : limit;
			limitIsDeadline = true;
		}
		long limitNanos = (limit != null) ? Durations.saturatedNanos(limit) : Long.MAX_VALUE;
		WaitNode signal = null;
		try {
			for (long polls = 0;; polls++) {
				if (signal == null || signal.isDone()) {
					signal = pact.pushWaiter();
				}
				if (pollForAwait(pact)) {
					return;
				}
				long left = (limit != null) ? limitNanos - (clock.nanoTime() - start) : Long.MAX_VALUE;
				if (left <= 0) {
					throw timedOut(pact, limit, limitIsDeadline);
				}
				Duration pause = Duration.ofNanos(Math.min(backoff.delayNanos(polls), left));
				try {
					if (pact.isPolledInBackground()) {
						clock.park(pause, signal);
					}
					else {
						clock.sleep(pause, signal);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new PactInterruptedException(pact, ex);
				}
			}
		}
		finally {
			if (signal != null) {
				pact.removeWaiter(signal);
			}
		}
	}

	private static boolean pollForAwait(PactBase pact) {
		if (pact.isPolledInBackground() ? pact.isFinished() : pact.poll()) {
			return true;
		}
		return switch (pact.state()) {
			case FAILED -> {
				PactFailedException failure = pact.getFailure();
				throw new PactFailedException(pact, failure.getReason(), failure.getCause());
			}
			case CANCELLED -> throw new CancellationException(pact + " was cancelled");
			default -> false;
		};
	}

	private static RuntimeException timedOut(PactBase pact, Duration waited, boolean waitedForDeadline) {
		List<PendingPact> pending = new ArrayList<>();
		pact.collectPending(pending);
		TimeoutExpiredException timeoutException = new TimeoutExpiredException(pact, waited,
				waitedForDeadline ? Durations.computedSeconds(waited) : Durations.seconds(waited), pending);
		UserCode.runAll(pact.timeoutCallbacks, timeoutException);
		Function<? super TimeoutExpiredException, ? extends RuntimeException> factory = pact.timeoutExceptionFactory();
		if (factory == null) {
			return timeoutException;
		}
		RuntimeException converted = factory.apply(timeoutException);
		if (converted == null) {
			throw new NullPointerException("The timeoutException factory of " + pact + " returned null for: "
					+ timeoutException.getMessage());
		}
		if (converted != timeoutException) {
			for (Throwable callbackFailure : timeoutException.getSuppressed()) {
				converted.addSuppressed(callbackFailure);
			}
		}
		return converted;
	}

}
