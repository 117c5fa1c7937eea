package org.pactlib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of a pact and what waits for it: one atomic state word, the {@code then} and
 * {@code lastly} callbacks, the futures, and the threads waiting, as {@code FutureTask} and Guava's
 * {@code AbstractFuture} hold theirs. No lock: every change is a compare-and-set.
 *
 * <p><b>The state word</b> holds a phase and two flags. Phases: {@code PENDING}, then once
 * {@code ENDING} (the one thread that won the end is recording it; no user code runs in this phase),
 * then one of {@code FINISHED}, {@code FAILED}, {@code CANCELLED}, never left. Flags: {@code POLLING}
 * (a thread holds the pact's poll, so its conditions never run on two threads at once) and
 * {@code DEADLINE_PASSED} (futures were completed with a timeout), {@code POLL_MISSED} (a poller that
 * does not wait found the pact busy, so the poll that holds it asks the background pollers to poll
 * again as it ends, and no wake-up is lost to a busy pact). The bits above count changes:
 * a condition or member handed over by a thread that could not claim the poll bumps the count, so
 * that the poll running meanwhile cannot finish the pact without seeing it.
 * <table>
 * <caption>Transitions, each one compare-and-set of the whole word</caption>
 * <tr><th>from</th><th>to</th><th>by</th></tr>
 * <tr><td>PENDING</td><td>PENDING + POLLING</td><td>a poll, {@code until} or {@code add} claims the pact</td></tr>
 * <tr><td>any + POLLING</td><td>same phase, no POLLING</td><td>the claim is released</td></tr>
 * <tr><td>PENDING (+ flags)</td><td>ENDING (+ flags)</td><td>the poll that finished it, {@code fail}, {@code cancel}</td></tr>
 * <tr><td>ENDING (+ flags)</td><td>the outcome (+ flags)</td><td>the same thread, right after recording the failure</td></tr>
 * <tr><td>PENDING (+ POLLING)</td><td>+ DEADLINE_PASSED</td><td>the first poll or poller that finds the deadline passed</td></tr>
 * <tr><td>PENDING + POLLING</td><td>+ POLL_MISSED</td><td>{@code tryPoll} while another thread polls</td></tr>
 * <tr><td>PENDING + POLLING</td><td>count + 1</td><td>{@code until} or {@code add} while another thread polls</td></tr>
 * <tr><td>PENDING + POLLING, as read before the last changes were applied</td><td>FINISHED ...</td><td>
 * the poll that found everything held; it fails (the pact stays pending) if the count moved</td></tr>
 * </table>
 * The thread that moves the word to ENDING closes the callback stack before it records the outcome,
 * and runs what it took afterwards: every {@code then} (if finished), then every {@code lastly}, in the
 * order added. A callback added after the stack closed runs at once on the thread that adds it (which
 * waits out the few instructions of ENDING to learn the outcome). So each callback runs exactly once,
 * and one added once the pact is seen ended runs at once.
 * Futures complete and waiters wake after the callbacks.
 */
abstract class PactOutcome {

	static final int PENDING = 0;

	static final int ENDING = 1;

	static final int FINISHED = 2;

	static final int FAILED = 3;

	static final int CANCELLED = 4;

	static final int PHASE = 0b111;

	static final int POLLING = 0b1000;

	static final int DEADLINE_PASSED = 0b1_0000;

	/** A poller that only tries found the pact busy: the poll that holds it wakes the pact when it ends. */
	static final int POLL_MISSED = 0b10_0000;

	/** One change (a condition or member added while another thread polled) in the word's counter. */
	static final int CHANGE = 0b100_0000;

	/** What {@link #beginEnd} expects of the state word when it need not be unchanged. */
	static final long ANY_WORD = Long.MIN_VALUE;

	private static final Object CLOSED = new Object();

	private static final VarHandle STATE;

	private static final VarHandle CALLBACKS;

	private static final VarHandle FUTURES;

	private static final VarHandle WAITERS;

	private static final VarHandle POLL_WAITERS;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(PactOutcome.class, "state", int.class);
			CALLBACKS = lookup.findVarHandle(PactOutcome.class, "callbacks", Object.class);
			FUTURES = lookup.findVarHandle(PactOutcome.class, "futures", Object.class);
			WAITERS = lookup.findVarHandle(PactOutcome.class, "waiters", WaitNode.class);
			POLL_WAITERS = lookup.findVarHandle(PactOutcome.class, "pollWaiters", WaitNode.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@SuppressWarnings("unused")
	private volatile int state;

	@SuppressWarnings("unused")
	private volatile Object callbacks;

	@SuppressWarnings("unused")
	private volatile Object futures;

	@SuppressWarnings("unused")
	private volatile WaitNode waiters;

	@SuppressWarnings("unused")
	private volatile WaitNode pollWaiters;

	private volatile PactFailedException failure;

	/** The callbacks that the ending thread took, between the two steps of ending; only it reads them. */
	private Object endCallbacks;

	final int stateWord() {
		return (int) STATE.getVolatile(this);
	}

	final boolean compareAndSetState(int expected, int next) {
		return STATE.compareAndSet(this, expected, next);
	}

	/**
	 * Counts one change, unless the pact is ending or has ended.
	 * @return whether it was counted
	 */
	final boolean countChange() {
		for (;;) {
			int word = stateWord();
			if ((word & PHASE) != PENDING) {
				return false;
			}
			if (compareAndSetState(word, word + CHANGE)) {
				return true;
			}
		}
	}

	/**
	 * Returns whether this pact has finished, without evaluating anything.
	 * @return {@code true} once a poll found everything held
	 */
	public boolean isFinished() {
		return (stateWord() & PHASE) == FINISHED;
	}

	/**
	 * Returns where this pact is in its life, without evaluating anything.
	 * @return the current state; {@code PENDING} until the outcome is recorded
	 */
	public PactState state() {
		return switch (stateWord() & PHASE) {
			case FINISHED -> PactState.FINISHED;
			case FAILED -> PactState.FAILED;
			case CANCELLED -> PactState.CANCELLED;
			default -> PactState.PENDING;
		};
	}

	/**
	 * Returns the phase, waiting out {@code ENDING} (a few instructions of the thread that ends the
	 * pact, no user code) when another thread is recording the outcome.
	 */
	final int settledPhase() {
		int phase;
		for (int spins = 0; (phase = stateWord() & PHASE) == ENDING; spins++) {
			if (spins < 100) {
				Thread.onSpinWait();
			}
			else {
				Thread.yield();
			}
		}
		return phase;
	}

	/**
	 * Returns whether the pact has ended or is ending: nothing may start on it any more.
	 */
	final boolean isEndingOrEnded() {
		return (stateWord() & PHASE) != PENDING;
	}

	/**
	 * Returns why the pact failed.
	 * @return the failure, or {@code null} unless the state is {@link PactState#FAILED}
	 */
	public PactFailedException getFailure() {
		return ((stateWord() & PHASE) == FAILED) ? this.failure : null;
	}

	/**
	 * Records the outcome if the pact is pending: the first step of ending it, which runs no user code.
	 * The thread for which it returns {@code true} must then call {@link #completeEnd(int)}.
	 * @param outcome {@link #FINISHED}, {@link #FAILED} or {@link #CANCELLED}
	 * @param reason the failure when failing, else {@code null}
	 * @return whether this call ended the pact
	 */
	final boolean beginEnd(int outcome, PactFailedException reason) {
		return beginEnd(outcome, reason, ANY_WORD);
	}

	/**
	 * Records the outcome like {@link #beginEnd(int, PactFailedException)}, but only if the state word
	 * is still {@code expectedWord}. A call that loses to another thread's end returns once that end is
	 * recorded, so that whoever is told "already ended" sees the outcome.
	 */
	final boolean beginEnd(int outcome, PactFailedException reason, long expectedWord) {
		for (;;) {
			int word = stateWord();
			if ((word & PHASE) != PENDING) {
				settledPhase();
				return false;
			}
			if (expectedWord != ANY_WORD && word != (int) expectedWord) {
				return false;
			}
			if (compareAndSetState(word, (word & ~PHASE) | ENDING)) {
				break;
			}
		}
		this.failure = reason;
		this.endCallbacks = CALLBACKS.getAndSet(this, CLOSED);
		for (;;) {
			int word = stateWord();
			if (compareAndSetState(word, (word & ~PHASE) | outcome)) {
				return true;
			}
		}
	}

	/**
	 * The second step of ending: lets go of what a pending pact needs, runs the end callbacks on this
	 * thread, completes the futures and wakes the waiters, whatever the callbacks throw.
	 * @param outcome what {@link #beginEnd} recorded
	 * @return what the callbacks threw, first first, or {@code null}
	 */
	final Throwable completeEnd(int outcome) {
		Throwable thrown = null;
		try {
			onEnd();
			Object taken = this.endCallbacks;
			this.endCallbacks = null;
			thrown = runEndCallbacks(taken, outcome == FINISHED);
		}
		finally {
			completeFutures(FUTURES.getAndSet(this, CLOSED));
			wakeUp();
		}
		return thrown;
	}

	private static Throwable runEndCallbacks(Object taken, boolean finished) {
		EndCallback ordered = EndCallback.reverse((taken instanceof EndCallback callback) ? callback : null);
		Throwable thrown = null;
		if (finished) {
			for (EndCallback callback = ordered; callback != null; callback = callback.next) {
				if (callback.onlyOnSuccess) {
					thrown = UserCode.run(callback.action, thrown);
				}
			}
		}
		for (EndCallback callback = ordered; callback != null; callback = callback.next) {
			if (!callback.onlyOnSuccess) {
				thrown = UserCode.run(callback.action, thrown);
			}
		}
		return thrown;
	}

	/**
	 * Called once on the ending thread, after the outcome is recorded and before the callbacks run:
	 * lets go of what only a pending pact needs.
	 */
	abstract void onEnd();

	/**
	 * Wakes the waiters and whoever else watches the pact; called after every change that may let it
	 * end, and once after it ended.
	 */
	abstract void wakeUp();

	/**
	 * Adds a {@code then} or {@code lastly} callback, or runs it at once if the pact has ended.
	 */
	final void addEndCallback(Runnable action, boolean onlyOnSuccess) {
		EndCallback node = new EndCallback(action, onlyOnSuccess);
		for (;;) {
			Object head = CALLBACKS.getVolatile(this);
			if (head == CLOSED) {
				int phase = settledPhase();
				if (!onlyOnSuccess || phase == FINISHED) {
					action.run();
				}
				return;
			}
			node.next = (EndCallback) head;
			if (CALLBACKS.compareAndSet(this, head, node)) {
				return;
			}
		}
	}

	/**
	 * Moves the pending {@code then} and {@code lastly} callbacks of {@code pact} to the end of this
	 * one's; a pact that has ended has none left to move.
	 */
	final void absorbEndCallbacks(PactOutcome pact) {
		Object taken;
		do {
			taken = CALLBACKS.getVolatile(pact);
			if (taken == CLOSED || taken == null) {
				return;
			}
		}
		while (!CALLBACKS.compareAndSet(pact, taken, null));
		for (EndCallback callback = EndCallback.reverse((EndCallback) taken); callback != null; callback = callback.next) {
			addEndCallback(callback.action, callback.onlyOnSuccess);
		}
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
		OutcomeFuture future = new OutcomeFuture(this);
		for (;;) {
			Object head = FUTURES.getVolatile(this);
			if (head == CLOSED) {
				complete(future);
				return future;
			}
			future.next = (OutcomeFuture) head;
			if (FUTURES.compareAndSet(this, head, future)) {
				return future;
			}
		}
	}

	/**
	 * Marks the deadline passed, once, and completes the futures with a timeout; does nothing once
	 * marked or ended.
	 */
	final void markDeadlinePassed() {
		for (;;) {
			int word = stateWord();
			if ((word & PHASE) != PENDING || (word & DEADLINE_PASSED) != 0) {
				return;
			}
			if (compareAndSetState(word, word | DEADLINE_PASSED)) {
				completeFutures(FUTURES.getAndSet(this, CLOSED));
				return;
			}
		}
	}

	private void completeFutures(Object taken) {
		for (OutcomeFuture future = (taken instanceof OutcomeFuture first) ? first : null; future != null;) {
			OutcomeFuture next = future.next;
			future.next = null;
			complete(future);
			future = next;
		}
	}

	private void complete(CompletableFuture<Void> future) {
		switch (stateWord() & PHASE) {
			case FINISHED -> future.complete(null);
			case FAILED -> future.completeExceptionally(this.failure);
			case CANCELLED -> future.completeExceptionally(new CancellationException(this + " was cancelled"));
			default -> future.completeExceptionally(timeoutOfFuture());
		}
	}

	/**
	 * Returns what a future of a pact still pending after its deadline completes with.
	 */
	abstract TimeoutExpiredException timeoutOfFuture();

	/**
	 * Pushes a waiter for the end of the pact or a wake-up; the caller checks once more, then parks.
	 */
	final WaitNode pushWaiter() {
		return WaitNode.push(WAITERS, this, new WaitNode());
	}

	/**
	 * Pushes a waiter for the release of the pact's poll; the caller checks once more, then parks.
	 */
	final WaitNode pushPollWaiter() {
		return WaitNode.push(POLL_WAITERS, this, new WaitNode());
	}

	/**
	 * Drops the waiter of a thread that stops waiting without having been signalled (it timed out, was
	 * interrupted, or saw the pact end by itself), as {@code FutureTask.removeWaiter} does, so that a
	 * pact awaited again and again while it stays pending does not gather waiters.
	 */
	final void removeWaiter(WaitNode node) {
		if (node.isDone()) {
			return;
		}
		node.abandon();
		WaitNode.removeAbandoned(WAITERS, this);
		WaitNode.removeAbandoned(POLL_WAITERS, this);
	}

	/**
	 * Returns how many threads' waiters the pact holds now, for diagnostics.
	 */
	final int waiterCount() {
		return WaitNode.count(WAITERS, this) + WaitNode.count(POLL_WAITERS, this);
	}

	/**
	 * Wakes every thread waiting for the end of this pact or a wake-up.
	 */
	final void signalWaiters() {
		WaitNode.signalAll(WAITERS, this);
		WaitNode.signalAll(POLL_WAITERS, this);
	}

	/**
	 * Wakes every thread waiting for this pact's poll to be released.
	 */
	final void signalPollWaiters() {
		WaitNode.signalAll(POLL_WAITERS, this);
	}

	/**
	 * Cancels the pact from a place that cannot throw (a future's {@code cancel}): what its
	 * {@code lastly} callbacks throw is reported, not thrown.
	 */
	abstract void cancelQuietly();

}
