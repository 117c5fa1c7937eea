package org.pactlib.registry;

import java.time.Instant;
import java.util.function.LongSupplier;

import org.pactlib.PactBase;

/**
 * One registered pact: its id and name, and the {@link EngineTask task} that polls it with its
 * backoff. Also what the pact calls when it may end early or has ended ({@link #run()}), which wakes
 * the task or takes the pact out of the registry.
 *
 * <p>The pact is let go of ({@link #pact()} returns {@code null}) once it left the registry, so an
 * entry lingering anywhere keeps nothing of it.
 */
final class RegistryEntry extends EngineTask implements RegisteredPact, Runnable {

	final long id;

	private final String name;

	private final RegisteredPacts registry;

	volatile PactBase pact;

	/** The deadline's task, or {@code null} when the pact has none (or it is not handed out yet). */
	DeadlineWatch deadline;

	private volatile Instant overdueSince;

	/** The thread polling the pact now; only that thread reads its own value. */
	private Thread pollingThread;

	/** The thread running the pact's deadline now; only that thread reads its own value. */
	private Thread deadlineThread;

	private int polls;

	RegistryEntry(long id, String name, PactBase pact, RegisteredPacts registry) {
		this.id = id;
		this.name = name;
		this.pact = pact;
		this.registry = registry;
	}

	@Override
	public String id() {
		return Long.toString(this.id);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public PactBase pact() {
		return this.pact;
	}

	@Override
	public Instant overdueSince() {
		return this.overdueSince;
	}

	void markOverdue(Instant since) {
		this.overdueSince = since;
	}

	/**
	 * Runs the deadline's work on this thread, reporting the end of the pact, if it ends there, after
	 * the events of that work.
	 */
	long runDeadline(LongSupplier work) {
		this.deadlineThread = Thread.currentThread();
		long next;
		try {
			next = work.getAsLong();
		}
		finally {
			this.deadlineThread = null;
		}
		PactBase pact = this.pact;
		if (pact != null && pact.state().isEnded()) {
			this.registry.ended(this);
		}
		return next;
	}

	/**
	 * Polls the pact once; reports what the poll threw; the end of the pact, if it ends here, after
	 * every other event of this poll.
	 */
	@Override
	long run(long nowNanos) {
		PactBase pact = this.pact;
		if (pact == null) {
			return DONE_RUNNING;
		}
		this.pollingThread = Thread.currentThread();
		try {
			if (pact.clock() == this.registry.clock()) {
				pact.tryPoll(nowNanos);
			}
			else {
				pact.tryPoll();
			}
		}
		catch (Throwable ex) {
			boolean ended = pact.state().isEnded();
			this.registry.fault(this, ended ? PactFault.CALLBACK : PactFault.CONDITION,
					ended ? "ended, and a callback threw" : "stays pending: its poll threw", ex);
		}
		finally {
			this.pollingThread = null;
		}
		if (pact.state().isEnded()) {
			this.registry.ended(this);
			return DONE_RUNNING;
		}
		long delay = pact.getBackoff().delayNanos(this.polls);
		this.polls += (this.polls < Integer.MAX_VALUE) ? 1 : 0;
		return Nanos.saturatedAdd(nowNanos, delay);
	}

	@Override
	long runFailed(Throwable failure, long nowNanos) {
		this.registry.fault(this, PactFault.CONDITION, "could not be polled", failure);
		PactBase pact = this.pact;
		return (pact != null) ? Nanos.saturatedAdd(nowNanos, pact.getBackoff().delayNanos(this.polls))
				: DONE_RUNNING;
	}

	/**
	 * Called by the pact whenever it may be able to end early, and once after it ended: wakes the
	 * task, or takes the pact out of the registry (unless this thread's poll of it reports that itself).
	 */
	@Override
	public void run() {
		PactBase pact = this.pact;
		if (pact == null) {
			return;
		}
		if (!pact.state().isEnded()) {
			this.registry.wake(this);
		}
		else if (this.pollingThread != Thread.currentThread() && this.deadlineThread != Thread.currentThread()) {
			this.registry.ended(this);
		}
	}

	/**
	 * Entries are equal by id, so that the registry finds one by its id without boxing it.
	 */
	@Override
	public boolean equals(Object other) {
		return other == this || (other instanceof RegistryEntry entry && entry.id == this.id);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.id);
	}

	@Override
	public String toString() {
		return "RegisteredPact[" + this.id + ", " + this.name + ", " + this.pact + ", " + stateName(state()) + "]";
	}

}
