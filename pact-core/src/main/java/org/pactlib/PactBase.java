package org.pactlib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What {@link Pact} and {@link PactGroup} have in common: polling, waiting, deadlines, outcomes and
 * callbacks.
 *
 * <p>A pact is polled: a poll runs the {@code during} callbacks, then evaluates what the pact waits for
 * (a pact's conditions, a group's members). The poll that finds it all done finishes the pact and runs
 * its {@code then} callbacks, then its {@code lastly} callbacks, each list in the order added and each
 * callback exactly once. A callback that throws does not stop the others: the poll throws the first
 * exception after all ran, with the later ones {@linkplain Throwable#addSuppressed suppressed}.
 *
 * <p><b>Outcomes.</b> A pact ends once, in one of three {@linkplain PactState states}:
 * <ul>
 * <li>{@link PactState#FINISHED}: every condition held. {@code then}, then {@code lastly} callbacks run;
 * {@code await} returns.</li>
 * <li>{@link PactState#FAILED}: a failure was declared ({@link #fail(String)}, {@link Pact#failWhen},
 * an exception type given to {@link Pact.Builder#failOn}, a failed {@link Pact#untilComplete
 * stage}, a failed member of a group). Only {@code lastly} callbacks run; {@code await} throws
 * {@link PactFailedException}.</li>
 * <li>{@link PactState#CANCELLED}: {@link #cancel()} was called. Only {@code lastly} callbacks run;
 * {@code await} throws {@link CancellationException}.</li>
 * </ul>
 * The end callbacks run on the thread that ended the pact; {@link #toCompletableFuture() futures}
 * complete and waiters wake after them.
 *
 * <p><b>Thread safety.</b> Any thread may poll, await, end or add callbacks to any pact at any time.
 * Each pact has one lock guarding all of its mutable state, and that lock is never held while user code
 * runs: a poll claims the pact under the lock (a second poller waits for the first, so one pact's
 * conditions never run on two threads at once), evaluates without it, and records the outcome under it
 * again; the step that ends the pact, by a poll, {@code fail} or {@code cancel}, takes the {@code then}
 * and {@code lastly} callbacks out of their lists, so exactly one thread runs them, and a callback
 * added after that step runs at once on the thread that adds it. A group polls its members with their
 * own locks and never holds its lock while doing so.
 */
public abstract class PactBase {

	static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	private static final Runnable[] NO_CALLBACKS = {};

	private static final VarHandle WAKE_UP;

	static {
		try {
			WAKE_UP = MethodHandles.lookup().findVarHandle(PactBase.class, "wakeUp", CompletableFuture.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final ReentrantLock lock = new ReentrantLock();

	private final Condition pollCompleted = this.lock.newCondition();

	private final boolean lazy;

	private final Duration timeout;

	private final Backoff backoff;

	private final long createdNanos;

	private final Instant createdAt;

	private volatile PactState state = PactState.PENDING;

	private volatile PactFailedException failure;

	private volatile boolean deadlinePassed;

	private volatile long pollCount;

	private volatile long lastPollNanos;

	private volatile Runnable backgroundPoller;

	private volatile PactGroup[] groups = {};

	@SuppressWarnings("unused")
	private volatile CompletableFuture<Void> wakeUp;

	private volatile Thread pollingThread;

	private List<Runnable> thenCallbacks = new ArrayList<>();

	private List<Runnable> lastlyCallbacks = new ArrayList<>();

	private volatile Runnable[] duringCallbacks = NO_CALLBACKS;

	private volatile Runnable[] timeoutCallbacks = NO_CALLBACKS;

	private List<CompletableFuture<Void>> futures;

	PactBase(Builder<?> builder, PactClock creationClock) {
		this.lazy = builder.lazy;
		this.timeout = builder.timeout;
		this.backoff = builder.backoff;
		this.createdNanos = creationClock.nanoTime();
		this.createdAt = creationClock.instant();
	}

	/**
	 * Returns the clock this pact measures its deadline and waits on.
	 * @return the clock, never {@code null}
	 */
	public abstract PactClock clock();

	/**
	 * Evaluates what this pact waits for. Called by the one thread that is polling, without the lock.
	 * @return whether everything held
	 * @throws PactFailedException naming this pact when it must fail
	 */
	abstract boolean evaluate();

	/**
	 * Confirms the outcome of {@link #evaluate()} under the lock, after it returned or threw.
	 * @param finished what {@code evaluate} returned, {@code false} if it threw
	 * @return whether the pact is finished
	 */
	boolean settle(boolean finished) {
		return finished;
	}

	/**
	 * Called once, on the cancelling thread, without the lock, right after this pact was cancelled.
	 */
	void afterCancel() {
	}

	/**
	 * Returns the factory that turns a {@link TimeoutExpiredException} of this pact into what
	 * {@code await} throws.
	 * @return the factory, or {@code null} to throw the {@code TimeoutExpiredException} itself
	 */
	abstract Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory();

	/**
	 * Adds the pacts that keep this one pending, with what is known of them, for diagnostics.
	 */
	abstract void collectPending(List<PendingPact> pending);

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
	 * Returns why this pact failed.
	 * @return the failure, or {@code null} unless the state is {@link PactState#FAILED}
	 */
	public PactFailedException getFailure() {
		return this.failure;
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
	 * Returns how long {@link #await()} sleeps before its second poll.
	 * @return the first interval of this pact's backoff
	 */
	public Duration getPollInterval() {
		return this.backoff.getInitial();
	}

	/**
	 * Returns how long this pact waits between two polls.
	 * @return the backoff used by {@link #await()} and by background pollers
	 */
	public Backoff getBackoff() {
		return this.backoff;
	}

	/**
	 * Returns when this pact was created, on its clock.
	 * @return the creation instant
	 */
	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/**
	 * Returns the instant of the deadline, on this pact's clock.
	 * @return the deadline, or {@code null} when there is none
	 */
	public Instant getDeadline() {
		if (this.timeout == null) {
			return null;
		}
		return (Duration.between(this.createdAt, Instant.MAX).compareTo(this.timeout) > 0)
				? this.createdAt.plus(this.timeout) : Instant.MAX;
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
	 * Returns whether a poll found this pact still pending after its deadline.
	 * @return {@code true} once the deadline passed while pending
	 */
	public boolean isDeadlinePassed() {
		return this.deadlinePassed;
	}

	/**
	 * Returns how many polls evaluated this pact.
	 * @return the number of polls so far
	 */
	public long getPollCount() {
		return this.pollCount;
	}

	/**
	 * Returns when the last poll of this pact ended, on its clock.
	 * @return the instant, or {@code null} before the first poll
	 */
	public Instant getLastPolledAt() {
		return (this.pollCount > 0) ? this.createdAt.plusNanos(this.lastPollNanos - this.createdNanos) : null;
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
		Throwable thrown = null;
		boolean held = false;
		PactFailedException failure = null;
		Ending ending;
		try {
			thrown = runEach(this.duringCallbacks, null);
			held = evaluate();
		}
		catch (Throwable ex) {
			if (ex instanceof PactFailedException failed && failed.getPact() == this) {
				failure = failed;
			}
			else {
				thrown = chain(ex, thrown);
			}
		}
		finally {
			ending = completePoll(held, failure);
		}
		if (ending != null) {
			thrown = ending.run(thrown);
		}
		if (thrown != null) {
			throw sneakyThrow(thrown);
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

	private Ending completePoll(boolean held, PactFailedException failure) {
		long now = clock().nanoTime();
		this.lock.lock();
		try {
			this.pollingThread = null;
			this.pollCompleted.signalAll();
			this.lastPollNanos = now;
			this.pollCount++;
			boolean finished = settle(held);
			if (this.state.isEnded()) {
				return null;
			}
			if (finished) {
				return endUnderLock(PactState.FINISHED, null);
			}
			if (failure != null) {
				return endUnderLock(PactState.FAILED, failure);
			}
			if (this.timeout != null && !this.deadlinePassed
					&& now - this.createdNanos >= Durations.saturatedNanos(this.timeout)) {
				this.deadlinePassed = true;
				return new Ending(null, takeFutures());
			}
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Ending endUnderLock(PactState outcome, PactFailedException failure) {
		List<Runnable> callbacks = new ArrayList<>();
		if (outcome == PactState.FINISHED) {
			callbacks.addAll(this.thenCallbacks);
		}
		callbacks.addAll(this.lastlyCallbacks);
		this.thenCallbacks = List.of();
		this.lastlyCallbacks = List.of();
		this.duringCallbacks = NO_CALLBACKS;
		this.timeoutCallbacks = NO_CALLBACKS;
		this.failure = failure;
		this.state = outcome;
		return new Ending(callbacks.toArray(NO_CALLBACKS), takeFutures());
	}

	private List<CompletableFuture<Void>> takeFutures() {
		List<CompletableFuture<Void>> taken = this.futures;
		this.futures = null;
		return (taken != null) ? taken : List.of();
	}

	/**
	 * Fails this pact if it is pending: its {@code lastly} callbacks run on this thread, waiters wake
	 * with a {@link PactFailedException}, and its conditions are never evaluated again.
	 * @param reason why the operation failed
	 * @return {@code true} if this call failed the pact, {@code false} if it had already ended
	 * @throws RuntimeException the first exception thrown by a {@code lastly} callback, after all ran
	 */
	public boolean fail(String reason) {
		return fail(Objects.requireNonNull(reason, "reason"), null);
	}

	/**
	 * Fails this pact because of {@code cause}, like {@link #fail(String)}.
	 * @param cause what made the operation fail
	 * @return {@code true} if this call failed the pact, {@code false} if it had already ended
	 */
	public boolean fail(Throwable cause) {
		Objects.requireNonNull(cause, "cause");
		return fail(String.valueOf(cause), cause);
	}

	private boolean fail(String reason, Throwable cause) {
		return end(PactState.FAILED, new PactFailedException(this, reason, cause));
	}

	/**
	 * Cancels this pact if it is pending: its conditions are never evaluated again (a poll already
	 * running on another thread completes, and its result is dropped), its {@code lastly} callbacks run
	 * on this thread, and waiters wake at once with a {@link CancellationException}. Cancelling a group
	 * also cancels its pending members.
	 * @return {@code true} if this call cancelled the pact, {@code false} if it had already ended
	 * @throws RuntimeException the first exception thrown by a {@code lastly} callback, after all ran
	 */
	public boolean cancel() {
		if (!end(PactState.CANCELLED, null)) {
			return false;
		}
		afterCancel();
		return true;
	}

	private boolean end(PactState outcome, PactFailedException failure) {
		Ending ending;
		this.lock.lock();
		try {
			if (this.state.isEnded()) {
				return false;
			}
			ending = endUnderLock(outcome, failure);
		}
		finally {
			this.lock.unlock();
		}
		Throwable thrown = ending.run(null);
		if (thrown != null) {
			throw sneakyThrow(thrown);
		}
		return true;
	}

	/**
	 * Returns a future that completes when this pact ends: normally when it finishes, exceptionally with
	 * a {@link PactFailedException} when it fails, with a {@link TimeoutExpiredException} when a poll
	 * finds its deadline passed, and cancelled when it is cancelled. It completes after the pact's end
	 * callbacks ran. Cancelling the future cancels the pact; completing it by other means does not
	 * affect the pact. Each call returns a new future.
	 * @return a future of this pact's outcome
	 */
	public CompletableFuture<Void> toCompletableFuture() {
		CompletableFuture<Void> future = new CancellingFuture(this);
		this.lock.lock();
		try {
			if (!this.state.isEnded() && !this.deadlinePassed) {
				if (this.futures == null) {
					this.futures = new ArrayList<>(1);
				}
				this.futures.add(future);
				return future;
			}
		}
		finally {
			this.lock.unlock();
		}
		complete(future);
		return future;
	}

	private void complete(CompletableFuture<Void> future) {
		switch (this.state) {
			case FINISHED -> future.complete(null);
			case FAILED -> future.completeExceptionally(this.failure);
			case CANCELLED -> future.completeExceptionally(new CancellationException(this + " was cancelled"));
			case PENDING -> future.completeExceptionally(new TimeoutExpiredException(this, this.timeout,
					Durations.seconds(this.timeout)));
		}
	}

	/**
	 * Hands this pact to a background poller, such as a registry: from then on {@code await} no longer
	 * polls it but waits for the poller to end it, and whatever may let the pact end early (a
	 * {@link Pact#untilComplete stage} completing) calls
	 * {@code onWakeUp}, which must return quickly. A pact has at most one background poller.
	 * @param onWakeUp asks the poller to poll this pact soon; called on any thread
	 * @throws IllegalStateException if the pact already has a background poller
	 */
	public void pollInBackground(Runnable onWakeUp) {
		Objects.requireNonNull(onWakeUp, "onWakeUp");
		this.lock.lock();
		try {
			if (this.backgroundPoller != null) {
				throw new IllegalStateException(this + " is already polled in the background");
			}
			this.backgroundPoller = onWakeUp;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns whether a background poller polls this pact, so that {@code await} only waits.
	 * @return {@code true} after {@link #pollInBackground(Runnable)}
	 */
	public boolean isPolledInBackground() {
		return this.backgroundPoller != null;
	}

	/**
	 * Wakes the threads awaiting this pact, asks its background poller to poll it soon, and does the
	 * same for the groups it is a member of, since they may now be able to end too (except a group whose
	 * poll on this thread is what woke it: that poll sees the change already).
	 */
	void wakeUp() {
		@SuppressWarnings("unchecked")
		CompletableFuture<Void> signal = (CompletableFuture<Void>) WAKE_UP.getAndSet(this, null);
		if (signal != null) {
			signal.complete(null);
		}
		Runnable poller = this.backgroundPoller;
		if (poller != null && !this.state.isEnded()) {
			poller.run();
		}
		for (PactGroup group : this.groups) {
			if (!group.state().isEnded() && ((PactBase) group).pollingThread != Thread.currentThread()) {
				group.wakeUp();
			}
		}
	}

	/**
	 * Records that this pact became a member of {@code group}, which it then wakes up with itself.
	 */
	void joined(PactGroup group) {
		this.lock.lock();
		try {
			this.groups = append(this.groups, group);
		}
		finally {
			this.lock.unlock();
		}
	}

	private CompletableFuture<Void> wakeUpSignal() {
		CompletableFuture<Void> signal = this.wakeUp;
		while (signal == null) {
			CompletableFuture<Void> fresh = new CompletableFuture<>();
			signal = WAKE_UP.compareAndSet(this, null, fresh) ? fresh : this.wakeUp;
		}
		return signal;
	}

	/**
	 * Runs {@code callback} once this pact finishes: at the end of the poll that finishes it, after the
	 * {@code then} callbacks added before it; at once, on this thread, if it has already finished. Never
	 * runs if the pact fails or is cancelled.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase then(Runnable callback) {
		addEndCallback(callback, true);
		return this;
	}

	/**
	 * Runs {@code callback} once this pact ends, whatever the outcome, after all of its {@code then}
	 * callbacks (cleanup); at once, on this thread, if it has already ended.
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

	/**
	 * Runs this pact's {@code onTimeout} callbacks, in order, on this thread, as {@code await} does when
	 * it times out; for background pollers that report a passed deadline.
	 * @return the first exception a callback threw, with the later ones suppressed, or {@code null}
	 */
	public Throwable runTimeoutCallbacks() {
		return runEach(this.timeoutCallbacks, null);
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
	 * Moves the pending {@code then} and {@code lastly} callbacks of {@code pact} to the end of this
	 * pact's lists. Must be called with this pact's lock held, while it is pending.
	 */
	void absorbEndCallbacks(PactBase pact) {
		pact.lock.lock();
		try {
			this.thenCallbacks.addAll(pact.thenCallbacks);
			this.lastlyCallbacks.addAll(pact.lastlyCallbacks);
			if (!pact.state.isEnded()) {
				pact.thenCallbacks = new ArrayList<>();
				pact.lastlyCallbacks = new ArrayList<>();
			}
		}
		finally {
			pact.lock.unlock();
		}
	}

	/**
	 * Waits until this pact finishes or its deadline passes (at once if it has passed), polling it with
	 * its backoff (every second by default); without a deadline, waits as long as it takes. A pact
	 * polled in the background is not polled but waited for, {@linkplain PactClock#park parked} on its
	 * clock: on a {@link VirtualClock}, where waiting for an unpolled pact advances the time, waiting for
	 * a pact polled in the background leaves the time to the test.
	 * @throws TimeoutExpiredException (or what the pact's timeout exception factory makes of it) when
	 * the deadline passes first, after every {@code onTimeout} callback ran
	 * @throws PactFailedException if the pact failed
	 * @throws CancellationException if the pact was cancelled
	 * @throws PactInterruptedException if the thread is interrupted (its interrupt flag stays set)
	 * @throws RuntimeException what a poll threw
	 */
	public void await() {
		await(null, this.backoff);
	}

	/**
	 * Waits until this pact finishes or {@code timeout} passes, polling it with its backoff.
	 * @param timeout how long to wait, which replaces the deadline; {@code null} to use the deadline
	 * @throws IllegalArgumentException if the timeout is negative
	 * @see #await()
	 */
	public void await(Duration timeout) {
		await(timeout, this.backoff);
	}

	/**
	 * Waits until this pact finishes or {@code timeout} passes, polling it every {@code pollInterval}.
	 * @param timeout how long to wait, which replaces the deadline; {@code null} to use the deadline
	 * @param pollInterval how long to sleep between two polls
	 * @throws IllegalArgumentException if the timeout is negative or the interval is not positive
	 * @see #await()
	 */
	public void await(Duration timeout, Duration pollInterval) {
		await(timeout, Backoff.fixed(Durations.requirePositive(pollInterval, "pollInterval")));
	}

	/**
	 * Waits, polling with {@code backoff}. It polls at least once, and its last sleep is cut to the time
	 * left, so a wait times out exactly at its limit. A pact that has finished returns at once. A sleep
	 * ends early when the pact ends on another thread or a stage it waits for completes.
	 */
	private void await(Duration timeout, Backoff backoff) {
		Durations.requireNonNegativeOrNull(timeout, "timeout");
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
		for (long polls = 0;; polls++) {
			CompletableFuture<Void> signal = wakeUpSignal();
			if (pollForAwait()) {
				return;
			}
			long left = (limit != null) ? limitNanos - (clock.nanoTime() - start) : Long.MAX_VALUE;
			if (left <= 0) {
				throw timedOut(limit, limitIsDeadline);
			}
			Duration pause = Duration.ofNanos(Math.min(Durations.saturatedNanos(backoff.delay(polls)), left));
			try {
				if (this.backgroundPoller != null) {
					clock.park(pause, signal);
				}
				else {
					clock.sleep(pause, signal);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PactInterruptedException(this, ex);
			}
		}
	}

	private boolean pollForAwait() {
		if ((this.backgroundPoller != null) ? isFinished() : poll()) {
			return true;
		}
		return switch (this.state) {
			case FAILED -> throw new PactFailedException(this, this.failure.getReason(), this.failure.getCause());
			case CANCELLED -> throw new CancellationException(this + " was cancelled");
			default -> false;
		};
	}

	private RuntimeException timedOut(Duration waited, boolean waitedForDeadline) {
		List<PendingPact> pending = new ArrayList<>();
		collectPending(pending);
		TimeoutExpiredException timeoutException = new TimeoutExpiredException(this, waited,
				waitedForDeadline ? Durations.computedSeconds(waited) : Durations.seconds(waited), pending);
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

	static Throwable runEach(Runnable[] callbacks, Throwable thrown) {
		for (Runnable callback : callbacks) {
			try {
				callback.run();
			}
			catch (Throwable ex) {
				thrown = chain(thrown, ex);
			}
		}
		return thrown;
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
	static <T extends Throwable> RuntimeException sneakyThrow(Throwable ex) throws T {
		throw (T) ex;
	}

	/**
	 * What the step that ends a pact (or passes its deadline) leaves to do once the lock is released:
	 * the callbacks to run, then the futures to complete and, if the pact ended, the waiters to wake.
	 * Callbacks are {@code null} when only the deadline passed.
	 */
	private final class Ending {

		private final Runnable[] callbacks;

		private final List<CompletableFuture<Void>> futures;

		Ending(Runnable[] callbacks, List<CompletableFuture<Void>> futures) {
			this.callbacks = callbacks;
			this.futures = futures;
		}

		Throwable run(Throwable thrown) {
			if (this.callbacks == null) {
				this.futures.forEach(PactBase.this::complete);
				return thrown;
			}
			try {
				return runEach(this.callbacks, thrown);
			}
			finally {
				this.futures.forEach(PactBase.this::complete);
				wakeUp();
			}
		}

	}

	/**
	 * A future of this pact's outcome whose cancellation cancels the pact.
	 */
	private static final class CancellingFuture extends CompletableFuture<Void> {

		private final PactBase pact;

		CancellingFuture(PactBase pact) {
			this.pact = pact;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			this.pact.cancel();
			return super.cancel(mayInterruptIfRunning) || isCancelled();
		}

	}

	/**
	 * The settings that the builders of pacts and groups share. Not thread-safe; each call checks its
	 * argument at once.
	 *
	 * @param <B> the builder's own type, returned by each call for chaining
	 */
	public abstract static class Builder<B extends Builder<B>> {

		Duration timeout;

		boolean lazy = true;

		PactClock clock;

		Backoff backoff = Backoff.fixed(DEFAULT_POLL_INTERVAL);

		Builder(PactClock clock) {
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

}
