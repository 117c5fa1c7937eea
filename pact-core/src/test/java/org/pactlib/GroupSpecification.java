package org.pactlib;

import java.util.Arrays;

/**
 * What the operations of {@link GroupLincheckTest} mean one at a time, from the core API's fixed
 * behaviour: a lazy group of two pacts, each on a flag. A poll of the group first fails it if a member
 * was cancelled, then polls the pending members in order up to the first that is still pending, and
 * finishes the group once both have finished. Cancelling the group cancels its pending members;
 * failing it leaves them alone. Its outcome and callbacks are as {@link OutcomeSpecification} says.
 */
public class GroupSpecification extends OutcomeSpecification {

	private final boolean[] done = new boolean[2];

	private final PactState[] members = { PactState.PENDING, PactState.PENDING };

	public void makeFirstDone() {
		this.done[0] = true;
	}

	public void makeSecondDone() {
		this.done[1] = true;
	}

	public boolean poll() {
		if (state() != PactState.PENDING) {
			return isFinished();
		}
		for (PactState member : this.members) {
			if (member == PactState.CANCELLED) {
				end(PactState.FAILED);
				return false;
			}
		}
		for (int i = 0; i < this.members.length; i++) {
			if (this.members[i] == PactState.PENDING) {
				if (!this.done[i]) {
					return false;
				}
				this.members[i] = PactState.FINISHED;
			}
		}
		end(PactState.FINISHED);
		return true;
	}

	public boolean cancelSecond() {
		if (this.members[1] != PactState.PENDING) {
			return false;
		}
		this.members[1] = PactState.CANCELLED;
		return true;
	}

	@Override
	public boolean cancel() {
		if (!end(PactState.CANCELLED)) {
			return false;
		}
		for (int i = 0; i < this.members.length; i++) {
			if (this.members[i] == PactState.PENDING) {
				this.members[i] = PactState.CANCELLED;
			}
		}
		return true;
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other) && Arrays.equals(this.done, ((GroupSpecification) other).done)
				&& Arrays.equals(this.members, ((GroupSpecification) other).members);
	}

	@Override
	public int hashCode() {
		return super.hashCode();
	}

}
