package org.pactlib.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactGroup;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pactlib.test.PactAssertions.assertThat;

/**
 * Each assertion of {@link PactAssert}: it passes when it should, and when it fails, its message says
 * what was expected and shows the pact's snapshot.
 */
class PactAssertTest {

	private final VirtualClock clock = new VirtualClock();

	private Pact pact(String description) {
		return Pact.builder(description).clock(this.clock).build();
	}

	@Test
	void isFinishedPassesOnAFinishedPactAndShowsTheSnapshotOfAPendingOne() {
		Pact done = pact("Deleting /a").until(() -> true);
		done.poll();
		assertThat(done).isFinished();
		Pact pending = pact("Deleting /b").until(() -> true).until(() -> false);
		pending.poll();
		assertThatThrownBy(() -> assertThat(pending).isFinished())
			.hasMessageContaining("Expected the pact to be FINISHED, but it was PENDING")
			.hasMessageContaining("snapshot: <Pact: Deleting /b> PENDING, 1 of 2 conditions held, 1 poll");
	}

	@Test
	void isPendingPassesOnAPendingPactAndFailsOnAFinishedOne() {
		Pact pending = pact("Deleting /a").until(() -> false);
		assertThat(pending).isPending();
		Pact done = pact("Deleting /b").until(() -> true);
		done.poll();
		assertThatThrownBy(() -> assertThat(done).isPending())
			.hasMessageContaining("Expected the pact to be PENDING, but it was FINISHED")
			.hasMessageContaining("<Pact: Deleting /b> FINISHED, 1 of 1 conditions held, 1 poll");
	}

	@Test
	void isCancelledPassesOnACancelledPactAndFailsOnAPendingOne() {
		Pact cancelled = pact("Deleting /a");
		cancelled.cancel();
		assertThat(cancelled).isCancelled();
		assertThatThrownBy(() -> assertThat(pact("Deleting /b")).isCancelled())
			.hasMessageContaining("Expected the pact to be CANCELLED, but it was PENDING")
			.hasMessageContaining("<Pact: Deleting /b> PENDING, 0 of 0 conditions held, 0 polls");
	}

	@Test
	void hasFailedWithAReasonChecksTheReasonText() {
		Pact failed = pact("Starting vm-7");
		failed.fail("vm-7 went into ERROR");
		assertThat(failed).hasFailed().hasFailedWith("went into ERROR");
		assertThatThrownBy(() -> assertThat(failed).hasFailedWith("timed out"))
			.hasMessageContaining("Expected the reason of the failure to contain")
			.hasMessageContaining("\"timed out\"")
			.hasMessageContaining("but it was")
			.hasMessageContaining("\"vm-7 went into ERROR\"")
			.hasMessageContaining("failure: <Pact: Starting vm-7> failed: vm-7 went into ERROR");
	}

	@Test
	void hasFailedWithFailsOnAPactThatDidNotFail() {
		Pact pending = pact("Starting vm-8");
		assertThatThrownBy(() -> assertThat(pending).hasFailedWith("anything"))
			.hasMessageContaining("Expected the pact to be FAILED, but it was PENDING")
			.hasMessageContaining("<Pact: Starting vm-8> PENDING");
	}

