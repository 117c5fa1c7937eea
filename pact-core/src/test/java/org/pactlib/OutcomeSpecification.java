package org.pactlib;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The part of a pact's sequential specification that pacts and groups share: it ends once; the end
 * runs every {@code then} (if it finished), then every {@code lastly}, in the order added; a callback
 * added once it ended runs at once ({@code then} only if it finished); a future's completion does not
 * touch it, its cancellation cancels it when pending. Subclasses say how it is polled.
 * {@code outcome} lists the callbacks the end ran in their order, and apart from them, unordered, those
 * that ran at once (see {@link OutcomeOperations}).
 */
public abstract class OutcomeSpecification {

	private final List<String> log = new ArrayList<>();

	private final List<String> ranAtOnce = new ArrayList<>();

	private final List<String> waiting = new ArrayList<>();

	private PactState state = PactState.PENDING;

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
		return (this.state == PactState.PENDING) ? "PENDING" : describe(this.state, this.log, this.ranAtOnce);
	}

	/**
	 * Describes an ended pact: its state, the callbacks its end ran in order, and those that ran at once
	 * when added, sorted.
	 */
	static String describe(PactState state, Collection<String> ranAtTheEnd, Collection<String> ranAtOnce) {
		return state + " " + String.join(",", ranAtTheEnd) + " at once: "
				+ String.join(",", ranAtOnce.stream().sorted().toList());
	}

	private void add(String callback) {
		if (this.state == PactState.PENDING) {
			this.waiting.add(callback);
		}
		else if (callback.equals("lastly") || this.state == PactState.FINISHED) {
			this.ranAtOnce.add(callback);
		}
	}

	/**
	 * Ends the pact if it is pending, and runs its callbacks.
	 * @return whether this call ended it
	 */
	protected boolean end(PactState outcome) {
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
		return other != null && other.getClass() == getClass() && this.state == ((OutcomeSpecification) other).state
				&& this.log.equals(((OutcomeSpecification) other).log)
				&& this.ranAtOnce.equals(((OutcomeSpecification) other).ranAtOnce)
				&& this.waiting.equals(((OutcomeSpecification) other).waiting);
	}

	@Override
	public int hashCode() {
		return this.state.hashCode() * 31 + this.log.hashCode();
	}

}
