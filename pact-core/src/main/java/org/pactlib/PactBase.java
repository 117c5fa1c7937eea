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
 * or a member claims it the same way. Whichever thread ends the pact, by a poll, {@code fail} or
 * {@code cancel}, runs its end callbacks; a callback added after that runs at once on the thread that
 * adds it.
 */
public abstract class PactBase extends PactOutcome {

	static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	private static final Runnable[] NO_CALLBACKS = {};

	private static final long READ_THE_CLOCK = Long.MIN_VALUE;

	private static final VarHandle POLLING_THREAD;

	private static final VarHandle DURING;

	private static final VarHandle ON_TIMEOUT;

	private static final VarHandle MEMBERSHIPS;

	private static final VarHandle BACKGROUND_POLLER;

	private static final VarHandle CHANGES;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			POLLING_THREAD = lookup.findVarHandle(PactBase.class, "pollingThread", Thread.class);
			DURING = lookup.findVarHandle(PactBase.class, "duringCallbacks", Runnable[].class);
			ON_TIMEOUT = lookup.findVarHandle(PactBase.class, "timeoutCallbacks", Runnable[].class);
			MEMBERSHIPS = lookup.findVarHandle(PactBase.class, "memberships", GroupMembership.class);
			BACKGROUND_POLLER = lookup.findVarHandle(PactBase.class, "backgroundPoller", Runnable.class);
			CHANGES = lookup.findVarHandle(PactBase.class, "changes", Change.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final boolean lazy;

	private final Duration timeout;

	private final long timeoutNanos;

	private final Backoff backoff;

	private final long createdNanos;

	private final long createdEpochSecond;

	private final int createdNano;

	private volatile Runnable backgroundPoller;

	@SuppressWarnings("unused")
	private Thread pollingThread;

	private volatile Runnable[] duringCallbacks = NO_CALLBACKS;

	private volatile Runnable[] timeoutCallbacks = NO_CALLBACKS;

	@SuppressWarnings("unused")
	private volatile GroupMembership memberships;

	@SuppressWarnings("unused")
	private volatile Change changes;

	private long pollCount;

	private long lastPollNanos;

	PactBase(Builder<?> builder, PactClock creationClock) {
		this.lazy = builder.lazy;
		this.timeout = builder.timeout;
		this.timeoutNanos = (builder.timeout != null) ? Durations.saturatedNanos(builder.timeout) : Long.MAX_VALUE;
		this.backoff = builder.backoff;
		this.createdNanos = creationClock.nanoTime();
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
	 * Evaluates what this pact waits for. Called only by the thread that holds the pact's poll.
	 * @return whether everything held
	 * @throws PactFailedException naming this pact when it must fail
	 */
	abstract boolean evaluate();

	/**
	 * Confirms the outcome of {@link #evaluate()}, still holding the poll, after it returned or threw.
	 * @param finished what {@code evaluate} returned, {@code false} if it threw
	 * @return whether the pact is finished
	 */
	boolean settle(boolean finished) {
		return finished;
	}

	/**
	 * Applies a change handed over by {@link #change(Change)}; called only by the thread that holds
	 * the pact's poll.
	 */
	void apply(Change change) {
		throw new IllegalArgumentException("Unknown change " + change);
	}

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
	 * Returns whether this pact has finished, without evaluating anything.
	 * @return {@code true} once a poll found everything held
	 */
	public boolean isFinished() {
		return (stateWord() & PHASE) == FINISHED;
	}

	/**
	 * Returns where this pact is in its life, without evaluating anything.
	 * @return the current state
	 */
	@Override
	public PactState state() {
		return super.state();
	}

	/**
	 * Returns why this pact failed.
	 * @return the failure, or {@code null} unless the state is {@link PactState#FAILED}
	 */
	@Override
	public PactFailedException getFailure() {
		return super.getFailure();
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
		stateWord();
		return this.pollCount;
	}

	/**
	 * Returns when the last poll of this pact ended, on its clock.
	 * @return the instant, or {@code null} before the first poll
	 */
	public Instant getLastPolledAt() {
		stateWord();
		return (this.pollCount > 0) ? getCreatedAt().plusNanos(this.lastPollNanos - this.createdNanos) : null;
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
		return poll(true, READ_THE_CLOCK);
	}

	/**
	 * Polls this pact like {@link #poll()}, unless another thread is polling it right now, in which case
	 * it returns at once.
	 * @return whether the pact is finished
	 */
	public boolean tryPoll() {
		return poll(false, READ_THE_CLOCK);
	}

	/**
	 * Polls this pact like {@link #tryPoll()}, taking {@code nanoTime} as the time of the poll: for
	 * background pollers, which read the clock once for many pacts.
	 * @param nanoTime the time of the poll on this pact's clock
	 * @return whether the pact is finished
	 */
	public boolean tryPoll(long nanoTime) {
		return poll(false, (nanoTime == READ_THE_CLOCK) ? nanoTime + 1 : nanoTime);
	}

	private boolean poll(boolean waitForOtherPoll, long nanoTime) {
		if (!claim(waitForOtherPoll, false)) {
			return isFinished();
		}
		Throwable thrown = null;
		boolean held = false;
		PactFailedException failure = null;
		try {
			applyChanges();
			thrown = UserCode.runAll(this.duringCallbacks, null);
			held = evaluate();
		}
		catch (Throwable ex) {
			if (ex instanceof PactFailedException failed && failed.getPact() == this) {
				failure = failed;
			}
			else {
				thrown = UserCode.chain(ex, thrown);
			}
		}
		long now = (nanoTime != READ_THE_CLOCK) ? nanoTime : clock().nanoTime();
		int outcome;
		boolean deadlinePassed = false;
		try {
			this.lastPollNanos = now;
			this.pollCount++;
			int word = stateWord();
			applyChanges();
			outcome = settle(held) ? FINISHED : (failure != null) ? FAILED : PENDING;
			boolean ended = (outcome == FINISHED) ? beginEnd(FINISHED, null, word)
					: (outcome == FAILED) && beginEnd(FAILED, failure);
			if (!ended) {
				outcome = PENDING;
			}
			deadlinePassed = outcome == PENDING && now - this.createdNanos >= this.timeoutNanos;
		}
		finally {
			releaseClaim();
		}
		if (outcome != PENDING) {
			thrown = UserCode.chain(thrown, completeEnd(outcome));
		}
		else if (deadlinePassed) {
			markDeadlinePassed();
		}
		UserCode.rethrow(thrown);
		return isFinished();
	}

	/**
	 * Claims this pact's poll, waiting for another thread's poll to be released if asked to.
	 * @param wait whether to wait for another thread's claim
	 * @param reentrant whether a claim this thread already holds counts (for changes made from inside
	 * a poll, such as a callback adding a member); it is then not claimed again
	 * @return {@code true} if this call claimed it (release it then), {@code false} if the pact has
	 * ended, is held by another thread and {@code wait} is {@code false}, or is held by this thread
	 * and {@code reentrant} is {@code true}
	 */
	final boolean claim(boolean wait, boolean reentrant) {
		Thread current = Thread.currentThread();
		for (;;) {
			int word = stateWord();
			if ((word & PHASE) != PENDING) {
				return false;
			}
			if ((word & POLLING) == 0) {
				if (compareAndSetState(word, word | POLLING)) {
					POLLING_THREAD.setRelease(this, current);
					return true;
				}
				continue;
			}
			if (POLLING_THREAD.getAcquire(this) == current) {
				if (reentrant) {
					return false;
				}
				throw new IllegalStateException(this + " was polled from inside its own poll (by one of its "
						+ "conditions or callbacks); a pact cannot wait for itself");
			}
			if (!wait) {
				return false;
			}
			WaitNode node = pushPollWaiter();
			if ((stateWord() & (POLLING | PHASE)) == POLLING) {
				try {
					node.get();
				}
				catch (InterruptedException ex) {
					current.interrupt();
					throw new PactInterruptedException(this, ex);
				}
			}
		}
	}

	/**
	 * Releases a claim made by {@link #claim(boolean, boolean)}; if changes were handed over meanwhile,
	 * claims the pact once more to apply them, unless another thread got it first.
	 */
	final void releaseClaim() {
		do {
			POLLING_THREAD.setRelease(this, null);
			updateFlags(0, POLLING);
			signalPollWaiters();
		}
		while (CHANGES.getVolatile(this) != null && claim(false, false) && applyChangesTrue());
	}

	private boolean applyChangesTrue() {
		applyChanges();
		return true;
	}

	/**
	 * Makes a change (adds a condition or a member) now if this thread holds the pact's poll or can
	 * claim it, else hands it to the thread that polls: that poll applies it before it can finish the
	 * pact. Never waits.
	 * @param change what to do while holding the poll
	 * @return {@code false} if the pact is ending or has ended, so nothing changed
	 */
	final boolean change(Change change) {
		if (isClaimedByCurrentThread()) {
			apply(change);
			return true;
		}
		if (claim(false, false)) {
			try {
				apply(change);
			}
			finally {
				releaseClaim();
			}
			return true;
		}
		if (isEndingOrEnded()) {
			return false;
		}
		for (;;) {
			Change head = (Change) CHANGES.getVolatile(this);
			change.next = head;
			if (CHANGES.compareAndSet(this, head, change)) {
				break;
			}
		}
		if (!countChange()) {
			change.withdrawn = true;
			return false;
		}
		if (claim(false, false)) {
			releaseClaim();
		}
		return true;
	}

	private void applyChanges() {
		if (CHANGES.getVolatile(this) == null) {
			return;
		}
		Change reversed = null;
		for (Change change = (Change) CHANGES.getAndSet(this, null); change != null;) {
			Change next = change.next;
			change.next = reversed;
			reversed = change;
			change = next;
		}
		for (Change change = reversed; change != null; change = change.next) {
			if (!change.withdrawn) {
				apply(change);
			}
		}
	}

	/**
	 * Returns whether the calling thread holds this pact's poll.
	 */
	final boolean isClaimedByCurrentThread() {
		return (stateWord() & POLLING) != 0 && POLLING_THREAD.getAcquire(this) == Thread.currentThread();
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
	final void onEnd() {
		this.duringCallbacks = NO_CALLBACKS;
		this.timeoutCallbacks = NO_CALLBACKS;
		release();
	}

	/**
	 * Returns a future that completes when this pact ends: normally when it finishes, exceptionally with
	 * a {@link PactFailedException} when it fails, with a {@link TimeoutExpiredException} when a poll
	 * (or its background poller) finds its deadline passed, and cancelled when it is cancelled. It
	 * completes after the pact's end callbacks ran. Cancelling a future that is not done yet cancels
	 * the pact (what its {@code lastly} callbacks throw then is logged, not thrown); completing it by
	 * other means does not affect the pact. Each call returns a new future.
	 * @return a future of this pact's outcome
	 */
	public CompletableFuture<Void> toCompletableFuture() {
		return future();
	}

	@Override
	final TimeoutExpiredException timeoutOfFuture() {
		return new TimeoutExpiredException(this, this.timeout, Durations.seconds(this.timeout));
	}

	/**
	 * Hands this pact to a background poller, such as a registry: from then on {@code await} no longer
	 * polls it but waits for the poller to end it, and a group holding it only looks at its state.
	 * {@code onWakeUp} is called whenever the pact may be able to end early (a
	 * {@link Pact#untilComplete stage} completed, a member changed) and once more after it ended, after
	 * its end callbacks; it must return quickly. A pact has at most one background poller.
	 * @param onWakeUp asks the poller to poll this pact soon, or tells it the pact ended; called on any
	 * thread
	 * @throws IllegalStateException if the pact already has a background poller
	 */
	public void pollInBackground(Runnable onWakeUp) {
		Objects.requireNonNull(onWakeUp, "onWakeUp");
		if (!BACKGROUND_POLLER.compareAndSet(this, null, onWakeUp)) {
			throw new IllegalStateException(this + " is already polled in the background");
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

	@Override
	final void wakeUp() {
		signalWaiters();
		Runnable poller = this.backgroundPoller;
		if (poller != null) {
			poller.run();
		}
		for (GroupMembership membership = this.memberships; membership != null; membership = membership.next) {
			PactGroup group = membership.group;
			if (group != null) {
				group.memberChanged(this, membership);
			}
		}
	}

	/**
	 * Records that this pact became a member of a group, which it then tells of its changes until the
	 * group lets go ({@link GroupMembership#leave()}).
	 */
	final void joined(GroupMembership membership) {
		for (;;) {
			GroupMembership head = this.memberships;
			if (MEMBERSHIPS.compareAndSet(this, head, GroupMembership.prepend(membership, head))) {
				return;
			}
		}
	}

	/**
	 * Returns whether this pact is a member of {@code group} (and the group has not let go of it).
	 */
	final boolean isMemberOf(PactGroup group) {
		for (GroupMembership membership = this.memberships; membership != null; membership = membership.next) {
			if (membership.group == group) {
				return true;
			}
		}
		return false;
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
	 * ends early when the pact ends on another thread or is woken up.
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
		WaitNode signal = null;
		for (long polls = 0;; polls++) {
			if (signal == null || signal.isDone()) {
				signal = pushWaiter();
			}
			if (pollForAwait()) {
				return;
			}
			long left = (limit != null) ? limitNanos - (clock.nanoTime() - start) : Long.MAX_VALUE;
			if (left <= 0) {
				throw timedOut(limit, limitIsDeadline);
			}
			Duration pause = Duration.ofNanos(Math.min(backoff.delayNanos(polls), left));
			try {
				if (isPolledInBackground()) {
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
		if (isPolledInBackground() ? isFinished() : poll()) {
			return true;
		}
		return switch (state()) {
			case FAILED -> {
				PactFailedException failure = getFailure();
				throw new PactFailedException(this, failure.getReason(), failure.getCause());
			}
			case CANCELLED -> throw new CancellationException(this + " was cancelled");
			default -> false;
		};
	}

	private RuntimeException timedOut(Duration waited, boolean waitedForDeadline) {
		List<PendingPact> pending = new ArrayList<>();
		collectPending(pending);
		TimeoutExpiredException timeoutException = new TimeoutExpiredException(this, waited,
				waitedForDeadline ? Durations.computedSeconds(waited) : Durations.seconds(waited), pending);
		UserCode.runAll(this.timeoutCallbacks, timeoutException);
		Function<? super TimeoutExpiredException, ? extends RuntimeException> factory = timeoutExceptionFactory();
		if (factory == null) {
			return timeoutException;
		}
		RuntimeException converted = factory.apply(timeoutException);
		if (converted == null) {
			throw new NullPointerException("The timeoutException factory of " + this + " returned null for: "
					+ timeoutException.getMessage());
		}
		if (converted != timeoutException) {
			for (Throwable callbackFailure : timeoutException.getSuppressed()) {
				converted.addSuppressed(callbackFailure);
			}
		}
		return converted;
	}

	static <T> T[] append(T[] array, T element) {
		T[] copy = Arrays.copyOf(array, array.length + 1);
		copy[array.length] = element;
		return copy;
	}

	/**
	 * A change handed over to the thread that polls a pact: {@link #apply(Change)} says what it does.
	 */
	abstract static class Change {

		Change next;

		volatile boolean withdrawn;

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
