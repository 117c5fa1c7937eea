package org.pactlib.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The snapshot layer for listings: a filtered page of the newest pacts with the count of all that
 * matched, and the timing details of a snapshot (next poll, time left, overdue since, the ignored
 * exception's type and message). The registry polls only when the test calls {@code pollDue()}, on a
 * virtual clock, so every instant is exact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactRegistrySnapshotPageTest {

	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final VirtualClock clock = new VirtualClock(ORIGIN);

	private final PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
		.clock(this.clock)
		.backgroundPolling(false)
		.build());

	private final PactFactory factory = new PactFactory(this.registry,
			new PactDefaults(Duration.ofSeconds(5), Backoff.fixed(Duration.ofSeconds(3)), true));

	@Test
	void pageListsTheNewestMatchesFirstAndCountsThemAll() {
		for (int i = 0; i < 10; i++) {
			this.factory.builder("Deleting /" + i).name((i % 2 == 0) ? "storage.delete" : "report.export")
				.until(() -> false)
				.create();
		}
		PactSnapshotPage page = this.registry.snapshot((pact) -> pact.name().equals("storage.delete"), 3);
		assertThat(page.matched()).isEqualTo(5);
		assertThat(page.pacts()).extracting(PactSnapshot::description)
			.containsExactly("Deleting /8", "Deleting /6", "Deleting /4");

		PactSnapshotPage all = this.registry.snapshot((pact) -> true, 100);
		assertThat(all.matched()).isEqualTo(10);
		assertThat(all.pacts()).extracting(PactSnapshot::description).first().isEqualTo("Deleting /9");
		assertThat(all.pacts()).extracting(PactSnapshot::description).last().isEqualTo("Deleting /0");
	}

	@Test
	void limitZeroOnlyCountsAndANegativeLimitIsRefused() {
		this.factory.create("a", () -> false);
		this.factory.create("b", () -> false);
		PactSnapshotPage page = this.registry.snapshot((pact) -> true, 0);
		assertThat(page.matched()).isEqualTo(2);
		assertThat(page.pacts()).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.snapshot((pact) -> true, -1))
			.withMessageContaining("limit must not be negative");
	}

	@Test
	void endedPactsAreNeitherCountedNorListed() {
		Pact ended = this.factory.create("ended", () -> false);
		this.factory.create("pending", () -> false);
		ended.cancel();
		PactSnapshotPage page = this.registry.snapshot((pact) -> true, 10);
		assertThat(page.matched()).isOne();
		assertThat(page.pacts()).extracting(PactSnapshot::description).containsExactly("pending");
	}

	@Test
	void snapshotTellsTheNextPollTheTimeLeftAndSinceWhenItIsOverdue() {
		Pact pact = this.factory.create("Exporting", () -> false);
		String id = this.registry.snapshot().get(0).id();
		PactSnapshot queued = this.registry.find(id).orElseThrow();
		assertThat(queued.nextPollAt()).as("queued for its first poll").isEqualTo(ORIGIN);
		assertThat(queued.remaining()).isEqualTo(Duration.ofSeconds(5));
		assertThat(queued.overdueSince()).isNull();

		this.registry.pollDue();
		assertThat(pact.getPollCount()).isOne();
		PactSnapshot waiting = this.registry.find(id).orElseThrow();
		assertThat(waiting.nextPollAt()).isEqualTo(ORIGIN.plusSeconds(3));

		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.registry.find(id).orElseThrow().remaining()).isEqualTo(Duration.ofSeconds(3));

		this.clock.advance(Duration.ofSeconds(4));
		this.registry.pollDue();
		PactSnapshot overdue = this.registry.find(id).orElseThrow();
		assertThat(overdue.state()).isEqualTo(PactState.PENDING);
		assertThat(overdue.overdue()).isTrue();
		assertThat(overdue.overdueSince()).isNotNull().isAfterOrEqualTo(ORIGIN.plusSeconds(5));
		assertThat(overdue.remaining()).isEqualTo(Duration.ofSeconds(-1));
	}

	@Test
	void snapshotSplitsTheIgnoredExceptionIntoTypeAndMessage() {
		this.factory.builder("Reading").ignoreExceptions(IllegalStateException.class).until(() -> {
			throw new IllegalStateException("not ready at /data/7");
		}).create();
		this.registry.pollDue();
		PactSnapshot snapshot = this.registry.snapshot().get(0);
		assertThat(snapshot.lastIgnoredExceptionType()).isEqualTo("java.lang.IllegalStateException");
		assertThat(snapshot.lastIgnoredExceptionMessage()).isEqualTo("not ready at /data/7");
		assertThat(snapshot.lastIgnoredException()).isEqualTo("java.lang.IllegalStateException: not ready at /data/7");
	}

	@Test
	void summaryCountsByStateAndOverdueAndFindsTheOldestPendingPact() {
		PactRegistrySummary empty = this.registry.summary();
		assertThat(empty.total()).isZero();
		assertThat(empty.oldestCreatedAt()).isNull();
		assertThat(empty.byState()).containsEntry(PactState.PENDING, 0).hasSize(PactState.values().length);

		this.factory.create("first", () -> false);
		this.clock.advance(Duration.ofSeconds(4));
		this.factory.create("second", () -> false);
		this.registry.pollDue();
		this.clock.advance(Duration.ofSeconds(2));
		this.registry.pollDue();

		PactRegistrySummary summary = this.registry.summary();
		assertThat(summary.total()).isEqualTo(2);
		assertThat(summary.byState()).containsEntry(PactState.PENDING, 2).containsEntry(PactState.FAILED, 0);
		assertThat(summary.overdue()).as("only the first passed its deadline").isOne();
		assertThat(summary.oldestCreatedAt()).isEqualTo(ORIGIN);
	}

}
