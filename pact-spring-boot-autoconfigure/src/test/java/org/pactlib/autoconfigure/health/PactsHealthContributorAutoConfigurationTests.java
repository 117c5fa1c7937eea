package org.pactlib.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pactlib.PactClock;
import org.pactlib.VirtualClock;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code pacts} health contributor: its details, its status against the overdue threshold, its
 * properties and their checks, and when it is configured. The pacts run on a virtual clock, so ages
 * are exact; the registry's background poller finds the overdue ones.
 */
class PactsHealthContributorAutoConfigurationTests {

	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class,
				PactsHealthContributorAutoConfiguration.class))
		.withBean(PactClock.class, () -> new VirtualClock(ORIGIN))
		.withPropertyValues("pact.poller.tick=10ms");

	private static Health health(AssertableApplicationContext context) {
		return context.getBean("pactsHealthIndicator", HealthIndicator.class).health(true);
	}

	/** Creates one pact overdue by a second and one that is not, and waits for the registry to find it. */
	private static void oneOverdueOneNot(AssertableApplicationContext context) {
		PactFactory factory = context.getBean(PactFactory.class);
		VirtualClock clock = (VirtualClock) context.getBean(PactClock.class);
		factory.builder("Late").timeout(Duration.ofSeconds(1)).until(() -> false).create();
		clock.advance(Duration.ofSeconds(2));
		factory.builder("On time").timeout(Duration.ofMinutes(1)).until(() -> false).create();
		PactRegistry registry = context.getBean(PactRegistry.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> registry.summary().overdue() == 1);
	}

	@Test
	void upWithCountsByStateTheOverdueCountAndTheOldestPendingAge() {
		this.contextRunner.run((context) -> {
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
			assertThat(health(context).getDetails()).containsEntry("total", 0).doesNotContainKey("oldestPendingAge");
			oneOverdueOneNot(context);
			Health health = health(context);
			assertThat(health.getStatus()).as("default: overdue pacts are reported, the status stays UP")
				.isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("total", 2)
				.containsEntry("overdue", 1)
				.containsEntry("overdueThreshold", 0)
				.containsEntry("oldestPendingAge", "PT2S");
			assertThat(health.getDetails().get("states")).isEqualTo(
					Map.of("pending", 2, "finished", 0, "failed", 0, "cancelled", 0));
		});
	}

	@Test
	void theConfiguredStatusWhenMorePactsThanTheThresholdAreOverdue() {
		this.contextRunner.withPropertyValues("management.health.pacts.overdue-status=out_of_service")
			.run((context) -> {
				oneOverdueOneNot(context);
				assertThat(health(context).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			});
	}

	@Test
	void staysUpWhileTheOverduePactsDoNotExceedTheThreshold() {
		this.contextRunner
			.withPropertyValues("management.health.pacts.overdue-status=DOWN",
					"management.health.pacts.overdue-threshold=1")
			.run((context) -> {
				oneOverdueOneNot(context);
				assertThat(health(context).getStatus()).isEqualTo(Status.UP);
				assertThat(health(context).getDetails()).containsEntry("overdueThreshold", 1);
			});
	}

	@Test
	void aNegativeThresholdFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("management.health.pacts.overdue-threshold=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.health.pacts.overdue-threshold"));
	}

	@Test
	void aBlankStatusFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("management.health.pacts.overdue-status= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.health.pacts.overdue-status"));
	}

	@Test
	void offWhenItsPropertySaysSo() {
		this.contextRunner.withPropertyValues("management.health.pacts.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactsHealthIndicator.class));
	}

	@Test
	void offWhenHealthDefaultsAreOff() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactsHealthIndicator.class));
	}

	@Test
	void offCleanlyWithoutTheHealthJar() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactsHealthIndicator.class));
	}

	@Test
	void offWhenPactsAreOff() {
		this.contextRunner.withPropertyValues("pact.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactsHealthIndicator.class));
	}

}
