package org.pactlib;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * A group's outcome under every interleaving of two threads (model checking) and under real races
 * (stress), checked against {@link GroupSpecification}: concurrent polls of the group, its
 * {@code cancel}, {@code fail}, {@code then}, {@code lastly}, {@code state}, {@code isFinished} and
 * futures, while its members' conditions come true and a member is cancelled. The group ends exactly
 * once, finishes only once both members did, fails at the poll after a member was cancelled, and runs
 * each of its callbacks exactly once, every {@code then} before any {@code lastly}.
 *
 * <p>A member's cancellation is never concurrent with a poll of the group ({@code nonParallelGroup}):
 * a poll that overlaps it may see the member ended before the member has told the group, and leaves
 * the group pending until its next poll, which the API allows but a one-at-a-time specification cannot
 * say. {@code -Dlincheck.deep=true} explores many more scenarios.
 */
public class GroupLincheckTest {

	private final Queue<String> log = new ConcurrentLinkedQueue<>();

	private volatile boolean firstDone;

	private volatile boolean secondDone;

	private final Pact first = new Pact("Deleting /a").until(() -> this.firstDone);

	private final Pact second = new Pact("Deleting /b").until(() -> this.secondDone);

	private final PactGroup group = new PactGroup(List.of(this.first, this.second));

	@Operation
	public void makeFirstDone() {
		this.firstDone = true;
	}

	@Operation
	public void makeSecondDone() {
		this.secondDone = true;
	}

	@Operation(nonParallelGroup = "members")
	public boolean poll() {
		return this.group.poll();
	}

	@Operation(nonParallelGroup = "members")
	public boolean cancelSecond() {
		return this.second.cancel();
	}

	@Operation
	public boolean cancel() {
		return this.group.cancel();
	}

	@Operation
	public boolean fail() {
		return this.group.fail("permission denied");
	}

	@Operation
	public void then() {
		this.group.then(() -> this.log.add("then"));
	}

	@Operation
	public void lastly() {
		this.group.lastly(() -> this.log.add("lastly"));
	}

	@Operation
	public PactState state() {
		return this.group.state();
	}

	@Operation
	public boolean isFinished() {
		return this.group.isFinished();
	}

	@Operation
	public PactState completeFuture() {
		this.group.toCompletableFuture().complete(null);
		return this.group.state();
	}

	@Operation
	public PactState cancelFuture() {
		this.group.toCompletableFuture().cancel(false);
		return this.group.state();
	}

	@Operation
	public String outcome() {
		PactState state = this.group.state();
		if (state == PactState.PENDING) {
			return "PENDING";
		}
		this.group.toCompletableFuture().handle((result, failure) -> null).join();
		return state + " " + String.join(",", this.log);
	}

	@Test
	void modelChecking() {
		LincheckRuns.modelChecking(GroupSpecification.class).check(getClass());
	}

	@Test
	void stress() {
		LincheckRuns.stress(GroupSpecification.class).check(getClass());
	}

}
