package org.pactlib;

/**
 * Where a pact or group is in its life. A pact starts {@link #PENDING} and ends exactly once, in one
 * of the other states, which it never leaves.
 */
public enum PactState {

	/**
	 * Not ended yet: its conditions (or members) are still being polled.
	 */
	PENDING,

	/**
	 * Ended in success: every condition held (every member finished). {@code then} callbacks ran.
	 */
	FINISHED,

	/**
	 * Ended in failure: the operation is known to have failed. {@code then} callbacks do not run.
	 */
	FAILED,

	/**
	 * Ended by {@code cancel()}: nobody waits for it any more. {@code then} callbacks do not run.
	 */
	CANCELLED;

	/**
	 * Whether this state is an end state.
	 * @return {@code false} only for {@link #PENDING}
	 */
	public boolean isEnded() {
		return this != PENDING;
	}

}
