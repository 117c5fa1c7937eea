package org.pactlib.registry;

/**
 * What the operations of {@link EngineTaskLincheckTest} mean one at a time, from {@link EngineTask}'s
 * Javadoc: a task that, while not cancelled, is run by the next {@code runDue} after it was woken (and
 * at its due time), each run serving every request made before it; a cancelled task never runs again,
 * so requests made after that are never served. Waking it any number of times gives runs, never a lost
 * request. Moving the clock changes nothing a run serves.
 */
public class EngineTaskSpecification {

	private int requested;

	private int served;

	private boolean done;

	public void request() {
		if (!this.done) {
			this.requested++;
		}
	}

	public void runDue() {
		if (!this.done) {
			this.served += this.requested;
			this.requested = 0;
		}
	}

	public void advance() {
	}

	public void cancel() {
		this.done = true;
	}

	public int served() {
		return this.served;
	}

	public boolean isDone() {
		return this.done;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof EngineTaskSpecification that && this.requested == that.requested
				&& this.served == that.served && this.done == that.done;
	}

	@Override
	public int hashCode() {
		return (this.requested * 31 + this.served) * 2 + (this.done ? 1 : 0);
	}

}
