package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.event.ContextClosedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PactRegistryLifecycle}: its phase, its asynchronous stop, and how the phase
 * timeout bounds the grace period.
 */
@ExtendWith(OutputCaptureExtension.class)
class PactRegistryLifecycleTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, PactAutoConfiguration.class));

	@Test
	void stopsAfterTheWebServerHasStopped() {
		int webServerStop = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024;
		assertThat(PactRegistryLifecycle.PHASE).isLessThan(webServerStop)
			.isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
		assertThat(webServerStop).as("phase of Boot's WebServerStartStopLifecycle").isEqualTo(2147481599);
	}

	@Test
	void theSmallerOfTheGracePeriodAndThePhaseTimeoutWins() {
		assertThat(PactRegistryLifecycle.waitWithin(Duration.ofSeconds(20), Duration.ofSeconds(2)))
			.isEqualTo(Duration.ofMillis(1800));
		assertThat(PactRegistryLifecycle.waitWithin(Duration.ofSeconds(1), Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(PactRegistryLifecycle.waitWithin(Duration.ofMinutes(1), Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(29));
		assertThat(PactRegistryLifecycle.waitWithin(Duration.ZERO, Duration.ofSeconds(30))).isZero();
	}

	@Test
	void thePhaseTimeoutBoundsTheGracePeriodAndShutdownIsLogged(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("pact.shutdown.grace-period=20s", "spring.lifecycle.timeout-per-shutdown-phase=1s")
			.run((context) -> {
				assertThat(context.getBean(PactRegistryLifecycle.class).getGracePeriod())
					.isEqualTo(Duration.ofMillis(900));
				Pact pact = context.getBean(PactFactory.class)
					.builder("Never ends")
					.name("storage.delete")
					.until(() -> false)
					.create();
				long start = System.nanoTime();
				context.getSourceApplicationContext().close();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
						Duration.ofSeconds(5));
				assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
				assertThat(output).contains("Waiting up to 900ms for 1 pending pact")
					.containsPattern("Cancelling pact \\d+ \\(storage\\.delete\\) at shutdown: <Pact: Never ends>");
			});
	}

	@Test
	void withoutBootsLifecycleConfigurationSpringsTenSecondPhaseTimeoutBounds() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class))
			.withPropertyValues("pact.shutdown.grace-period=1m")
			.run((context) -> assertThat(context.getBean(PactRegistryLifecycle.class).getGracePeriod())
				.isEqualTo(Duration.ofSeconds(9)));
	}

	@Test
	void stopWithACallbackReturnsAtOnceAndCallsBackOnceTheRegistryHasShutDown() {
		this.contextRunner.withPropertyValues("pact.shutdown.grace-period=10s", "pact.poll-interval=20ms")
			.run((context) -> {
				PactRegistry registry = context.getBean(PactRegistry.class);
				PactRegistryLifecycle lifecycle = context.getBean(PactRegistryLifecycle.class);
				AtomicBoolean done = new AtomicBoolean();
				Pact pact = context.getBean(PactFactory.class).create("Ends when told", done::get);
				CountDownLatch calledBack = new CountDownLatch(1);
				AtomicReference<String> callbackThread = new AtomicReference<>();
				lifecycle.onApplicationEvent(new ContextClosedEvent(context.getSourceApplicationContext()));
				lifecycle.stop(() -> {
					callbackThread.set(Thread.currentThread().getName());
					calledBack.countDown();
				});
				assertThat(lifecycle.isRunning()).isFalse();
				await().atMost(WAIT).until(registry::isShutDown);
				assertThat(calledBack.getCount()).as("called back while a pact is pending").isOne();
				done.set(true);
				await().atMost(WAIT).until(() -> calledBack.getCount() == 0);
				assertThat(pact.state()).isEqualTo(PactState.FINISHED);
				assertThat(callbackThread.get()).isEqualTo("pact-shutdown");
			});
	}

	@Test
	void worksWithoutTheWebServerJar() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebServerGracefulShutdownLifecycle.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(PactRegistryLifecycle.class)
				.satisfies((lifecycle) -> assertThat(lifecycle.getPhase()).isEqualTo(PactRegistryLifecycle.PHASE)));
	}

	@Test
	void stopWithoutClosingCallsBackAtOnceAndKeepsTheRegistry() {
		this.contextRunner.run((context) -> {
			PactRegistryLifecycle lifecycle = context.getBean(PactRegistryLifecycle.class);
			CountDownLatch calledBack = new CountDownLatch(1);
			lifecycle.stop(calledBack::countDown);
			assertThat(calledBack.getCount()).isZero();
			assertThat(context.getBean(PactRegistry.class).isShutDown()).isFalse();
		});
	}

}
