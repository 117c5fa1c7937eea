package org.pactlib.durable;

/**
 * Told when this instance creates a durable pact and when it learns that one it created ended: what
 * observes durable pacts (the {@code pact} observation). Called on the creating thread and on the
 * watcher's thread; must return quickly; an exception is logged and ignored.
 */
public interface DurablePactObserver {

	/**
	 * A durable pact was created here (its row is committed).
	 * @param row the new pact
	 */
	default void created(DurablePactRow row) {
	}

	/**
	 * A durable pact created here ended, on whichever instance, and its end callbacks ran.
	 * @param row the settled pact
	 */
	default void ended(DurablePactRow row) {
	}

}
