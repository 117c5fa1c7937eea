package org.pactlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What {@link Pact} and {@link PactGroup} have in common: polling, waiting, deadlines and callbacks.
 *
 * <p>A pact is polled: a poll runs the {@code during} callbacks, then evaluates what the pact waits for
 * (a pact's conditions, a group's members). The poll that finds it all done finishes the pact and runs
 * its {@code then} callbacks, then its {@code lastly} callbacks, each list in the order added and each
 * callback exactly once. A callback that throws does not stop the others: the poll throws the first
 * exception after all ran, with the later ones {@linkplain Throwable#addSuppressed suppressed}.
 *
 * <p><b>Thread safety.</b> Any thread may poll, await or add callbacks at any time. Each pact has one
 * lock guarding all of its mutable state, and that lock is never held while user code runs: a poll
 * claims the pact under the lock (a second poller waits for the first, so one pact's conditions never
 * run on two threads at once), evaluates without it, and records the outcome under it again; the step
 * that ends the pact takes the {@code then} and {@code lastly} callbacks out of their lists, so exactly
 * one thread runs them, and a callback added after that step runs at once on the thread that adds it.
 * A group polls its members with their own locks and never holds its lock while doing so.
 */
public abstract class PactBase {

	static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	private static final Runnable[] NO_CALLBACKS = {};

	final ReentrantLock lock = new ReentrantLock();

	private final Condition pollCompleted = this.lock.newCondition();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final boolean lazy;

	private final Duration timeout;

	private final Duration pollInterval;

	private final long createdNanos;

	private volatile PactState state = PactState.PENDING;

	private Thread pollingThread;

	private List<Runnable> thenCallbacks = new ArrayList<>();

	private List<Runnable> lastlyCallbacks = new ArrayList<>();

	private volatile Runnable[] duringCallbacks = NO_CALLBACKS;

	private volatile Runnable[] timeoutCallbacks = NO_CALLBACKS;

	PactBase(PactClock creationClock, boolean lazy, Duration timeout, Duration pollInterval) {
		this.lazy = lazy;
		this.timeout = Durations.requireNonNegativeOrNull(timeout, "timeout");
		this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
		this.createdNanos = creationClock.nanoTime();
	}

	/**
	 * Returns the clock this pact measures its deadline and waits on.
	 * @return the clock, never {@code null}
	 */
	public abstract PactClock clock();

	/**
	 * Evaluates what this pact waits for. Called by the one thread that is polling, without the lock.
	 * @return {@link PactState#FINISHED} when everything held, else {@link PactState#PENDING}
	 */
	abstract PactState evaluate();

	/**
	 * Confirms the outcome of {@link #evaluate()} under the lock, after it returned or threw.
	 * @param outcome what {@code evaluate} returned, or {@code PENDING} if it threw
	 * @return the outcome to record
	 */
	PactState settle(PactState outcome) {
		return outcome;
	}

	/**
	 * Returns the factory that turns a {@link TimeoutExpiredException} of this pact into what
	 * {@code await} throws.
	 * @return the factory, or {@code null} to throw the {@code TimeoutExpiredException} itself
	 */
	abstract Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory();

	/**
	 * Returns whether this pact has finished, without evaluating anything.
	 * @return {@code true} once a poll found everything held
	 */
	public boolean isFinished() {
		return this.state == PactState.FINISHED;
	}

	/**
	 * Returns where this pact is in its life, without evaluating anything.
	 * @return the current state
	 */
	public PactState state() {
		return this.state;
	}

	/**
	 * Returns whether this pact evaluates lazily (stops at the first condition or member that does not
	 * hold) rather than eagerly (evaluates every one not held yet on each poll).
	 * @return {@code true} when lazy
	 */
	public boolean isLazy() {
		return this.lazy;
	}

	/**
	 * Returns the time from creation within which this pact is expected to finish.
	 * @return the timeout, or {@code null} when this pact has no deadline
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Returns how long {@link #await()} sleeps between two polls.
	 * @return the poll interval, always positive
	 */
	public Duration getPollInterval() {
		return this.pollInterval;
	}

	/**
	 * Returns how much of the deadline is left, on this pact's clock.
	 * @return the time left (zero or negative once passed), or {@code null} when there is no deadline
	 */
	public Duration remaining() {
		if (this.timeout == null) {
			return null;
		}
		return this.timeout.minusNanos(clock().nanoTime() - this.createdNanos);
	}

	/**
	 * Polls this pact once: runs the {@code during} callbacks, then evaluates its conditions or members;
	 * if everything held, the pact finishes and its {@code then} and then {@code lastly} callbacks run on
	 * this thread. Does nothing once the pact has ended. If another thread is polling this pact, waits
	 * for that poll to complete first.
	 * @return whether the pact is finished
	 * @throws RuntimeException the first exception thrown by a condition or a callback of this poll; a
	 * condition that throws leaves the pact pending, a callback that throws does not
	 * @throws PactInterruptedException if interrupted while waiting for another thread's poll
	 * @throws IllegalStateException if called from inside a poll of this same pact
	 */
	public boolean poll() {
		return poll(true);
	}

	/**
	 * Polls this pact like {@link #poll()}, unless another thread is polling it right now, in which case
	 * it returns at once.
	 * @return whether the pact is finished
	 */
	public boolean tryPoll() {
		return poll(false);
	}

	private boolean poll(boolean waitForOtherPoll) {
		if (this.state.isEnded() || !claimPoll(waitForOtherPoll)) {
			return isFinished();
		}
		Throwable failure = null;
		PactState outcome = PactState.PENDING;
		Runnable[] endCallbacks = null;
		try {
			failure = runEach(this.duringCallbacks, null);
			outcome = evaluate();
		}
		catch (Throwable ex) {
			outcome = PactState.PENDING;
			failure = chain(ex, failure);
		}
		finally {
			endCallbacks = completePoll(outcome);
		}
		if (endCallbacks != null) {
			failure = runEndCallbacks(endCallbacks, failure);
		}
		if (failure != null) {
			throw sneakyThrow(failure);
		}
		return isFinished();
	}

	private boolean claimPoll(boolean waitForOtherPoll) {
		Thread current = Thread.currentThread();
		this.lock.lock();
		try {
			while (this.pollingThread != null) {
				if (this.pollingThread == current) {
					throw new IllegalStateException(this + " was polled from inside its own poll (by one of its "
							+ "conditions or callbacks); a pact cannot wait for itself");
				}
				if (!waitForOtherPoll) {
					return false;
				}
				try {
					this.pollCompleted.await();
				}
				catch (InterruptedException ex) {
					current.interrupt();
					throw new PactInterruptedException(this, ex);
				}
			}
			if (this.state.isEnded()) {
				return false;
			}
			this.pollingThread = current;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Runnable[] completePoll(PactState outcome) {
		this.lock.lock();
		try {
			this.pollingThread = null;
			this.pollCompleted.signalAll();
			PactState settled = settle(outcome);
			return settled.isEnded() ? endUnderLock(settled) : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Runnable[] endUnderLock(PactState outcome) {
		List<Runnable> callbacks = new ArrayList<>();
		if (outcome == PactState.FINISHED) {
			callbacks.addAll(this.thenCallbacks);
		}
		callbacks.addAll(this.lastlyCallbacks);
		this.thenCallbacks = List.of();
		this.lastlyCallbacks = List.of();
		this.duringCallbacks = NO_CALLBACKS;
		this.timeoutCallbacks = NO_CALLBACKS;
		this.state = outcome;
		return callbacks.toArray(NO_CALLBACKS);
	}

	private Throwable runEndCallbacks(Runnable[] callbacks, Throwable failure) {
		try {
			return runEach(callbacks, failure);
		}
		finally {
			this.ended.complete(null);
		}
	}

	/**
	 * Runs {@code callback} once this pact finishes: at the end of the poll that finishes it, after the
	 * {@code then} callbacks added before it; at once, on this thread, if it has already finished.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase then(Runnable callback) {
		addEndCallback(callback, true);
		return this;
	}

	/**
	 * Runs {@code callback} once this pact ends, after all of its {@code then} callbacks (cleanup); at
	 * once, on this thread, if it has already ended.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase lastly(Runnable callback) {
		addEndCallback(callback, false);
		return this;
	}

	/**
	 * Runs {@code callback} at the start of every poll while this pact is pending. Accepted and never
	 * run once the pact has ended.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase during(Runnable callback) {
		Objects.requireNonNull(callback, "callback");
		this.lock.lock();
		try {
			if (!this.state.isEnded()) {
				this.duringCallbacks = append(this.duringCallbacks, callback);
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * Runs {@code callback} each time an {@code await} of this pact times out, before the timeout
	 * exception is thrown. Accepted and never run once the pact has ended.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase onTimeout(Runnable callback) {
		Objects.requireNonNull(callback, "callback");
		this.lock.lock();
		try {
			if (!this.state.isEnded()) {
				this.timeoutCallbacks = append(this.timeoutCallbacks, callback);
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	private void addEndCallback(Runnable callback, boolean onlyOnSuccess) {
		Objects.requireNonNull(callback, "callback");
		this.lock.lock();
		try {
			if (!this.state.isEnded()) {
				(onlyOnSuccess ? this.thenCallbacks : this.lastlyCallbacks).add(callback);
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (!onlyOnSuccess || isFinished()) {
			callback.run();
		}
	}

	/**
	 * Takes the pending {@code then} and {@code lastly} callbacks of this pact away, for a group that
	 * absorbs it. Must be called with this pact's lock held.
	 * @return the then callbacks and the lastly callbacks, empty once the pact has ended
	 */
	List<List<Runnable>> takeEndCallbacks() {
		List<List<Runnable>> taken = List.of(List.copyOf(this.thenCallbacks), List.copyOf(this.lastlyCallbacks));
		if (!this.state.isEnded()) {
			this.thenCallbacks = new ArrayList<>();
			this.lastlyCallbacks = new ArrayList<>();
		}
		return taken;
	}

	/**
	 * Appends callbacks taken from an absorbed pact. Must be called with this pact's lock held, while it
	 * is pending.
	 */
	void appendEndCallbacks(List<List<Runnable>> callbacks) {
		this.thenCallbacks.addAll(callbacks.get(0));
		this.lastlyCallbacks.addAll(callbacks.get(1));
	}

	/**
	 * Waits until this pact finishes or its deadline passes (at once if it has passed), polling it every
	 * poll interval; without a deadline, waits as long as it takes.
	 * @throws TimeoutExpiredException (or what the pact's timeout exception factory makes of it) when
	 * the deadline passes first, after every {@code onTimeout} callback ran
	 * @throws PactInterruptedException if the thread is interrupted (its interrupt flag stays set)
	 * @throws RuntimeException what a poll threw
	 */
	public void await() {
		await(null, this.pollInterval);
	}

	/**
	 * Waits until this pact finishes or {@code timeout} passes, polling it every poll interval.
	 * @param timeout how long to wait, which replaces the deadline; {@code null} to use the deadline
	 * @throws IllegalArgumentException if the timeout is negative
	 * @see #await()
	 */
	public void await(Duration timeout) {
		await(timeout, this.pollInterval);
	}

	/**
	 * Waits until this pact finishes or {@code timeout} passes, polling it every {@code pollInterval}.
	 * It polls at least once, and its last sleep is cut to the time left, so a wait times out exactly at
	 * its limit. A pact that has finished returns at once.
	 * @param timeout how long to wait, which replaces the deadline; {@code null} to use the deadline
	 * @param pollInterval how long to sleep between two polls
	 * @throws IllegalArgumentException if the timeout is negative or the interval is not positive
	 * @see #await()
	 */
	public void await(Duration timeout, Duration pollInterval) {
		Durations.requireNonNegativeOrNull(timeout, "timeout");
		Durations.requirePositive(pollInterval, "pollInterval");
		PactClock clock = clock();
		long start = clock.nanoTime();
		Duration limit = timeout;
		boolean limitIsDeadline = false;
		if (limit == null && this.timeout != null) {
			limit = this.timeout.minusNanos(start - this.createdNanos);
			limit = limit.isNegative() ? Duration.ZERO : limit;
			limitIsDeadline = true;
		}
		long limitNanos = (limit != null) ? Durations.saturatedNanos(limit) : Long.MAX_VALUE;
		long sleepNanos = Durations.saturatedNanos(pollInterval);
		while (!poll()) {
			long left = (limit != null) ? limitNanos - (clock.nanoTime() - start) : Long.MAX_VALUE;
			if (left <= 0) {
				throw timedOut(limit, limitIsDeadline);
			}
			try {
				clock.sleep(Duration.ofNanos(Math.min(sleepNanos, left)), this.ended);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PactInterruptedException(this, ex);
			}
		}
	}

	private RuntimeException timedOut(Duration waited, boolean waitedForDeadline) {
		TimeoutExpiredException timeoutException = new TimeoutExpiredException(this, waited,
				waitedForDeadline ? Durations.computedSeconds(waited) : Durations.seconds(waited));
		runEach(this.timeoutCallbacks, timeoutException);
		Function<? super TimeoutExpiredException, ? extends RuntimeException> factory = timeoutExceptionFactory();
		if (factory == null) {
			return timeoutException;
		}
		RuntimeException thrown = factory.apply(timeoutException);
		if (thrown == null) {
			throw new NullPointerException("The timeoutException factory of " + this + " returned null for: "
					+ timeoutException.getMessage());
		}
		if (thrown != timeoutException) {
			for (Throwable callbackFailure : timeoutException.getSuppressed()) {
				thrown.addSuppressed(callbackFailure);
			}
		}
		return thrown;
	}

	static Throwable runEach(Runnable[] callbacks, Throwable failure) {
		for (Runnable callback : callbacks) {
			try {
				callback.run();
			}
			catch (Throwable ex) {
				failure = chain(failure, ex);
			}
		}
		return failure;
	}

	private static Throwable chain(Throwable first, Throwable later) {
		if (first == null) {
			return later;
		}
		if (later != null && later != first) {
			first.addSuppressed(later);
		}
		return first;
	}

	static <T> T[] append(T[] array, T element) {
		T[] copy = Arrays.copyOf(array, array.length + 1);
		copy[array.length] = element;
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> RuntimeException sneakyThrow(Throwable ex) throws T {
		throw (T) ex;
	}

}
