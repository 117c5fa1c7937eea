package org.pactlib.autoconfigure.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code pact} observation of each outcome, its events and its meters, with the real
 * {@link TestObservationRegistry} and {@link SimpleMeterRegistry}. The registry polls only when a test
 * calls {@code pollDue()}, on a virtual clock: nothing here waits.
 */
class PactObservationListenerTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final VirtualClock clock = new VirtualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final List<String> events = new CopyOnWriteArrayList<>();

	private PactRegistry registry;

	private PactFactory factory;

	private PactObservationListener listener;

	@AfterEach
	void close() {
		if (this.registry != null) {
			this.registry.close();
		}
		this.scheduler.shutdownNow();
	}

	private void observeWith(ObservationRegistry observations, PactObservationConvention convention) {
		observations.observationConfig().observationHandler(new EventRecorder());
		this.listener = new PactObservationListener(observations, convention);
		this.registry = PactRegistry.builder(this.scheduler).clock(this.clock).backgroundPolling(false)
			.listener(this.listener).build();
		this.factory = new PactFactory(this.registry,
				new PactDefaults(Duration.ofSeconds(5), Backoff.fixed(Duration.ofSeconds(1)), true));
	}

	private TestObservationRegistry observe() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		observeWith(observations, null);
		return observations;
	}

	@Test
	void aFinishedPactIsObservedFromRegistrationToEnd() {
		TestObservationRegistry observations = observe();
		AtomicBoolean done = new AtomicBoolean();
		Pact pact = this.factory.builder("Deleting /a").name("storage.delete").until(done::get).create();
		String id = this.registry.snapshot().get(0).id();
		TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat().hasBeenStarted()
			.isNotStopped();
		done.set(true);
		this.registry.pollDue();
		assertThat(pact.isFinished()).isTrue();
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasNameEqualTo("pact")
			.hasContextualNameEqualTo("pact storage.delete")
			.hasBeenStopped()
			.doesNotHaveError()
			.hasLowCardinalityKeyValue("name", "storage.delete")
			.hasLowCardinalityKeyValue("outcome", "finished")
			.hasLowCardinalityKeyValue("overdue", "false")
			.hasLowCardinalityKeyValue("pact.durable", "false")
			.hasHighCardinalityKeyValue("pact.id", id)
			.hasHighCardinalityKeyValue("pact.description", "Deleting /a");
		assertThat(this.listener.getActiveCount()).isZero();
	}

	@Test
	void aFailedPactIsStoppedWithItsFailureAsTheError() {
		TestObservationRegistry observations = observe();
		this.factory.builder("Exporting").failWhen(() -> true, "the export broke").until(() -> false).create();
		this.registry.pollDue();
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "failed")
			.hasLowCardinalityKeyValue("name", "default")
			.hasError();
	}

	@Test
	void aCancelledPactIsStoppedAsCancelled() {
		TestObservationRegistry observations = observe();
		this.factory.create("Exporting", () -> false);
		this.registry.cancel(this.registry.snapshot().get(0).id());
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "cancelled")
			.doesNotHaveError();
	}

	@Test
	void anOverduePactSignalsTimeoutAndEndsOverdue() {
		TestObservationRegistry observations = observe();
		AtomicBoolean done = new AtomicBoolean();
		this.factory.create("Exporting", done::get);
		this.registry.pollDue();
		this.clock.advance(Duration.ofSeconds(6));
		this.registry.pollDue();
		assertThat(this.events).containsExactly("timeout");
		done.set(true);
		this.clock.advance(Duration.ofSeconds(1));
		this.registry.pollDue();
		TestObservationRegistryAssert.assertThat(observations)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "finished")
			.hasLowCardinalityKeyValue("overdue", "true");
	}

	@Test
	void aConditionThatThrowsSignalsAConditionError() {
		observe();
		this.factory.create("Reading", () -> {
			throw new IllegalStateException("broken");
		});
		this.registry.pollDue();
		assertThat(this.events).containsExactly("condition.errors");
	}

	@Test
	void aThenCallbackThatThrowsSignalsACallbackError() {
		TestObservationRegistry observations = observe();
		this.factory.builder("Reading").until(() -> true).then(() -> {
			throw new IllegalStateException("callback broke");
		}).create();
		this.registry.pollDue();
		assertThat(this.events).containsExactly("callback.errors");
		TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "finished");
	}

	@Test
	void anUnregisteredPactIsStoppedAsUnregistered() {
		TestObservationRegistry observations = observe();
		Pact pact = this.factory.create("Handed over", () -> false);
		this.registry.unregister(pact);
		TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat().hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "unregistered");
		assertThat(this.listener.getActiveCount()).isZero();
	}

	@Test
	void aPactRegisteredInsideAnObservationIsItsChild() {
		TestObservationRegistry observations = observe();
		Observation request = Observation.start("http.server.requests", observations);
		try (Observation.Scope scope = request.openScope()) {
			this.factory.create("Deleting /a", () -> false);
		}
		request.stop();
		TestObservationRegistryAssert.assertThat(observations)
			.hasObservationWithNameEqualTo("pact")
			.that()
			.hasParentObservationContextSatisfying(
					(parent) -> assertThat(parent.getName()).isEqualTo("http.server.requests"));
	}

	@Test
	void aConventionOfTheApplicationReplacesTheDefault() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		observeWith(observations, new DefaultPactObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(PactObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "storage");
			}

		});
		this.factory.create("Deleting /a", () -> true);
		this.registry.pollDue();
		TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("team", "storage")
			.hasLowCardinalityKeyValue("outcome", "finished");
	}

	@Test
	void aNoopRegistryKeepsNothing() {
		observeWith(ObservationRegistry.NOOP, null);
		this.factory.create("Deleting /a", () -> false);
		assertThat(this.listener.getActiveCount()).isZero();
	}

	@Test
	void meterHandlerGivesTheTimerTheLongTaskTimerAndEventCounters() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		observeWith(observations, null);
		AtomicBoolean done = new AtomicBoolean();
		this.factory.builder("Deleting /a").name("storage.delete").until(done::get).create();
		this.factory.builder("Deleting /b").name("storage.delete").until(() -> false).create();
		this.factory.builder("Exporting").name("report.export").failWhen(() -> true, "broke").until(() -> false)
			.create();
		this.registry.pollDue();

		LongTaskTimer active = meters.get("pact.active").tag("name", "storage.delete").longTaskTimer();
		assertThat(active.activeTasks()).isEqualTo(2);
		Timer failed = meters.get("pact").tags("name", "report.export", "outcome", "failed").timer();
		assertThat(failed.count()).isOne();

		this.clock.advance(Duration.ofSeconds(6));
		this.registry.pollDue();
		assertThat(meters.get("pact.timeout").tag("name", "storage.delete").counter().count()).isEqualTo(2);

		done.set(true);
		this.clock.advance(Duration.ofSeconds(1));
		this.registry.pollDue();
		this.registry.cancel(this.registry.snapshot().get(0).id());
		assertThat(active.activeTasks()).isZero();
		assertThat(meters.get("pact").tags("name", "storage.delete", "outcome", "finished", "overdue", "true")
			.timer().count()).isOne();
		assertThat(meters.get("pact").tags("name", "storage.delete", "outcome", "cancelled").timer().count())
			.isOne();
		assertThat(meters.find("pact").timers()).allSatisfy((timer) -> assertThat(timer.getId().getTags())
			.noneMatch((tag) -> tag.getKey().equals("pact.id") || tag.getKey().equals("pact.description")));
	}

	/** Records the names of the events signalled on pact observations. */
	private final class EventRecorder implements ObservationHandler<PactObservationContext> {

		@Override
		public void onEvent(Observation.Event event, PactObservationContext context) {
			PactObservationListenerTests.this.events.add(event.getName());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof PactObservationContext;
		}

	}

}
