package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.pactlib.Backoff;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistrySettings;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PactRegistryCustomizer} and {@link PactFactoryCustomizer} beans.
 */
class PactCustomizersTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class));

	@Test
	void registryCustomizersRunInOrderAfterTheProperties() {
		this.contextRunner.withUserConfiguration(RegistryCustomizers.class)
			.withPropertyValues("pact.registry.max-pacts=3", "pact.poller.max-threads=2")
			.run((context) -> {
				PactRegistrySettings settings = context.getBean(PactRegistry.class).getSettings();
				assertThat(settings.maxPacts()).as("set last by the customizer ordered last").isEqualTo(7);
				assertThat(settings.maxPollers()).as("from the properties").isEqualTo(2);
				assertThat(context.getBean(RegistryCustomizers.class).calls).containsExactly("first", "second");
			});
	}

	@Test
	void factoryCustomizersRunInOrderAfterTheProperties() {
		this.contextRunner.withUserConfiguration(FactoryCustomizers.class)
			.withPropertyValues("pact.default-timeout=1m", "pact.names[storage.delete].poll-interval=5s")
			.run((context) -> {
				PactFactory factory = context.getBean(PactFactory.class);
				assertThat(factory.defaultsFor("storage.delete"))
					.isEqualTo(new PactDefaults(Duration.ofMinutes(10), Backoff.fixed(Duration.ofSeconds(5)), true));
				assertThat(factory.defaultsFor("report.export"))
					.isEqualTo(new PactDefaults(Duration.ofMinutes(2), Backoff.fixed(Duration.ofSeconds(1)), false));
				assertThat(factory.defaultsFor("anything else"))
					.isEqualTo(new PactDefaults(Duration.ofMinutes(1), Backoff.fixed(Duration.ofSeconds(1)), true));
				assertThat(context.getBean(FactoryCustomizers.class).calls).containsExactly("first", "second");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryCustomizers {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		PactRegistryCustomizer second() {
			return (builder) -> {
				this.calls.add("second");
				builder.maxPacts(7);
			};
		}

		@Bean
		@Order(1)
		PactRegistryCustomizer first() {
			return (builder) -> {
				this.calls.add("first");
				builder.maxPacts(5);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryCustomizers {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		PactFactoryCustomizer second() {
			return (defaults) -> {
				this.calls.add("second");
				defaults.update("storage.delete",
						(current) -> new PactDefaults(current.timeout().multipliedBy(5), current.backoff(), true));
			};
		}

		@Bean
		@Order(1)
		PactFactoryCustomizer first() {
			return (defaults) -> {
				this.calls.add("first");
				defaults.update("storage.delete",
						(current) -> new PactDefaults(Duration.ofMinutes(2), current.backoff(), current.lazy()));
				defaults.setDefaults("report.export",
						new PactDefaults(Duration.ofMinutes(2), defaults.getDefaults().backoff(), false));
			};
		}

	}

}
