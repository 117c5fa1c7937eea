package org.pactlib;

/**
 * What is known of a pact that was still pending when a wait timed out: which conditions held, and
 * the last exception that a condition threw and that was ignored as "not yet".
 *
 * @param pact the pending pact
 * @param heldConditions how many of its conditions held
 * @param conditions how many conditions it has
 * @param lastIgnoredException the last ignored exception of a condition, or {@code null}
 */
public record PendingPact(Pact pact, int heldConditions, int conditions, Throwable lastIgnoredException) {

	/**
	 * Returns one line for a log: {@code <Pact: Deleting /path> (0 of 1 conditions held)}, followed by
	 * the last ignored exception when there is one.
	 */
	@Override
	public String toString() {
		String line = this.pact + " (" + this.heldConditions + " of " + this.conditions + " conditions held)";
		return (this.lastIgnoredException != null) ? line + ", last ignored: " + this.lastIgnoredException : line;
	}

}
