package org.pactlib.autoconfigure.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.VirtualClock;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces of pacts with Micrometer Tracing's test tracer: each pact is a span from its creation to its
 * end, a child of the span in scope where it was created, with its id, description and events; an
 * {@code @Async} pact continues the caller's trace.
 */
class PactTracingTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final SimpleTracer tracer = new SimpleTracer();

	private final ObservationRegistry observations = ObservationRegistry.create();

	private PactRegistry registry;

	@AfterEach
	void close() {
		if (this.registry != null) {
			this.registry.close();
		}
		this.scheduler.shutdownNow();
	}

	private SimpleSpan span(String name) {
		return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).findFirst().orElseThrow();
	}

	@Test
	void aPactIsASpanFromCreationToEndChildOfTheSpanInScope() {
		this.observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
		VirtualClock clock = new VirtualClock(Instant.parse("2030-01-01T00:00:00Z"));
		this.registry = PactRegistry.builder(this.scheduler).clock(clock).backgroundPolling(false)
			.listener(new PactObservationListener(this.observations, null)).build();
		PactFactory factory = new PactFactory(this.registry,
				new PactDefaults(Duration.ofSeconds(5), Backoff.fixed(Duration.ofSeconds(1)), true));
		AtomicBoolean done = new AtomicBoolean();
		Observation request = Observation.createNotStarted("http.server.requests", this.observations)
			.contextualName("DELETE /files")
			.start();
		try (Observation.Scope scope = request.openScope()) {
			factory.builder("Deleting /a").name("storage.delete").until(done::get).create();
		}
		request.stop();
		String id = this.registry.snapshot().get(0).id();
		clock.advance(Duration.ofSeconds(6));
		this.registry.pollDue();
		assertThat(this.tracer.getSpans()).hasSize(2)
			.filteredOn((span) -> span.getEndTimestamp().isAfter(Instant.EPOCH))
			.as("only the request's span ended while the pact is pending")
			.extracting(SimpleSpan::getName)
			.containsExactly("DELETE /files");
		done.set(true);
		clock.advance(Duration.ofSeconds(1));
		this.registry.pollDue();

		SimpleSpan pact = span("pact storage.delete");
		SimpleSpan parent = span("DELETE /files");
		assertThat(pact.getParentId()).isEqualTo(parent.getSpanId());
		assertThat(pact.context().traceId()).isEqualTo(parent.context().traceId());
		assertThat(pact.getEndTimestamp()).isAfter(Instant.EPOCH);
		assertThat(pact.getTags()).containsEntry("pact.id", id)
			.containsEntry("pact.description", "Deleting /a")
			.containsEntry("name", "storage.delete")
			.containsEntry("outcome", "finished")
			.containsEntry("overdue", "true");
		assertThat(pact.getEvents()).extracting((event) -> event.getValue()).containsExactly("deadline passed");
	}

	@Test
	void anAsyncPactContinuesTheCallersTrace() {
		this.observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class,
					PactObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> this.observations)
			.withUserConfiguration(AsyncConfiguration.class)
			.withPropertyValues("pact.poll-interval=20ms", "pact.poller.tick=10ms")
			.run((context) -> {
				Observation caller = Observation.createNotStarted("caller", this.observations)
					.contextualName("caller")
					.start();
				Pact pact;
				try (Observation.Scope scope = caller.openScope()) {
					pact = context.getBean(Purges.class).purge("/tmp/old");
				}
				caller.stop();
				await().atMost(Duration.ofSeconds(20)).until(pact::isFinished);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> this.tracer.getSpans().stream().anyMatch((span) -> span.getName() != null
							&& span.getName().startsWith("pact ")));
				SimpleSpan callerSpan = span("caller");
				assertThat(this.tracer.getSpans()).as("one span for the call").hasSize(2);
				SimpleSpan pactSpan = span("pact PactTracingTests.Purges.purge");
				assertThat(pactSpan.context().traceId()).isEqualTo(callerSpan.context().traceId());
				assertThat(pactSpan.getParentId()).isEqualTo(callerSpan.getSpanId());
				assertThat(pactSpan.getTags()).containsEntry("outcome", "finished")
					.containsEntry("pact.description", "PactTracingTests.Purges.purge(/tmp/old)");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Purges purges(PactFactory factory) {
			return new Purges(factory);
		}

	}

	/** An {@code @Async} service whose method returns a pact. */
	static class Purges {

		private final PactFactory factory;

		Purges(PactFactory factory) {
			this.factory = factory;
		}

		@Async
		public Pact purge(String directory) {
			return this.factory.create("Purging " + directory, () -> true);
		}

	}

}
