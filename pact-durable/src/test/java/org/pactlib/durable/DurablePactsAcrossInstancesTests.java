package org.pactlib.durable;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.autoconfigure.actuate.PactDescriptor;
import org.pactlib.autoconfigure.actuate.PactsDescriptor;
import org.pactlib.autoconfigure.actuate.PactsEndpoint;
import org.pactlib.autoconfigure.actuate.PactsEndpointAutoConfiguration;
import org.pactlib.durable.DurableTestHandlers.Steps;
import org.pactlib.durable.actuate.DurablePactsEndpointAutoConfiguration;
import org.pactlib.durable.observation.DurablePactObservationAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two instances (two application contexts) on one PostgreSQL: the {@code pacts} endpoint of either lists
 * the durable pacts of both, with the instance that runs a poll, and cancels one created by the other;
 * the creator's handle and its {@code pact} observation (tagged {@code pact.durable=true}) follow.
 */
class DurablePactsAcrossInstancesTests {

	@RegisterExtension
	static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

	private ApplicationContextRunner instance(String name) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class, JacksonAutoConfiguration.class,
					PactDurableAutoConfiguration.class, PactsEndpointAutoConfiguration.class,
					DurablePactsEndpointAutoConfiguration.class, DurablePactObservationAutoConfiguration.class))
			.withBean(DataSource.class, postgres::dataSource)
			.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withUserConfiguration(DurableTestHandlers.class, Blocking.class)
			.withPropertyValues("pact.durable.initialize-schema=always", "pact.durable.polling-interval=100ms",
					"pact.durable.default-poll-interval=50ms", "pact.durable.handle-poll-interval=50ms",
					"pact.durable.instance-name=" + name, "management.endpoints.web.exposure.include=pacts");
	}

	@Test
	void eitherInstanceListsAndCancelsThePactsOfBoth() {
		instance("node-a").run((a) -> instance("node-b").run((b) -> {
			assertThat(a).hasNotFailed();
			assertThat(b).hasNotFailed();
			Pact fromA = a.getBean(DurablePacts.class)
				.pact("test.wait")
				.describedAs("Waiting on a")
				.payload(new Steps(1))
				.until("test.never")
				.lastly("test.record")
				.start();
			Pact fromB = b.getBean(DurablePacts.class)
				.pact("test.wait")
				.describedAs("Waiting on b")
				.payload(new Steps(1))
				.until("test.never")
				.start();
			String idA = a.getBean(DurablePacts.class).idOf(fromA).orElseThrow();
			for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { a, b }) {
				PactsDescriptor listed = context.getBean(PactsEndpoint.class).pacts(null, "test.wait", null, null);
				assertThat(listed.pacts()).extracting(PactDescriptor::description)
					.containsExactlyInAnyOrder("Waiting on a", "Waiting on b");
				assertThat(listed.pacts()).allSatisfy((pact) -> assertThat(pact.durable()).isTrue());
			}
			assertThat(b.getBean(PactsEndpoint.class).cancel(idA)).isNotNull();
			assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> fromA.await(Duration.ofSeconds(20)));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> a.getBean(DurablePacts.class).find(idA).orElseThrow().isSettled());
			assertThat(a.getBean(DurableTestHandlers.Recorder.class).calls.size()
					+ b.getBean(DurableTestHandlers.Recorder.class).calls.size())
				.isEqualTo(1);
			assertThat(b.getBean(PactsEndpoint.class).pact(idA).state()).isEqualTo(PactState.CANCELLED);
			TestObservationRegistryAssert.assertThat(a.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("pact")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("pact.durable", "true")
				.hasLowCardinalityKeyValue("name", "test.wait")
				.hasLowCardinalityKeyValue("outcome", "cancelled");
			assertThat(fromB.cancel()).isTrue();
		}));
	}

	@Test
	void theListingNamesTheInstanceThatRunsAPoll() throws Exception {
		instance("node-a").run((a) -> instance("node-b").run((b) -> {
			Pact pact = a.getBean(DurablePacts.class).pact("test.block").payload(new Steps(1)).until("test.blocking")
				.start();
			assertThat(Blocking.entered.await(20, TimeUnit.SECONDS)).isTrue();
			String id = a.getBean(DurablePacts.class).idOf(pact).orElseThrow();
			String holder = Blocking.holder;
			try {
				PactDescriptor seen = b.getBean(PactsEndpoint.class).pact(id);
				assertThat(seen.polledBy()).isEqualTo(holder).isIn("node-a", "node-b");
			}
			finally {
				Blocking.release.countDown();
			}
			pact.await(Duration.ofSeconds(20));
			assertThat(b.getBean(PactsEndpoint.class).pact(id).polledBy()).isNull();
		}));
	}

	/**
	 * A condition that holds once released, and tells which instance entered it (one use per test run).
	 */
	@Configuration(proxyBeanMethods = false)
	static class Blocking {

		static final CountDownLatch entered = new CountDownLatch(1);

		static final CountDownLatch release = new CountDownLatch(1);

		static volatile String holder;

		@Bean("test.blocking")
		DurableCondition<Steps> blocking(org.springframework.core.env.Environment environment) {
			return (payload, context) -> {
				holder = environment.getProperty("pact.durable.instance-name");
				entered.countDown();
				return release.await(20, TimeUnit.SECONDS);
			};
		}

	}

}
