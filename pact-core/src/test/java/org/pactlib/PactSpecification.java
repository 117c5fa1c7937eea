package org.pactlib;

/**
 * What the operations of {@link PactLincheckTest} mean one at a time, written from the core API's
 * fixed behaviour: a pact on one condition (a flag), finished by the first poll that finds the flag
 * set; its outcome and callbacks as {@link OutcomeSpecification} says.
 */
public class PactSpecification extends OutcomeSpecification {

	private boolean done;

	public void makeDone() {
		this.done = true;
	}

	public boolean poll() {
		if (state() == PactState.PENDING && this.done) {
			end(PactState.FINISHED);
		}
		return state() == PactState.FINISHED;
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other) && this.done == ((PactSpecification) other).done;
	}

	@Override
	public int hashCode() {
		return super.hashCode();
	}

}
