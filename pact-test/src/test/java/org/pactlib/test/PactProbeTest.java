package org.pactlib.test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PactProbe}: what a registry registered, by name, and how each pact ended.
 */
class PactProbeTest {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final PactProbe probe = new PactProbe();

	private final PactRegistry registry = PactRegistry.builder(this.scheduler)
		.clock(new VirtualClock())
		.backgroundPolling(false)
		.listener(this.probe)
		.build();

	private final PactFactory pacts = new PactFactory(this.registry,
			new PactDefaults(null, Backoff.fixed(Duration.ofSeconds(1)), true));

	private final VirtualTime time = new VirtualTime(this.registry);

	@AfterEach
	void shutDown() {
		this.registry.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void listsThePactsRegisteredByNameWithHowTheyEnded() {
		Pact q3 = this.pacts.builder("Exporting q3").name("report.export").until(() -> true).create();
		Pact q4 = this.pacts.builder("Exporting q4").name("report.export").until(() -> false).create();
		Pact purge = this.pacts.builder("Purging /x").name("purge").until(() -> false).create();
		this.time.advance(Duration.ofSeconds(1));
		purge.cancel();
		assertThat(this.probe.created()).containsExactly(q3, q4, purge);
		assertThat(this.probe.names()).containsExactly("report.export", "report.export", "purge");
		assertThat(this.probe.created("report.export")).containsExactly(q3, q4);
		assertThat(this.probe.single("purge")).isSameAs(purge);
		assertThat(this.probe.ended("report.export", PactState.FINISHED)).containsExactly(q3);
		assertThat(this.probe.ended("purge", PactState.CANCELLED)).containsExactly(purge);
		assertThat(this.probe.pending()).containsExactly(q4);
		assertThat(this.probe).hasToString("[report.export <Pact: Exporting q3> FINISHED, "
				+ "report.export <Pact: Exporting q4> PENDING, purge <Pact: Purging /x> CANCELLED]");
	}

	@Test
	void singleFailsWithWhatWasRegistered() {
		this.pacts.builder("Exporting q3").name("report.export").until(() -> false).create();
		this.pacts.builder("Exporting q4").name("report.export").until(() -> false).create();
		assertThatThrownBy(() -> this.probe.single("purge"))
			.hasMessageContaining("Expected one pact named \"purge\" to have been registered, but there were 0[]")
			.hasMessageContaining("registered: [report.export <Pact: Exporting q3> PENDING");
		assertThatThrownBy(() -> this.probe.single("report.export"))
			.hasMessageContaining("but there were 2[<Pact: Exporting q3>, <Pact: Exporting q4>]");
	}

	@Test
	void aHandedOverPactIsNotPending() {
		Pact pact = this.pacts.create("Deleting /a", () -> false);
		this.registry.unregister(pact);
		assertThat(this.probe.created()).containsExactly(pact);
		assertThat(this.probe.pending()).isEmpty();
		assertThat(this.probe.toString()).contains("handed over");
	}

	@Test
	void recordsWhatThePollsThrew() {
		this.pacts.create("Deleting /a", () -> {
			throw new IllegalStateException("no such directory");
		});
		this.pacts.builder("Deleting /b").until(() -> true).then(() -> {
			throw new UnsupportedOperationException("read-only audit log");
		}).create();
		this.time.pollDue();
		assertThat(this.probe.pollFailures()).extracting(Throwable::getMessage)
			.containsExactly("no such directory", "read-only audit log");
	}

	@Test
	void clearForgetsEverything() {
		this.pacts.create("Deleting /a", () -> {
			throw new IllegalStateException("no such directory");
		});
		this.time.pollDue();
		assertThat(this.probe.pollFailures()).hasSize(1);
		this.probe.clear();
		assertThat(this.probe.created()).isEmpty();
		assertThat(this.probe.pollFailures()).isEmpty();
		Pact later = this.pacts.create("Deleting /b", () -> true);
		this.time.pollDue();
		assertThat(this.probe.created()).containsExactly(later);
		assertThat(this.probe.ended(PactRegistry.DEFAULT_NAME, PactState.FINISHED)).containsExactly(later);
	}

}
