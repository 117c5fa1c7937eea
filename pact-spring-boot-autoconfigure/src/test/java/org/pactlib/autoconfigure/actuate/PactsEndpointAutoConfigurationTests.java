package org.pactlib.autoconfigure.actuate;

import org.junit.jupiter.api.Test;
import org.pactlib.autoconfigure.PactAutoConfiguration;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the {@code pacts} endpoint is configured: with the actuator jar, a registry, and the endpoint
 * available; its properties and their checks.
 */
class PactsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class,
				PactsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=pacts");

	@Test
	void endpointAndWebExtensionWhenExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PactsEndpoint.class).hasSingleBean(PactsEndpointWebExtension.class);
			assertThat(context.getBean(PactsEndpoint.class).getShowValues()).isEqualTo(Show.ALWAYS);
		});
	}

	@Test
	void noEndpointWhenNotExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class,
					PactAutoConfiguration.class, PactsEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PactsEndpoint.class));
	}

	@Test
	void noEndpointWhenAccessIsNone() {
		this.contextRunner.withPropertyValues("management.endpoint.pacts.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactsEndpoint.class));
	}

	@Test
	void offCleanlyWithoutTheActuatorJar() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactsEndpoint.class)
				.doesNotHaveBean(PactsEndpointWebExtension.class));
	}

	@Test
	void noEndpointWithoutARegistry() {
		this.contextRunner.withPropertyValues("pact.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactsEndpoint.class));
	}

	@Test
	void showValuesAndRolesAreBound() {
		this.contextRunner
			.withPropertyValues("management.endpoint.pacts.show-values=when-authorized",
					"management.endpoint.pacts.roles=ops,admin")
			.run((context) -> {
				assertThat(context.getBean(PactsEndpoint.class).getShowValues()).isEqualTo(Show.WHEN_AUTHORIZED);
				assertThat(context.getBean(PactsEndpointProperties.class).getRoles()).containsExactlyInAnyOrder("ops",
						"admin");
			});
	}

	@Test
	void aDefaultLimitAboveTheMaximumFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("management.endpoint.pacts.default-limit=50", "management.endpoint.pacts.max-limit=10")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.endpoint.pacts.default-limit"));
	}

	@Test
	void aMaximumLimitBelowOneFailsStartup() {
		this.contextRunner.withPropertyValues("management.endpoint.pacts.max-limit=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.endpoint.pacts.max-limit"));
	}

	@Test
	void backsOffForAnEndpointOfTheApplication() {
		this.contextRunner.withBean("myEndpoint", PactsEndpoint.class,
				() -> new PactsEndpoint(org.mockito.Mockito.mock(org.pactlib.registry.PactRegistry.class), Show.NEVER,
						1, 1))
			.run((context) -> assertThat(context).getBeans(PactsEndpoint.class).containsOnlyKeys("myEndpoint"));
	}

}
