package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code @Async} method body that waits for a pact of its own: the pacts a body creates are held back
 * from the registry until it returns (defect 1 of issue 7).
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = {
		"pact.default-timeout=30s",
		"pact.poll-interval=50ms",
		"pact.poller.tick=10ms" })
class PactAsyncAwaitIntegrationTests {

	private static final Duration AT_MOST = Duration.ofSeconds(20);

	@Autowired
	private Steps steps;

	@Autowired
	private PactRegistry registry;

	/** Defect 1: an {@code @Async} body can await a factory pact it created, instead of hanging. */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void asyncBodyCanAwaitAFactoryPactItCreatedBeforeReturning() {
		Pact call = this.steps.awaitsItsFirstStep();

		call.await(AT_MOST);

		assertThat(call.state()).isEqualTo(PactState.FINISHED);
		assertThat(this.steps.firstStep().get()).isNotNull()
			.extracting(Pact::state).isEqualTo(PactState.FINISHED);
		await().atMost(AT_MOST).until(() -> this.registry.size() == 0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class App {

		@Bean
		Steps steps(PactFactory factory) {
			return new Steps(factory);
		}

	}

	/**
	 * A service whose {@code @Async} method waits for its first step, which holds at once, before it returns.
	 */
	static class Steps {

		private final PactFactory factory;

		private final AtomicReference<Pact> firstStep = new AtomicReference<>();

		Steps(PactFactory factory) {
			this.factory = factory;
		}

		// Public accessor: the test holds Spring's CGLIB proxy, whose own fields are not these.
		public AtomicReference<Pact> firstStep() {
			return this.firstStep;
		}

		@Async
		public Pact awaitsItsFirstStep() {
			Pact step = this.factory.create("first step", () -> true);
			this.firstStep.set(step);
			step.await(Duration.ofSeconds(5));
			return step;
		}

	}

}
