package org.pactlib;

import java.util.List;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * A pact's outcome under every interleaving of two threads (model checking) and under real races
 * (stress): concurrent {@code poll}, {@code cancel}, {@code fail}, {@code then}, {@code lastly},
 * {@code state}, {@code isFinished} and a future's {@code complete} and {@code cancel} behave as if each
 * ran alone, in some order that respects real time, as {@link PactSpecification} says they do: the
 * pact ends exactly once, each {@code then} and {@code lastly} runs exactly once, of those the end runs
 * every {@code then} before any {@code lastly}, one added after the end runs at once, and an operation
 * that returns after the end sees it.
 *
 * <p>The shared operations are {@link OutcomeOperations}'; {@code -Dlincheck.deep=true} explores many
 * more scenarios.
 */
public class PactLincheckTest extends OutcomeOperations {

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

	@Override
	PactBase target() {
		return this.pact;
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

	/**
	 * Every interleaving of callbacks added while another thread ends the pact: each runs exactly
	 * once, on one thread or the other, and none is lost when the list is closed. A {@code lastly}
	 * added just after the end may run at once before the ending thread ran the {@code then} added
	 * before it: found by a stress loop, and allowed (as for a {@code CompletableFuture}'s dependents).
	 */
	@Test
	void callbacksAddedWhileAnotherThreadEndsThePactRunExactlyOnce() {
		LincheckRuns.counterexample(PactSpecification.class, getClass(), List.of("makeDone"),
				List.of(List.of("then", "lastly"), List.of("poll")), List.of("outcome"))
			.check(getClass());
	}

	@Test
	void stress() {
		LincheckRuns.stress(PactSpecification.class).check(getClass());
	}

}
