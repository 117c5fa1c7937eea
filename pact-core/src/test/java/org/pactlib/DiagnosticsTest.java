package org.pactlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a {@link TimeoutExpiredException} tells about the pacts that were still pending.
 */
class DiagnosticsTest {

	private final VirtualClock clock = new VirtualClock();

	private Pact pact(String description) {
		return Pact.builder(description).clock(this.clock).build();
	}

	private static TimeoutExpiredException timeoutOf(PactBase pact, Duration timeout) {
		try {
			pact.await(timeout);
		}
		catch (TimeoutExpiredException ex) {
			return ex;
		}
		throw new AssertionError("await of " + pact + " did not time out");
	}

	@Test
	void theMessageStaysTheSeedsAndThePendingPactIsListed() {
		Pact pact = pact("Deleting /path").until(() -> false);
		TimeoutExpiredException timeout = timeoutOf(pact, Duration.ofMillis(1500));
		assertThat(timeout).hasMessage("Timeout of 1.5 seconds expired waiting for <Pact: Deleting /path>");
		assertThat(timeout.getPact()).isSameAs(pact);
		assertThat(timeout.getTimeout()).isEqualTo(Duration.ofMillis(1500));
		assertThat(timeout.getPending()).containsExactly(new PendingPact(pact, 0, 1, null));
	}

	@Test
	void aDeadlineTimeoutReportsTheTimeThatWasLeft() {
		Pact pact = Pact.builder("Deleting /path").clock(this.clock).timeout(Duration.ofSeconds(8)).build()
			.until(() -> false);
		this.clock.advance(Duration.ofSeconds(2));
		TimeoutExpiredException timeout = timeoutOf(pact, null);
		assertThat(timeout).hasMessage("Timeout of 6.0 seconds expired waiting for <Pact: Deleting /path>");
		assertThat(timeout.getTimeout()).isEqualTo(Duration.ofSeconds(6));
		assertThat(timeout.getPact()).isSameAs(pact);
	}

	@Test
	void pendingCountsTheHeldConditionsAndKeepsTheLastIgnoredException() {
		AtomicInteger attempts = new AtomicInteger();
		Pact pact = Pact.builder("Exporting report").clock(this.clock).lazy(false)
			.ignoreExceptions(UncheckedIOException.class)
			.build()
			.until(() -> true)
			.until(() -> {
				throw new UncheckedIOException(new IOException("503 #" + attempts.incrementAndGet()));
			})
			.until(() -> false);
		TimeoutExpiredException timeout = timeoutOf(pact, Duration.ofSeconds(3));
		assertThat(attempts).hasValue(4);
		assertThat(pact.getLastIgnoredException()).hasRootCauseMessage("503 #4");
		assertThat(timeout.getPending()).hasSize(1);
		PendingPact pending = timeout.getPending().get(0);
		assertThat(pending.pact()).isSameAs(pact);
		assertThat(pending.heldConditions()).isEqualTo(1);
		assertThat(pending.conditions()).isEqualTo(3);
		assertThat(pending.lastIgnoredException()).isSameAs(pact.getLastIgnoredException());
	}

