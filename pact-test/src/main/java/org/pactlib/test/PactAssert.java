package org.pactlib.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.assertj.core.api.AbstractAssert;
import org.pactlib.PactBase;
import org.pactlib.PactClock;
import org.pactlib.PactFailedException;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistry;

/**
 * AssertJ assertions on a {@link PactBase pact or group}, made by {@link PactAssertions#assertThat}.
 * Each assertion reads the pact without polling it, except {@link #finishesWithin(Duration)}, which
 * drives it on its virtual clock. A failure's message says what was expected and shows the pact's
 * snapshot: its state, how many conditions held, polls, deadline, last ignored exception and failure.
 */
public final class PactAssert extends AbstractAssert<PactAssert, PactBase> {

	private PactRegistry registry;

	PactAssert(PactBase actual) {
		super(actual, PactAssert.class);
	}

	/**
	 * Names the registry that polls the pact, for {@link #finishesWithin(Duration)}: a registry built
	 * with {@code backgroundPolling(false)} on the pact's virtual clock.
	 * @param registry the registry
	 * @return this assertion
	 */
	public PactAssert polledBy(PactRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
		return this;
	}

	/**
	 * Verifies that the pact has finished: every condition held (every member finished).
	 * @return this assertion
	 */
	public PactAssert isFinished() {
		return hasState(PactState.FINISHED);
	}

	/**
	 * Verifies that the pact is still pending.
	 * @return this assertion
	 */
	public PactAssert isPending() {
		return hasState(PactState.PENDING);
	}

	/**
	 * Verifies that the pact was cancelled.
	 * @return this assertion
	 */
	public PactAssert isCancelled() {
		return hasState(PactState.CANCELLED);
	}

	/**
	 * Verifies that the pact has failed, for any reason.
	 * @return this assertion
	 */
	public PactAssert hasFailed() {
		return hasState(PactState.FAILED);
	}

	/**
	 * Verifies that the pact has failed, and that its reason contains {@code reason}: the text given to
	 * {@code fail} or {@code failWhen}, or the cause's {@code toString()}.
	 * @param reason text the reason must contain
	 * @return this assertion
	 */
	public PactAssert hasFailedWith(String reason) {
		Objects.requireNonNull(reason, "reason");
		hasFailed();
		String actualReason = this.actual.getFailure().getReason();
		if (actualReason == null || !actualReason.contains(reason)) {
			throw failed("Expected the reason of the failure to contain%n  \"%s\"%nbut it was%n  \"%s\"", reason,
					actualReason);
		}
		return this;
	}

	/**
	 * Verifies that the pact has failed because of an exception of the given type (or a subtype).
	 * @param causeType the type of the cause
	 * @return this assertion
	 */
	public PactAssert hasFailedWith(Class<? extends Throwable> causeType) {
		Objects.requireNonNull(causeType, "causeType");
		hasFailed();
		Throwable cause = this.actual.getFailure().getCause();
		if (!causeType.isInstance(cause)) {
			throw failed("Expected the failure to be caused by a %s%nbut its cause was %s", causeType.getName(), cause);
		}
		return this;
	}

	/**
	 * Verifies that the pact has failed because of an exception of the given type whose message
	 * contains {@code message}.
	 * @param causeType the type of the cause
	 * @param message text the cause's message must contain
	 * @return this assertion
	 */
	public PactAssert hasFailedWith(Class<? extends Throwable> causeType, String message) {
		Objects.requireNonNull(message, "message");
		hasFailedWith(causeType);
		String causeMessage = this.actual.getFailure().getCause().getMessage();
		if (causeMessage == null || !causeMessage.contains(message)) {
			throw failed("Expected the message of the cause to contain%n  \"%s\"%nbut it was%n  \"%s\"", message,
					causeMessage);
		}
		return this;
	}

	/**
	 * Verifies that the pact was found still pending after its deadline (by a poll, an {@code await}
	 * that timed out, or its registry).
	 * @return this assertion
	 */
	public PactAssert isOverdue() {
		isNotNull();
		if (!this.actual.isDeadlinePassed()) {
			throw failed("Expected the pact to be overdue (its deadline passed while pending)");
		}
		return this;
	}

	/**
	 * Verifies that the pact is a group whose pending members are exactly these, in any order
	 * (compared by identity).
	 * @param members the expected pending members; none to expect that no member is pending
	 * @return this assertion
	 */
	public PactAssert hasPendingMembers(PactBase... members) {
		List<PactBase> pending = pendingMembers();
		List<PactBase> expected = Arrays.asList(members);
		boolean same = pending.size() == expected.size()
				&& expected.stream().allMatch((member) -> pending.stream().anyMatch((p) -> p == member));
		if (!same) {
			throw failed("Expected the pending members to be%n  %s%nbut they were%n  %s", expected, pending);
		}
		return this;
	}

