package org.pactlib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The poll protocol of a pact, and who else polls it or watches it: "one poll at a time", on its
 * state word's {@code POLLING} flag, as {@code FutureTask}
 * claims its runner: a poll claims the pact with a compare-and-set, so its conditions never run on two
 * threads at once; a second poller waits for the claim to be released, or returns at once if it only
 * tries. Adding a condition or a member never waits: done by the thread that holds the claim, or that
 * can take it, it is applied at once; otherwise it is {@linkplain #change(Change) handed over} to the
 * thread that holds it, and counted in the state word, so that the poll running cannot finish the pact
 * without it. A pact may be handed to one background poller, which {@code await} then leaves the
 * polling to, and tells it, and the groups it belongs to, whenever it may be able to end.
 */
abstract class PollGate extends PactOutcome {

	/** The value of a poll's time that says to read the clock. */
	static final long READ_THE_CLOCK = Long.MIN_VALUE;

	private static final VarHandle POLLING_THREAD;

	private static final VarHandle CHANGES;

	private static final VarHandle MEMBERSHIPS;

	private static final VarHandle BACKGROUND_POLLER;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			POLLING_THREAD = lookup.findVarHandle(PollGate.class, "pollingThread", Thread.class);
			CHANGES = lookup.findVarHandle(PollGate.class, "changes", Change.class);
			MEMBERSHIPS = lookup.findVarHandle(PollGate.class, "memberships", GroupMembership.class);
			BACKGROUND_POLLER = lookup.findVarHandle(PollGate.class, "backgroundPoller", Runnable.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@SuppressWarnings("unused")
	private Thread pollingThread;

	@SuppressWarnings("unused")
	private volatile Change changes;

	private volatile Runnable backgroundPoller;

	@SuppressWarnings("unused")
	private volatile GroupMembership memberships;

	/** When the pact was created, on its clock. */
	final long createdNanos;

	/** Its timeout in nanoseconds, {@code Long.MAX_VALUE} for none. */
	final long timeoutNanos;

	private long pollCount;

	private long lastPollNanos;

	PollGate(long createdNanos, long timeoutNanos) {
		this.createdNanos = createdNanos;
		this.timeoutNanos = timeoutNanos;
	}

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
	abstract boolean settle(boolean finished);

	/**
	 * Returns the callbacks to run at the start of each poll.
	 */
	abstract Runnable[] duringCallbacks();

	/**
	 * Returns the time on the pact's clock.
	 */
	abstract long readClock();

	final long pollCount() {
		stateWord();
		return this.pollCount;
	}

	final long lastPollNanos() {
		stateWord();
		return this.lastPollNanos;
	}

	/**
	 * One poll: claims the pact, runs the {@code during} callbacks, evaluates, and, still holding the
	 * claim, records the outcome (finished only if no change came in meanwhile); then releases the
	 * claim and runs the end callbacks, if it ended, on this thread.
	 * @param waitForOtherPoll whether to wait for another thread's poll (else a poll that finds the pact
	 * busy returns at once, and the busy poll wakes the pact up when it ends)
	 * @param nanoTime the time of the poll, or {@link #READ_THE_CLOCK}
	 * @return whether the pact is finished: by this poll, or by the other thread's it waited for
	 */
	final boolean runPoll(boolean waitForOtherPoll, long nanoTime) {
		while (!claim(waitForOtherPoll, false)) {
			if (waitForOtherPoll || !noteMissedPoll()) {
				return settledPhase() == FINISHED;
			}
		}
		Throwable thrown = null;
		boolean held = false;
		PactFailedException failure = null;
		try {
			applyChanges();
			thrown = UserCode.runAll(duringCallbacks(), null);
			held = evaluate();
		}
		catch (Throwable ex) {
			if (ex instanceof PactFailedException failed && failed.getPact() == (Object) this) {
				failure = failed;
			}
			else {
				thrown = UserCode.chain(ex, thrown);
			}
		}
		long now = (nanoTime != READ_THE_CLOCK) ? nanoTime : readClock();
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
		return outcome == FINISHED;
	}

	/**
	 * Applies a change handed over by {@link #change(Change)}; called only by the thread that holds
	 * the pact's poll.
	 */
	void apply(Change change) {
		throw new IllegalArgumentException("Unknown change " + change);
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
					removeWaiter(node);
					current.interrupt();
					throw new PactInterruptedException((PactBase) this, ex);
				}
			}
			else {
				removeWaiter(node);
			}
		}
	}

	/**
	 * Releases a claim made by {@link #claim(boolean, boolean)}; if changes were handed over meanwhile,
	 * claims the pact once more to apply them, unless another thread got it first.
	 */
	final void releaseClaim() {
		boolean missed = false;
		do {
			POLLING_THREAD.setRelease(this, null);
			int word;
			do {
				word = stateWord();
			}
			while (!compareAndSetState(word, word & ~(POLLING | POLL_MISSED)));
			missed |= (word & POLL_MISSED) != 0;
			signalPollWaiters();
		}
		while (CHANGES.getVolatile(this) != null && claim(false, false) && applyChangesTrue());
		if (missed) {
			wakeBackgroundPollers();
		}
	}

	/**
	 * Records that a poller that does not wait found the pact held by another thread.
	 * @return {@code true} to try to claim it again (the other poll was released meanwhile), {@code false}
	 * if it is recorded, or the pact is ending or has ended
	 */
	private boolean noteMissedPoll() {
		for (;;) {
			int word = stateWord();
			if ((word & PHASE) != PENDING) {
				return false;
			}
			if ((word & POLLING) == 0) {
				return true;
			}
			if ((word & POLL_MISSED) != 0 || compareAndSetState(word, word | POLL_MISSED)) {
				return false;
			}
		}
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

	final void applyChanges() {
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
				group.memberChanged((PactBase) this, membership);
			}
		}
	}

	/**
	 * Asks the background pollers of this pact, and of the groups that hold it, to poll soon, without
	 * waking the threads that await them (they poll by themselves): what a poll that a background
	 * poller missed calls as it ends.
	 */
	final void wakeBackgroundPollers() {
		Runnable poller = this.backgroundPoller;
		if (poller != null) {
			poller.run();
		}
		for (GroupMembership membership = this.memberships; membership != null; membership = membership.next) {
			PactGroup group = membership.group;
			if (group != null && !group.isEndingOrEnded()) {
				group.wakeBackgroundPollers();
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
	 * A change handed over to the thread that polls a pact: {@link #apply(Change)} says what it does.
	 */
	abstract static class Change {

		Change next;

		volatile boolean withdrawn;

	}

}
