package org.pactlib;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * A pact's outcome under every interleaving of two threads (model checking) and under real races
 * (stress): concurrent {@code poll}, {@code cancel}, {@code fail}, {@code then}, {@code lastly},
 * {@code state}, {@code isFinished} and a future's {@code complete} and {@code cancel} behave as if each
 * ran alone, in some order that respects real time, as {@link PactSpecification} says they do: the
 * pact ends exactly once, each {@code then} and {@code lastly} runs exactly once and every {@code then}
 * before any {@code lastly}, and an operation that returns after the end sees it.
 *
 * <p>{@code outcome} reads the callbacks' log only once the pact's future completed (callbacks run after
 * the outcome is recorded and before futures complete), so it is exact under concurrency too.
 * {@code -Dlincheck.deep=true} explores many more scenarios.
 */
public class PactLincheckTest {

	private final Queue<String> log = new ConcurrentLinkedQueue<>();

	private volatile boolean done;

	private final Pact pact = new Pact("Deleting /path").until(() -> this.done);

	@Operation
	public void makeDone() {
		this.done = true;
	}

	@Operation
	public boolean poll() {
		return this.pact.poll();
	}

	@Operation
	public boolean cancel() {
		return this.pact.cancel();
	}

	@Operation
	public boolean fail() {
		return this.pact.fail("permission denied");
	}

	@Operation
	public void then() {
		this.pact.then(() -> this.log.add("then"));
	}

	@Operation
	public void lastly() {
		this.pact.lastly(() -> this.log.add("lastly"));
	}

	@Operation
	public PactState state() {
		return this.pact.state();
	}

	@Operation
	public boolean isFinished() {
		return this.pact.isFinished();
	}

	@Operation
	public PactState completeFuture() {
		this.pact.toCompletableFuture().complete(null);
		return this.pact.state();
	}

	@Operation
	public PactState cancelFuture() {
		this.pact.toCompletableFuture().cancel(false);
		return this.pact.state();
	}

	@Operation
	public String outcome() {
		PactState state = this.pact.state();
		if (state == PactState.PENDING) {
			return "PENDING";
		}
		this.pact.toCompletableFuture().handle((result, failure) -> null).join();
		return state + " " + String.join(",", this.log);
	}

	@Test
	void modelChecking() {
		LincheckRuns.modelChecking(PactSpecification.class).check(getClass());
	}

	/**
	 * The counterexample model checking found first: a {@code cancel} (here through a future) that lost
	 * to a {@code fail} still in progress returned "already ended" while {@code state()} said
	 * {@code PENDING}, because the loser did not wait for the winner to record the outcome.
	 */
	@Test
	void aCancelThatLosesToAFailInProgressSeesTheFailure() {
		LincheckRuns.counterexample(PactSpecification.class, getClass(),
				List.of(List.of("cancelFuture"), List.of("fail")))
			.check(getClass());
	}

	@Test
	void stress() {
		LincheckRuns.stress(PactSpecification.class).check(getClass());
	}

}
