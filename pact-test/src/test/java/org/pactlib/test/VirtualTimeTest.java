package org.pactlib.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactClock;
import org.pactlib.PactGroup;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link VirtualTime} and {@link PactAssert#finishesWithin(Duration)} on a registry without
 * background polling: every poll runs on the test's thread, when the test moves the time.
 */
class VirtualTimeTest {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final VirtualClock clock = new VirtualClock();

	private final PactRegistry registry = PactRegistry.builder(this.scheduler)
		.clock(this.clock)
		.backgroundPolling(false)
		.build();

	private final PactFactory pacts = new PactFactory(this.registry,
			new PactDefaults(Duration.ofMinutes(5), Backoff.fixed(Duration.ofSeconds(1)), true));

	private final VirtualTime time = new VirtualTime(this.registry);

	private final List<String> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void shutDown() {
		this.registry.close();
		this.scheduler.shutdownNow();
	}

	private boolean after(Duration duration) {
		return this.clock.elapsed().compareTo(duration) >= 0;
	}

	@Test
	void advanceRunsEveryPollAndCallbackOfThatTimeBeforeItReturns() {
		Pact pact = this.pacts.builder("Deleting /a")
			.during(() -> this.events.add("poll at " + this.clock.elapsed().toSeconds()))
			.until(() -> after(Duration.ofSeconds(3)))
			.then(() -> this.events.add("deleted"))
			.create();
		assertThat(this.events).isEmpty();
		this.time.advance(Duration.ofSeconds(2));
		assertThat(this.events).containsExactly("poll at 0", "poll at 1", "poll at 2");
		PactAssertions.assertThat(pact).isPending();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.events).containsExactly("poll at 0", "poll at 1", "poll at 2", "poll at 3", "deleted");
		PactAssertions.assertThat(pact).isFinished();
		assertThat(this.registry.size()).isZero();
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void nothingIsPolledUntilTheTestMovesTheTime() {
		Pact pact = this.pacts.create("Deleting /a", () -> true);
		assertThat(pact.getPollCount()).isZero();
		assertThat(this.time.pollDue()).isEqualTo(1);
		PactAssertions.assertThat(pact).isFinished();
		assertThat(this.time.clock().elapsed()).isZero();
	}

	@Test
	void advanceRunsDeadlinesToo() {
		Pact pact = this.pacts.builder("Exporting q3").timeout(Duration.ofSeconds(30)).until(() -> false)
			.onTimeout(() -> this.events.add("late at " + this.clock.elapsed().toSeconds()))
			.create();
		this.time.advance(Duration.ofSeconds(29));
		assertThat(this.events).isEmpty();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.events).containsExactly("late at 30");
		PactAssertions.assertThat(pact).isOverdue().isPending();
	}

	@Test
	void tenVirtualMinutesTakeWellUnderASecond() {
		Pact pact = this.pacts.builder("Purging /data").timeout(Duration.ofMinutes(15))
			.until(() -> after(Duration.ofMinutes(10)))
			.create();
		long start = System.nanoTime();
		this.time.advance(Duration.ofMinutes(10));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		PactAssertions.assertThat(pact).isFinished();
		assertThat(pact.getPollCount()).isEqualTo(601);
	}

	@Test
	void finishesWithinDrivesARegisteredPactThroughItsRegistry() {
		Pact pact = this.pacts.builder("Deleting /b")
			.until(() -> after(Duration.ofSeconds(42)))
			.then(() -> this.events.add("deleted at " + this.clock.elapsed().toSeconds()))
			.create();
		this.time.assertThat(pact).finishesWithin(Duration.ofMinutes(1));
		assertThat(this.events).containsExactly("deleted at 42");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(42));
	}

	@Test
	void finishesWithinAGroupOfRegisteredPacts() {
		Pact a = this.pacts.create("Deleting /a", () -> after(Duration.ofSeconds(5)));
		Pact b = this.pacts.create("Deleting /b", () -> after(Duration.ofSeconds(50)));
		PactGroup group = this.pacts.group("deletes", List.of(a, b));
		this.time.advance(Duration.ofSeconds(10));
		PactAssertions.assertThat(group).isPending().hasPendingMembers(b);
		this.time.assertThat(group).finishesWithin(Duration.ofMinutes(1));
	}

	@Test
	void finishesWithinFailsWithTheSnapshotOfARegisteredPactThatDoesNotFinish() {
		Pact pact = this.pacts.create("Deleting /c", () -> false);
		assertThatThrownBy(() -> this.time.assertThat(pact).finishesWithin(Duration.ofSeconds(20)))
			.hasMessageContaining("Expected the pact to finish within PT20S, but after PT20S it was PENDING")
			.hasMessageContaining("<Pact: Deleting /c> PENDING, 0 of 1 conditions held, 21 polls");
	}

	@Test
	void finishesWithinARegisteredPactNeedsItsRegistry() {
		Pact pact = this.pacts.create("Deleting /d", () -> true);
		assertThatThrownBy(() -> PactAssertions.assertThat(pact).finishesWithin(Duration.ofSeconds(20)))
			.hasMessageContaining("polled in the background: name its registry with polledBy(registry)");
		VirtualClock otherClock = new VirtualClock();
		PactRegistry other = PactRegistry.builder(this.scheduler).clock(otherClock).backgroundPolling(false).build();
		assertThatThrownBy(() -> PactAssertions.assertThat(pact).polledBy(other).finishesWithin(Duration.ofSeconds(1)))
			.hasMessageContaining("but its registry on " + otherClock);
		other.close();
	}

	@Test
	void aRegistryOnTheSystemClockIsRefused() {
		PactRegistry system = PactRegistry.builder(this.scheduler).clock(PactClock.system()).backgroundPolling(false)
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> new VirtualTime(system))
			.withMessageContaining("not on a VirtualClock");
		system.close();
		assertThatIllegalArgumentException().isThrownBy(() -> this.time.advance(Duration.ofSeconds(-1)));
	}

}