	@Test
	void hasFailedWithACauseTypeChecksTheCause() {
		Pact failed = pact("Exporting q3");
		failed.fail(new IllegalStateException("quota exceeded"));
		assertThat(failed).hasFailedWith(IllegalStateException.class)
			.hasFailedWith(RuntimeException.class, "quota");
		assertThatThrownBy(() -> assertThat(failed).hasFailedWith(IOException.class))
			.hasMessageContaining("Expected the failure to be caused by a java.io.IOException")
			.hasMessageContaining("but its cause was java.lang.IllegalStateException: quota exceeded")
			.hasCauseInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> assertThat(failed).hasFailedWith(IllegalStateException.class, "disk full"))
			.hasMessageContaining("Expected the message of the cause to contain")
			.hasMessageContaining("\"disk full\"");
		Pact failedWithoutCause = pact("Exporting q4");
		failedWithoutCause.fail("gave up");
		assertThatThrownBy(() -> assertThat(failedWithoutCause).hasFailedWith(IllegalStateException.class))
			.hasMessageContaining("but its cause was null");
	}

	@Test
	void isOverduePassesOnceAPollFoundTheDeadlinePassed() {
		Pact late = Pact.builder("Exporting q3").clock(this.clock).timeout(Duration.ofSeconds(10)).build()
			.until(() -> false);
		assertThatThrownBy(() -> assertThat(late).isOverdue())
			.hasMessageContaining("Expected the pact to be overdue")
			.hasMessageContaining("deadline " + late.getDeadline())
			.satisfies((error) -> org.assertj.core.api.Assertions.assertThat(error.getMessage()).doesNotContain("(passed)"));
		assertThatThrownBy(late::await);
		assertThat(late).isOverdue().isPending();
		assertThatThrownBy(() -> assertThat(late).isFinished()).hasMessageContaining("(passed)");
	}

	@Test
	void theSnapshotShowsTheLastIgnoredException() {
		Pact flaky = Pact.builder("Exporting report").clock(this.clock)
			.ignoreExceptions(UncheckedIOException.class)
			.build()
			.until(() -> {
				throw new UncheckedIOException(new IOException("503 Service Unavailable"));
			});
		flaky.poll();
		assertThatThrownBy(() -> assertThat(flaky).isFinished())
			.hasMessageContaining("last ignored: java.io.UncheckedIOException: java.io.IOException: 503 Service Unavailable");
	}

	@Test
	void hasPendingMembersComparesTheGroupsPendingMembers() {
		Pact a = pact("Deleting /a").until(() -> true);
		Pact b = pact("Deleting /b").until(() -> false);
		Pact c = pact("Deleting /c").until(() -> false);
		PactGroup group = new PactGroup(java.util.List.of(a, b, c));
		group.poll();
		assertThat(group).hasPendingMembers(c, b).hasPendingMembersDescribed("<Pact: Deleting /b>",
				"<Pact: Deleting /c>");
		assertThatThrownBy(() -> assertThat(group).hasPendingMembers(b))
			.hasMessageContaining("Expected the pending members to be")
			.hasMessageContaining("[<Pact: Deleting /b>]")
			.hasMessageContaining("but they were")
			.hasMessageContaining("[<Pact: Deleting /b>, <Pact: Deleting /c>]")
			.hasMessageContaining("1 of 3 members finished")
			.hasMessageContaining("  <Pact: Deleting /a> FINISHED");
		assertThatThrownBy(() -> assertThat(group).hasPendingMembersDescribed("<Pact: Deleting /a>"))
			.hasMessageContaining("but they were");
		assertThatThrownBy(() -> assertThat(a).hasPendingMembers())
			.hasMessageContaining("Expected a group, but it is a single pact");
	}

	@Test
	void finishesWithinPollsAnUnregisteredPactAtItsBackoffOnVirtualTime() {
		Pact pact = Pact.builder("Deleting /huge_dir").clock(this.clock)
			.backoff(org.pactlib.Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8), 2))
			.build();
		StringBuilder polls = new StringBuilder();
		pact.during(() -> polls.append(this.clock.elapsed().toSeconds()).append(' '))
			.until(() -> this.clock.elapsed().compareTo(Duration.ofSeconds(30)) >= 0);
		long start = System.nanoTime();
		assertThat(pact).finishesWithin(Duration.ofMinutes(1));
		org.assertj.core.api.Assertions.assertThat(polls.toString()).isEqualTo("0 1 3 7 15 23 31 ");
		org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - start))
			.isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void finishesWithinFailsWithTheSnapshotWhenThePactIsStillPending() {
		AtomicInteger calls = new AtomicInteger();
		Pact pact = pact("Deleting /slow").until(() -> calls.incrementAndGet() > 100);
		assertThatThrownBy(() -> assertThat(pact).finishesWithin(Duration.ofSeconds(10)))
			.hasMessageContaining("Expected the pact to finish within PT10S, but after PT10S it was PENDING")
			.hasMessageContaining("<Pact: Deleting /slow> PENDING, 0 of 1 conditions held, 11 polls");
		org.assertj.core.api.Assertions.assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void finishesWithinFailsAtOnceWhenThePactFails() {
		Pact pact = pact("Starting vm-7").failWhen(() -> this.clock.elapsed().toSeconds() >= 3, "vm-7 went into ERROR")
			.until(() -> false);
		assertThatThrownBy(() -> assertThat(pact).finishesWithin(Duration.ofMinutes(10)))
			.hasMessageContaining("but after PT3S it was FAILED")
			.hasMessageContaining("failure: <Pact: Starting vm-7> failed: vm-7 went into ERROR");
	}

	@Test
	void finishesWithinReportsAPollThatThrows() {
		Pact pact = pact("Exporting q3").until(() -> {
			throw new IllegalStateException("no such job");
		});
		assertThatThrownBy(() -> assertThat(pact).finishesWithin(Duration.ofMinutes(1)))
			.hasMessageContaining("but a poll threw java.lang.IllegalStateException: no such job")
			.hasCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void finishesWithinNeedsAVirtualClock() {
		Pact pact = new Pact("On the system clock").until(() -> true);
		assertThatThrownBy(() -> assertThat(pact).finishesWithin(Duration.ofSeconds(1)))
			.hasMessageContaining("Expected the pact to run on a VirtualClock, but it runs on");
		org.assertj.core.api.Assertions.assertThat(pact.getPollCount()).isZero();
	}

	@Test
	void theMessageShownInTheReadme() {
		VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
		Pact pact = Pact.builder("Exporting report").clock(clock).timeout(Duration.ofMinutes(5))
			.ignoreExceptions(UncheckedIOException.class)
			.build()
			.until(() -> {
				throw new UncheckedIOException(new IOException("503 Service Unavailable"));
			});
		assertThatThrownBy(() -> assertThat(pact).finishesWithin(Duration.ofSeconds(20)))
			.hasMessage("Expected the pact to finish within PT20S, but after PT20S it was PENDING%n"
					+ "snapshot: <Pact: Exporting report> PENDING, 0 of 1 conditions held, 21 polls, "
					+ "deadline 2026-01-01T00:05:00Z, last ignored: java.io.UncheckedIOException: "
					+ "java.io.IOException: 503 Service Unavailable", new Object[0]);
	}

	@Test
	void aDescriptionGivenWithAsPrefixesTheMessage() {
		assertThatThrownBy(() -> assertThat(pact("Deleting /a")).as("the purge").isFinished())
			.hasMessageStartingWith("[the purge] Expected the pact to be FINISHED");
	}

	@Test
	void aNullPactFails() {
		assertThatThrownBy(() -> assertThat(null).isFinished()).isInstanceOf(AssertionError.class)
			.hasMessageContaining("Expecting actual not to be null");
	}

}
