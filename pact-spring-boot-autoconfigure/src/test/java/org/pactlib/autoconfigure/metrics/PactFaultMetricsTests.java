package org.pactlib.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.VirtualClock;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.autoconfigure.PactRegistryCustomizer;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.RegisteredPact;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counter {@code pact.faults} counts every fault the registry survives by kind and pact name,
 * beyond what the rate-limited log writes; the registry polls only when the test calls
 * {@code pollDue()}.
 */
class PactFaultMetricsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class, PactMetricsAutoConfiguration.class))
		.withUserConfiguration(Setup.class)
		.withPropertyValues("pact.registry.max-fault-log-lines-per-minute=1");

	@Test
	void everyFaultIsCountedByKindAndNameEvenThoseTheLogLeavesOut() {
		this.runner.run((context) -> {
			PactRegistry registry = context.getBean(PactRegistry.class);
			PactFactory pacts = context.getBean(PactFactory.class);
			Pact throwing = pacts.builder("Calling a remote API").name("remote.call").until(() -> {
				throw new IllegalStateException("503");
			}).create();
			pacts.builder("Ending").name("ending").until(() -> true).then(() -> {
				throw new IllegalArgumentException("then failed");
			}).create();
			VirtualClock clock = context.getBean(VirtualClock.class);
			for (int i = 0; i < 5; i++) {
				registry.pollDue();
				clock.advance(Duration.ofSeconds(1));
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("pact.faults").tags("kind", "condition", "name", "remote.call").counter().count())
				.isEqualTo(throwing.getPollCount()).isGreaterThanOrEqualTo(5);
			assertThat(meters.get("pact.faults").tags("kind", "callback", "name", "ending").counter().count()).isOne();
			assertThat(meters.get("pact.faults").tags("kind", "listener", "name", "remote.call").counter().count())
				.as("the throwing listener, on every registered and pollFailed event").isGreaterThanOrEqualTo(6);
			assertThat(registry.getSettings().maxFaultLogLinesPerMinute()).isOne();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Setup {

		@Bean
		VirtualClock pactClock() {
			return new VirtualClock();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		PactRegistryCustomizer pollOnlyWhenTold() {
			return (builder) -> builder.backgroundPolling(false);
		}

		@Bean
		PactRegistryListener throwingListener() {
			return new PactRegistryListener() {

				@Override
				public void registered(RegisteredPact pact) {
					throw new IllegalStateException("registered");
				}

				@Override
				public void pollFailed(RegisteredPact pact, Throwable failure) {
					throw new IllegalStateException("pollFailed");
				}

			};
		}

	}

}
