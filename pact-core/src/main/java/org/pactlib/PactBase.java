package org.pactlib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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
 * <p><b>Thread safety.</b> Any thread may poll, await, end or add callbacks to any pact at any time. No
 * lock is held while user code runs, and none at all guards the outcome: one atomic state word does,
 * and every change of it is a compare-and-set (its states are listed on the package-private
 * {@code PactOutcome}). A poll claims the pact in that word first, so one pact's conditions never run on
 * two threads at once (a second poller waits, {@link #tryPoll()} returns instead); adding a condition
 * or a member never waits: while another thread polls, it is handed to that poll, which cannot finish
 * the pact without it. Whichever thread ends the pact, by a poll, {@code fail} or
 * {@code cancel}, runs its end callbacks; a callback added after that runs at once on the thread that
 * adds it.
 */
public abstract class PactBase extends PollGate {

	static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	private static final Runnable[] NO_CALLBACKS = {};

	private static final VarHandle DURING;

	private static final VarHandle ON_TIMEOUT;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			DURING = lookup.findVarHandle(PactBase.class, "duringCallbacks", Runnable[].class);
			ON_TIMEOUT = lookup.findVarHandle(PactBase.class, "timeoutCallbacks", Runnable[].class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final boolean lazy;

	private final Duration timeout;

	private final Backoff backoff;

	private final long createdEpochSecond;

	private final int createdNano;

	volatile Runnable[] duringCallbacks = NO_CALLBACKS;

	volatile Runnable[] timeoutCallbacks = NO_CALLBACKS;

	PactBase(Builder<?> builder, PactClock creationClock) {
		super(creationClock.nanoTime(),
				(builder.timeout != null) ? Durations.saturatedNanos(builder.timeout) : Long.MAX_VALUE);
		this.lazy = builder.lazy;
		this.timeout = builder.timeout;
		this.backoff = builder.backoff;
		Instant createdAt = creationClock.instant();
		this.createdEpochSecond = createdAt.getEpochSecond();
		this.createdNano = createdAt.getNano();
	}

	/**
	 * Returns the clock this pact measures its deadline and waits on.
	 * @return the clock, never {@code null}
	 */
	public abstract PactClock clock();

	/**
	 * Lets go of what only a pending pact needs (conditions, members' links); called once, as it ends.
	 */
	abstract void release();

	/**
	 * Called once, on the cancelling thread, right after this pact was cancelled and its callbacks ran.
	 * @return what the work threw, or {@code null}
	 */
	Throwable afterCancel() {
		return null;
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
		return Instant.ofEpochSecond(this.createdEpochSecond, this.createdNano);
	}

	/**
	 * Returns the instant of the deadline, on this pact's clock.
	 * @return the deadline, or {@code null} when there is none
	 */
	public Instant getDeadline() {
		if (this.timeout == null) {
			return null;
		}
		Instant createdAt = getCreatedAt();
		return (Duration.between(createdAt, Instant.MAX).compareTo(this.timeout) > 0) ? createdAt.plus(this.timeout)
				: Instant.MAX;
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
	 * Returns whether this pact was found still pending after its deadline, by a poll or by its
	 * background poller.
	 * @return {@code true} once the deadline passed while pending
	 */
	public boolean isDeadlinePassed() {
		return (stateWord() & DEADLINE_PASSED) != 0;
	}

	/**
	 * Returns how many polls evaluated this pact.
	 * @return the number of polls so far
	 */
	public long getPollCount() {
		return pollCount();
	}

	/**
	 * Returns when the last poll of this pact ended, on its clock.
	 * @return the instant, or {@code null} before the first poll
	 */
	public Instant getLastPolledAt() {
		return (pollCount() > 0) ? getCreatedAt().plusNanos(lastPollNanos() - this.createdNanos) : null;
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
		return runPoll(true, READ_THE_CLOCK);
	}

	/**
	 * Polls this pact like {@link #poll()}, unless another thread is polling it right now, in which case
	 * it returns at once.
	 * @return whether the pact is finished
	 */
	public boolean tryPoll() {
		return runPoll(false, READ_THE_CLOCK);
	}

	/**
	 * Polls this pact like {@link #tryPoll()}, taking {@code nanoTime} as the time of the poll: for
	 * background pollers, which read the clock once for many pacts.
	 * @param nanoTime the time of the poll on this pact's clock
	 * @return whether the pact is finished
	 */
	public boolean tryPoll(long nanoTime) {
		return runPoll(false, (nanoTime == READ_THE_CLOCK) ? nanoTime + 1 : nanoTime);
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
		if (!beginEnd(FAILED, new PactFailedException(this, reason, cause))) {
			return false;
		}
		UserCode.rethrow(completeEnd(FAILED));
		return true;
	}

	/**
	 * Cancels this pact if it is pending: its conditions are never evaluated again (a poll already
	 * running on another thread completes, and its result is dropped), its {@code lastly} callbacks run
	 * on this thread, and waiters wake at once with a {@link CancellationException}. Cancelling a group
	 * also cancels its pending members, even if one of its own callbacks throws.
	 * @return {@code true} if this call cancelled the pact, {@code false} if it had already ended
	 * @throws RuntimeException the first exception thrown by a {@code lastly} callback, after all ran
	 */
	public boolean cancel() {
		if (!beginEnd(CANCELLED, null)) {
			return false;
		}
		Throwable thrown = completeEnd(CANCELLED);
		thrown = UserCode.chain(thrown, afterCancel());
		UserCode.rethrow(thrown);
		return true;
	}

	@Override
	final void cancelQuietly() {
		try {
			cancel();
		}
		catch (Throwable ex) {
			UserCode.report("A lastly callback of " + this + ", cancelled through its future,", ex);
		}
	}

	@Override
	final Runnable[] duringCallbacks() {
		return this.duringCallbacks;
	}

	@Override
	final long readClock() {
		return clock().nanoTime();
	}

	@Override
	final void onEnd() {
		this.duringCallbacks = NO_CALLBACKS;
		this.timeoutCallbacks = NO_CALLBACKS;
		release();
	}

	@Override
	final TimeoutExpiredException timeoutOfFuture() {
		return new TimeoutExpiredException(this, this.timeout, Durations.seconds(this.timeout));
	}

	/**
	 * Marks this pact's deadline as passed, so that its futures complete with a
	 * {@link TimeoutExpiredException}, and runs its {@code onTimeout} callbacks, in order, on this thread:
	 * what a background poller does once when it finds a registered pact still pending after its
	 * deadline. Does nothing once the pact has ended.
	 * @return the first exception a callback threw, with the later ones suppressed, or {@code null}
	 */
	public Throwable passDeadline() {
		if (isEndingOrEnded()) {
			return null;
		}
		markDeadlinePassed();
		return UserCode.runAll(this.timeoutCallbacks, null);
	}

	/**
	 * Runs {@code callback} once this pact finishes: at the end of the poll that finishes it, after the
	 * {@code then} callbacks added before it; at once, on this thread, if it has already finished. Never
	 * runs if the pact fails or is cancelled.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase then(Runnable callback) {
		addEndCallback(Objects.requireNonNull(callback, "callback"), true);
		return this;
	}

	/**
	 * Runs {@code callback} once this pact ends, whatever the outcome, after all of its {@code then}
	 * callbacks (cleanup); at once, on this thread, if it has already ended.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase lastly(Runnable callback) {
		addEndCallback(Objects.requireNonNull(callback, "callback"), false);
		return this;
	}

	/**
	 * Runs {@code callback} at the start of every poll while this pact is pending. Accepted and never
	 * run once the pact has ended.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase during(Runnable callback) {
		appendWhilePending(DURING, Objects.requireNonNull(callback, "callback"));
		return this;
	}

	/**
	 * Runs {@code callback} each time an {@code await} of this pact times out, before the timeout
	 * exception is thrown, and once when a background poller finds it overdue. Accepted and never run
	 * once the pact has ended.
	 * @param callback what to run
	 * @return this pact
	 */
	public PactBase onTimeout(Runnable callback) {
		appendWhilePending(ON_TIMEOUT, Objects.requireNonNull(callback, "callback"));
		return this;
	}

	private void appendWhilePending(VarHandle list, Runnable callback) {
		for (;;) {
			Runnable[] callbacks = (Runnable[]) list.getVolatile(this);
			if (isEndingOrEnded()) {
				return;
			}
			if (list.compareAndSet(this, callbacks, append(callbacks, callback))) {
				if (isEndingOrEnded()) {
					list.setVolatile(this, NO_CALLBACKS);
				}
				return;
			}
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
		Waiting.await(this, null, this.backoff);
	}

	/**
	 * Waits until this pact finishes or {@code timeout} passes, polling it with its backoff.
	 * @param timeout how long to wait, which replaces the deadline; {@code null} to use the deadline
	 * @throws IllegalArgumentException if the timeout is negative
	 * @see #await()
	 */
	public void await(Duration timeout) {
		Waiting.await(this, timeout, this.backoff);
	}

	/**
	 * Waits until this pact finishes or {@code timeout} passes, polling it every {@code pollInterval}.
	 * @param timeout how long to wait, which replaces the deadline; {@code null} to use the deadline
	 * @param pollInterval how long to sleep between two polls
	 * @throws IllegalArgumentException if the timeout is negative or the interval is not positive
	 * @see #await()
	 */
	public void await(Duration timeout, Duration pollInterval) {
		Waiting.await(this, timeout, Backoff.fixed(Durations.requirePositive(pollInterval, "pollInterval")));
	}

	static <T> T[] append(T[] array, T element) {
		T[] copy = Arrays.copyOf(array, array.length + 1);
		copy[array.length] = element;
		return copy;
	}

	/**
	 * The settings that the builders of pacts and groups share (timeout, laziness, clock, poll interval
	 * and backoff; see {@link PactSettings}). Not thread-safe; each call checks its argument at once.
	 *
	 * @param <B> the builder's own type, returned by each call for chaining
	 */
	public abstract static class Builder<B extends Builder<B>> extends PactSettings<B> {

		Builder(PactClock clock) {
			super(clock);
		}

	}

}
