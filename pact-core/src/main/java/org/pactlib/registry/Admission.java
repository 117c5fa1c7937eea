package org.pactlib.registry;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.pactlib.PactBase;

/**
 * Who may enter a registry: a place per registered pact (held-back ones included), at most
 * {@code maxPacts}, none once it is shut down. A place is taken before anything else happens to a
 * pact and given back when it leaves, so a refused registration leaves nothing behind, and shutdown
 * can wait for the last place to be given back.
 */
final class Admission {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition emptied = this.lock.newCondition();

	private final int maxPacts;

	private int taken;

	private boolean shutDown;

	Admission(int maxPacts) {
		this.maxPacts = maxPacts;
	}

	/**
	 * Takes a place for {@code pact}.
	 * @throws IllegalStateException naming the limit and its setting if none is left, or if the
	 * registry is shut down
	 */
	void reserve(PactBase pact) {
		this.lock.lock();
		try {
			if (this.shutDown) {
				throw new IllegalStateException("Cannot register " + pact + ": the pact registry is shut down");
			}
			if (this.taken >= this.maxPacts) {
				throw new IllegalStateException("Cannot register " + pact + ": the pact registry already holds "
						+ this.maxPacts + " pending pacts, its maximum (maxPacts=" + this.maxPacts
						+ ", pact.registry.max-pacts in Spring Boot); raise it, or end pacts sooner (a deadline and "
						+ "overdueRetention drop pacts that never end)");
			}
			this.taken++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Gives back a place.
	 */
	void release() {
		this.lock.lock();
		try {
			if (--this.taken == 0) {
				this.emptied.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuses every later registration.
	 * @return {@code false} if it was shut down already
	 */
	boolean shutDown() {
		this.lock.lock();
		try {
			boolean first = !this.shutDown;
			this.shutDown = true;
			return first;
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isShutDown() {
		this.lock.lock();
		try {
			return this.shutDown;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits up to {@code nanos} for every place to be given back.
	 * @return whether none is taken
	 */
	boolean awaitEmpty(long nanos) {
		this.lock.lock();
		try {
			long left = nanos;
			while (this.taken > 0 && left > 0) {
				left = this.emptied.awaitNanos(left);
			}
			return this.taken == 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.taken == 0;
		}
		finally {
			this.lock.unlock();
		}
	}

}
