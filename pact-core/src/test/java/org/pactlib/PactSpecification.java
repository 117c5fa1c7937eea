package org.pactlib;

import java.util.ArrayList;
import java.util.List;

/**
 * What the operations of {@link PactLincheckTest} mean one at a time, written from the core API's
 * fixed behaviour: a pact on one condition (a flag), {@code then} and {@code lastly} callbacks that
 * log themselves. It ends once; the poll that finds the flag set finishes it and runs every
 * {@code then}, then every {@code lastly}, in the order added; {@code fail} and {@code cancel} run only
 * the {@code lastly} callbacks; a callback added once it ended runs at once ({@code then} only if it
 * finished); a future's completion does not touch the pact, its cancellation cancels a pending one.
 */
public class PactSpecification {

	private final List<String> log = new ArrayList<>();

	private final List<String> waiting = new ArrayList<>();

	private boolean done;

	private PactState state = PactState.PENDING;

	public void makeDone() {
		this.done = true;
	}

	public boolean poll() {
		if (this.state == PactState.PENDING && this.done) {
			end(PactState.FINISHED);
		}
		return this.state == PactState.FINISHED;
	}

	public boolean cancel() {
		return end(PactState.CANCELLED);
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
		return other instanceof PactSpecification that && this.done == that.done && this.state == that.state
				&& this.log.equals(that.log) && this.waiting.equals(that.waiting);
	}

	@Override
	public int hashCode() {
		return this.state.hashCode() * 31 + this.log.hashCode();
	}

}
