package org.pactlib;

import java.util.List;

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
 * say. A group's interleavings are many, so the build explores fewer scenarios here than for a pact;
 * {@code -Dlincheck.deep=true} explores many more.
 */
public class GroupLincheckTest extends OutcomeOperations {

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

	@Override
	PactBase target() {
		return this.group;
	}

	@Test
	void modelChecking() {
		LincheckRuns.modelChecking(GroupSpecification.class).iterations(LincheckRuns.DEEP ? 200 : 3).check(getClass());
	}

	/**
	 * Every interleaving of a cancel and a fail of the group at once: exactly one of them ends it.
	 */
	@Test
	void aGroupCancelledAndFailedAtOnceEndsOnce() {
		LincheckRuns.counterexample(GroupSpecification.class, getClass(), List.of(),
				List.of(List.of("cancel"), List.of("fail")), List.of("outcome"))
			.check(getClass());
	}

	@Test
	void stress() {
		LincheckRuns.stress(GroupSpecification.class).iterations(LincheckRuns.DEEP ? 200 : 2).check(getClass());
	}

}
