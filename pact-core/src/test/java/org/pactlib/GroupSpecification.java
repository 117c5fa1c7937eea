package org.pactlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the operations of {@link GroupLincheckTest} mean one at a time, from the core API's fixed
 * behaviour: a lazy group of two pacts, each on a flag. A poll of the group first fails it if a member
 * was cancelled, then polls the pending members in order up to the first that is still pending, and
 * finishes the group once both have finished. Cancelling the group cancels its pending members;
 * failing it leaves them alone. The group's {@code then} and {@code lastly} callbacks, its futures
 * and its outcome follow {@link PactSpecification}.
 */
public class GroupSpecification {

	private final boolean[] done = new boolean[2];

	private final PactState[] members = { PactState.PENDING, PactState.PENDING };

	private final List<String> log = new ArrayList<>();

	private final List<String> waiting = new ArrayList<>();

	private PactState state = PactState.PENDING;

	public void makeFirstDone() {
		this.done[0] = true;
	}

	public void makeSecondDone() {
		this.done[1] = true;
	}

	public boolean poll() {
		if (this.state != PactState.PENDING) {
			return this.state == PactState.FINISHED;
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

	public boolean fail() {
		return end(PactState.FAILED);
	}

	public void then() {
		add("then");
	}

	public void lastly() {
		add("lastly");
	}

	public PactState state() {
		return this.state;
	}

	public boolean isFinished() {
		return this.state == PactState.FINISHED;
	}

	public PactState completeFuture() {
		return this.state;
	}

	public PactState cancelFuture() {
		cancel();
		return this.state;
	}

	public String outcome() {
		return (this.state == PactState.PENDING) ? "PENDING" : this.state + " " + String.join(",", this.log);
	}

	private void add(String callback) {
		if (this.state == PactState.PENDING) {
			this.waiting.add(callback);
		}
		else if (callback.equals("lastly") || this.state == PactState.FINISHED) {
			this.log.add(callback);
		}
	}

	private boolean end(PactState outcome) {
		if (this.state != PactState.PENDING) {
			return false;
		}
		this.state = outcome;
		if (outcome == PactState.FINISHED) {
			this.waiting.stream().filter("then"::equals).forEach(this.log::add);
		}
		this.waiting.stream().filter("lastly"::equals).forEach(this.log::add);
		this.waiting.clear();
		return true;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof GroupSpecification that && Arrays.equals(this.done, that.done)
				&& Arrays.equals(this.members, that.members) && this.state == that.state
				&& this.log.equals(that.log) && this.waiting.equals(that.waiting);
	}

	@Override
	public int hashCode() {
		return this.state.hashCode() * 31 + this.log.hashCode();
	}

}
