package org.pactlib.autoconfigure.observation;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the {@code pact} observation is configured, and that Boot's own observation and metrics
 * auto-configuration turn it into the {@code pact} Timer; switched off by its jar, a property, or an
 * {@link ObservationPredicate}; its convention replaced by a bean.
 */
class PactObservationAutoConfigurationTests {

	/**
	 * A pact's end reaches the observation on the thread that ends it, or on a poller that was polling
	 * it at that moment, so a recorded end is waited for.
	 */
	private static final Duration AT_MOST = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class,
					ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					PactObservationAutoConfiguration.class));

	private static void cancelOne(AssertableApplicationContext context, String name) {
		Pact pact = context.getBean(PactFactory.class).builder("Deleting /a").name(name).until(() -> false).create();
		pact.cancel();
	}

	private static double timerCount(AssertableApplicationContext context, String name) {
		var timer = context.getBean(MeterRegistry.class).find("pact").tag("name", name).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void everyPactIsTimedThroughBootsMeterObservationHandler() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PactObservationListener.class);
			cancelOne(context, "storage.delete");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(AT_MOST).until(() -> timerCount(context, "storage.delete") == 1);
			assertThat(meters.get("pact").tag("outcome", "cancelled").timer().count()).isOne();
			await().atMost(AT_MOST).until(() -> meters.get("pact.active").longTaskTimer().activeTasks() == 0);
		});
	}

	@Test
	void offCleanlyWithoutMicrometerObservation() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class,
					PactAutoConfiguration.class, PactObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactObservationListener.class));
	}

	@Test
	void offWithoutAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class,
					PactAutoConfiguration.class, PactObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactObservationListener.class));
	}

	@Test
	void offWhenPactsAreOff() {
		this.contextRunner.withPropertyValues("pact.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactObservationListener.class));
	}

	@Test
	void bootsEnablePropertySwitchesTheObservationOff() {
		this.contextRunner.withPropertyValues("management.observations.enable.pact=false").run((context) -> {
			cancelOne(context, "storage.delete");
			assertThat(timerCount(context, "storage.delete")).isZero();
		});
	}

	@Test
	void anObservationPredicateSwitchesItOffPerName() {
		this.contextRunner
			.withBean(ObservationPredicate.class,
					() -> (name, context) -> !(context instanceof PactObservationContext pact)
							|| !pact.getPactName().equals("noisy"))
			.run((context) -> {
				cancelOne(context, "noisy");
				cancelOne(context, "storage.delete");
				await().atMost(AT_MOST).until(() -> timerCount(context, "storage.delete") == 1);
				assertThat(timerCount(context, "noisy")).isZero();
			});
	}

	@Test
	void aConventionBeanReplacesTheDefault() {
		this.contextRunner.withBean(PactObservationConvention.class, () -> new DefaultPactObservationConvention() {

			@Override
			public String getName() {
				return "operations";
			}

		}).run((context) -> {
			cancelOne(context, "storage.delete");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(AT_MOST).until(() -> meters.find("operations").timer() != null);
			assertThat(meters.get("operations").timer().count()).isOne();
			assertThat(timerCount(context, "storage.delete")).isZero();
		});
	}

}