	/**
	 * Verifies that the pact is a group whose pending members are exactly those described so
	 * ({@link Object#toString()} of each member, such as {@code <Pact: Deleting /a>}), in any order.
	 * @param descriptions the expected {@code toString()} of each pending member
	 * @return this assertion
	 */
	public PactAssert hasPendingMembersDescribed(String... descriptions) {
		List<String> pending = pendingMembers().stream().map(String::valueOf).sorted().toList();
		List<String> expected = Arrays.stream(descriptions).sorted().toList();
		if (!pending.equals(expected)) {
			throw failed("Expected the pending members to be%n  %s%nbut they were%n  %s", expected, pending);
		}
		return this;
	}

	private List<PactBase> pendingMembers() {
		isNotNull();
		if (!(this.actual instanceof PactGroup group)) {
			throw failed("Expected a group, but it is a single pact");
		}
		List<PactBase> pending = new ArrayList<>();
		for (PactBase member : group) {
			if (!member.state().isEnded()) {
				pending.add(member);
			}
		}
		return pending;
	}

	/**
	 * Verifies that the pact finishes within {@code duration} of virtual time, by driving it: the pact
	 * must run on a {@link VirtualClock}, which this moves forward. A pact polled in the background is
	 * driven through the registry given to {@link #polledBy(PactRegistry)} (built with
	 * {@code backgroundPolling(false)}), one tick at a time, polling what is due after each, as
	 * {@link VirtualTime#advance(Duration)} does; any other pact is polled directly, at the times its
	 * backoff says. No real time passes. The assertion fails as soon as the pact fails or is cancelled,
	 * or once {@code duration} has passed with the pact still pending; the clock stays where the
	 * assertion left it.
	 * @param duration the longest virtual time it may take, from now
	 * @return this assertion
	 */
	public PactAssert finishesWithin(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		isNotNull();
		PactClock clock = this.actual.clock();
		if (!(clock instanceof VirtualClock virtualClock)) {
			throw failed("Expected the pact to run on a VirtualClock, but it runs on %s", clock);
		}
		long start = virtualClock.nanoTime();
		if (this.actual.isPolledInBackground()) {
			driveThroughRegistry(virtualClock, duration);
		}
		else {
			drive(virtualClock, duration);
		}
		if (!this.actual.isFinished()) {
			throw failed("Expected the pact to finish within %s, but after %s it was %s", duration,
					Duration.ofNanos(virtualClock.nanoTime() - start), this.actual.state());
		}
		return this;
	}

	private void driveThroughRegistry(VirtualClock clock, Duration duration) {
		if (this.registry == null) {
			throw failed("The pact is polled in the background: name its registry with polledBy(registry)");
		}
		if (this.registry.getClock() != clock) {
			throw failed("The pact runs on %s, but its registry on %s", clock, this.registry.getClock());
		}
		long tick = this.registry.getSettings().tick().toNanos();
		this.registry.pollDue();
		for (long left = duration.toNanos(); left > 0 && !this.actual.state().isEnded(); left -= tick) {
			clock.advance(Duration.ofNanos(Math.min(tick, left)));
			this.registry.pollDue();
		}
	}

	private void drive(VirtualClock clock, Duration duration) {
		long left = duration.toNanos();
		for (long polls = 0;; polls++) {
			try {
				if (this.actual.poll() || this.actual.state().isEnded()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				throw failed(ex, "Expected the pact to finish within %s, but a poll threw %s", duration, ex);
			}
			if (left <= 0) {
				return;
			}
			long step = Math.min(this.actual.getBackoff().delayNanos(polls), left);
			clock.advance(Duration.ofNanos(step));
			left -= step;
		}
	}

	private PactAssert hasState(PactState expected) {
		isNotNull();
		if (this.actual.state() != expected) {
			throw failed("Expected the pact to be %s, but it was %s", expected, this.actual.state());
		}
		return this;
	}

	private AssertionError failed(String message, Object... arguments) {
		PactFailedException failure = this.actual.getFailure();
		return failed((failure != null) ? failure.getCause() : null, message, arguments);
	}

	private AssertionError failed(Throwable cause, String message, Object... arguments) {
		String description = this.info.descriptionText();
		String text = ((description == null || description.isEmpty()) ? "" : "[" + description + "] ")
				+ String.format(message, arguments) + System.lineSeparator() + "snapshot: "
				+ PactDescriptions.describe(this.actual);
		return new AssertionError(text, cause);
	}

}