	@Test
	void describeAddsOneLinePerPendingPactWithItsLastIgnoredException() {
		UncheckedIOException busy = new UncheckedIOException(new IOException("busy"));
		Pact pact = Pact.builder("Deleting /huge").clock(this.clock)
			.ignoreExceptions(UncheckedIOException.class)
			.build()
			.until(() -> {
				throw busy;
			});
		TimeoutExpiredException timeout = timeoutOf(pact, Duration.ofSeconds(10));
		List<String> lines = timeout.describe().lines().toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).isEqualTo(timeout.getMessage())
			.isEqualTo("Timeout of 10 seconds expired waiting for <Pact: Deleting /huge>");
		assertThat(lines.get(1)).startsWith("  pending: <Pact: Deleting /huge>")
			.contains("0 of 1")
			.contains(busy.toString());
	}

	@Test
	void describeWithoutIgnoredExceptionsDoesNotMentionOne() {
		Pact pact = pact("Deleting /path").until(() -> false);
		TimeoutExpiredException timeout = timeoutOf(pact, Duration.ofSeconds(1));
		assertThat(timeout.describe().lines().toList()).containsExactly(timeout.getMessage(),
				"  pending: <Pact: Deleting /path> (0 of 1 conditions held)");
	}

	@Test
	void aGroupListsEveryPendingPactOfItsNestedGroupsInOrder() {
		Pact p1 = pact("p1").until(() -> false);
		Pact p2 = pact("p2");
		Pact p3 = pact("p3").until(() -> false);
		Pact p4 = pact("p4").until(() -> false);
		Pact p5 = pact("p5").until(() -> false);
		PactGroup inner = new PactGroup(List.of(p2, p3));
		PactGroup innermost = new PactGroup(List.of(p4));
		inner.add(innermost);
		PactGroup outer = new PactGroup(List.of(p1, inner, p5));
		p2.poll();
		TimeoutExpiredException timeout = timeoutOf(outer, Duration.ofSeconds(10));
		assertThat(timeout).hasMessageStartingWith("Timeout of 10 seconds expired waiting for [<Pact: p1>, [");
		assertThat(timeout.getPact()).isSameAs(outer);
		assertThat(timeout.getPending()).extracting(PendingPact::pact).containsExactly(p1, p3, p4, p5);
		assertThat(timeout.describe().lines().skip(1).toList()).containsExactly(
				"  pending: <Pact: p1> (0 of 1 conditions held)", "  pending: <Pact: p3> (0 of 1 conditions held)",
				"  pending: <Pact: p4> (0 of 1 conditions held)", "  pending: <Pact: p5> (0 of 1 conditions held)");
	}

	@Test
	void aGroupLeavesOutMembersThatFinishedWhileWaiting() {
		AtomicInteger p1Polls = new AtomicInteger();
		Pact p1 = pact("p1").until(() -> p1Polls.incrementAndGet() >= 2);
		Pact p2 = pact("p2").until(() -> false);
		PactGroup group = p1.groupWith(p2);
		TimeoutExpiredException timeout = timeoutOf(group, Duration.ofSeconds(5));
		assertThat(timeout).hasMessage("Timeout of 5 seconds expired waiting for [<Pact: p2>]");
		assertThat(timeout.getPending()).extracting(PendingPact::pact).containsExactly(p2);
	}

	@Test
	void theTimeoutExceptionFactoryStillGetsTheDiagnostics() {
		Pact pact = Pact.builder("job").clock(this.clock)
			.timeoutException((timeout) -> new IllegalStateException(timeout.describe(), timeout))
			.build()
			.until(() -> false);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(1)))
			.withMessageContaining("  pending: <Pact: job>")
			.havingCause()
			.isInstanceOf(TimeoutExpiredException.class)
			.satisfies((cause) -> assertThat(((TimeoutExpiredException) cause).getPending()).hasSize(1));
	}

	@Test
	void aTimeoutExceptionMadeFromAMessageHasNoDiagnostics() {
		TimeoutExpiredException timeout = new TimeoutExpiredException("gave up");
		assertThat(timeout.getPact()).isNull();
		assertThat(timeout.getTimeout()).isNull();
		assertThat(timeout.getPending()).isEmpty();
		assertThat(timeout.describe()).isEqualTo("gave up");
	}

	@Test
	void pendingPactToStringIsOneReadableLine() {
		Pact pact = pact("Deleting /path");
		IllegalStateException busy = new IllegalStateException("busy");
		assertThat(new PendingPact(pact, 1, 2, null)).hasToString("<Pact: Deleting /path> (1 of 2 conditions held)");
		assertThat(new PendingPact(pact, 0, 1, busy)).hasToString(
				"<Pact: Deleting /path> (0 of 1 conditions held), last ignored: java.lang.IllegalStateException: busy");
	}

	@Test
	void thePendingListIsASnapshotThatCannotBeChanged() {
		Pact pact = pact("job").until(() -> false);
		TimeoutExpiredException timeout = timeoutOf(pact, Duration.ofSeconds(1));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> timeout.getPending().add(new PendingPact(pact, 0, 0, null)));
	}

}
