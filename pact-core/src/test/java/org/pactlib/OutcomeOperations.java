package org.pactlib;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jetbrains.lincheck.datastructures.Operation;

/**
 * The Lincheck operations that pacts and groups share, on the pact {@link #target()} returns:
 * {@code cancel}, {@code fail}, {@code then} and {@code lastly} callbacks that log themselves,
 * {@code state}, {@code isFinished}, a future's {@code complete} and {@code cancel} (each returning the
 * state after it), and {@code outcome}, which reads the callbacks' log only once the pact's future
 * completed (callbacks run after the outcome is recorded and before futures complete), so that it is
 * exact under concurrency too. {@link OutcomeSpecification} says what they mean.
 */
public abstract class OutcomeOperations {

	private final Queue<String> log = new ConcurrentLinkedQueue<>();

	/**
	 * Returns the pact or group the operations act on; the same one on every call.
	 */
	abstract PactBase target();

	@Operation
	public boolean cancel() {
		return target().cancel();
	}

	@Operation
	public boolean fail() {
		return target().fail("permission denied");
	}

	@Operation
	public void then() {
		target().then(() -> this.log.add("then"));
	}

	@Operation
	public void lastly() {
		target().lastly(() -> this.log.add("lastly"));
	}

	@Operation
	public PactState state() {
		return target().state();
	}

	@Operation
	public boolean isFinished() {
		return target().isFinished();
	}

	@Operation
	public PactState completeFuture() {
		target().toCompletableFuture().complete(null);
		return target().state();
	}

	@Operation
	public PactState cancelFuture() {
		target().toCompletableFuture().cancel(false);
		return target().state();
	}

	@Operation
	public String outcome() {
		PactState state = target().state();
		if (state == PactState.PENDING) {
			return "PENDING";
		}
		target().toCompletableFuture().handle((result, failure) -> null).join();
		return state + " " + String.join(",", this.log);
	}

}
