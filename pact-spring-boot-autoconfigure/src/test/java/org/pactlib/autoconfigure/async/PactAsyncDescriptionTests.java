package org.pactlib.autoconfigure.async;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactFailedException;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactSnapshot;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the pact of an {@code @Async} call speaks the user's language: described as the call,
 * then as the body's pact, with the body's conditions and failures; and that Spring's exception
 * handler still sees what it sees under plain {@code @Async}.
 */
class PactAsyncDescriptionTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class))
		.withUserConfiguration(AsyncConfiguration.class, PurgesConfiguration.class)
		.withPropertyValues("pact.poll-interval=20ms");

	@Test
	void describedAsTheCallUntilTheBodyReturnsThenAsTheBodysPactWithItsConditions() {
		this.contextRunner.run((context) -> {
			Purges purges = context.getBean(Purges.class);
			PactRegistry registry = context.getBean(PactRegistry.class);
			Pact pact = purges.purge("/data/x");
			assertThat(pact.getDescription()).isEqualTo("PactAsyncDescriptionTests.Purges.purge(/data/x)");
			PactSnapshot before = registry.find(id(registry, pact)).orElseThrow();
			assertThat(before.name()).isEqualTo("PactAsyncDescriptionTests.Purges.purge");
			assertThat(before.description()).isEqualTo("PactAsyncDescriptionTests.Purges.purge(/data/x)");
			assertThat(before.conditions()).isOne();
			purges.release();
			await().atMost(WAIT).until(() -> pact.getDescription().equals("Purging /data/x"));
			assertThat(pact).hasToString("<Pact: Purging /data/x>");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(registry.find(id(registry, pact)).orElseThrow())
					.satisfies((snapshot) -> {
						assertThat(snapshot.description()).isEqualTo("Purging /data/x");
						assertThat(snapshot.conditions()).isEqualTo(2);
						assertThat(snapshot.heldConditions()).isEqualTo(1);
					}));
			assertThat(registry.snapshot()).as("one entry per call").hasSize(1);
			purges.finish();
			pact.await(WAIT);
			assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		});
	}

	@Test
	void aFailedBodyPactFailsTheCallersPactWithItsOwnReason() {
		this.contextRunner.run((context) -> {
			Purges purges = context.getBean(Purges.class);
			purges.release();
			Pact pact = purges.giveUp("/data/y");
			PactFailedException failure = assertThatExceptionOfType(PactFailedException.class)
				.isThrownBy(() -> pact.await(WAIT))
				.actual();
			assertThat(pact.getFailure().getReason()).isEqualTo("the purge service gave up on /data/y");
			assertThat(failure).hasMessage("<Pact: Purging /data/y> failed: the purge service gave up on /data/y");
			assertThat(failure.getMessage()).doesNotContain("stage");
		});
	}

	@Test
	void aBodyThatThrowsFailsTheCallersPactWithWhatItThrew() {
		this.contextRunner.run((context) -> {
			Purges purges = context.getBean(Purges.class);
			Pact pact = purges.broken("/data/z");
			assertThatExceptionOfType(PactFailedException.class).isThrownBy(() -> pact.await(WAIT));
			assertThat(pact.getFailure()).hasMessage(
					"<Pact: PactAsyncDescriptionTests.Purges.broken(/data/z)> failed: java.lang.IllegalStateException: no such directory /data/z")
				.hasCauseInstanceOf(IllegalStateException.class);
			assertThat(Purges.handled).as("as for a Future method").doesNotContain("broken");
		});
	}

	@Test
	void voidMethodsStillGoToTheAsyncUncaughtExceptionHandler() {
		this.contextRunner.run((context) -> {
			context.getBean(Purges.class).fireAndFail();
			await().atMost(WAIT).until(() -> Purges.handled.contains("fireAndFail"));
		});
	}

	@Test
	void bodiesRunOnTheExecutorOfTheAsyncConfigurer() {
		this.contextRunner.run((context) -> {
			Purges purges = context.getBean(Purges.class);
			purges.release();
			purges.purge("/data/w");
			await().atMost(WAIT).until(() -> purges.bodyThread() != null);
			assertThat(purges.bodyThread()).startsWith("configured-");
		});
	}

	@Test
	void argumentsAreShortened() {
		String description = PactAsyncExecutionInterceptor.describe("Copies.copy",
				new Object[] { "x".repeat(100), null, 42, new int[] { 1, 2 } });
		assertThat(description).isEqualTo("Copies.copy(" + "x".repeat(37) + "..., null, 42, {1, 2})");
		assertThat(PactAsyncExecutionInterceptor.describe("Jobs.run", new Object[0])).isEqualTo("Jobs.run()");
	}

	private static String id(PactRegistry registry, Pact pact) {
		return registry.snapshot().stream()
			.filter((snapshot) -> snapshot.createdAt().equals(pact.getCreatedAt()))
			.findFirst()
			.orElseThrow()
			.id();
	}

	@Configuration(proxyBeanMethods = false)
	static class PurgesConfiguration {

		@Bean
		Purges purges(PactFactory factory) {
			return new Purges(factory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration implements AsyncConfigurer {

		@Override
		public Executor getAsyncExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("configured-");
			executor.initialize();
			return executor;
		}

		@Override
		public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
			return new RecordingHandler();
		}

	}

	static class RecordingHandler implements AsyncUncaughtExceptionHandler {

		@Override
		public void handleUncaughtException(Throwable ex, Method method, @Nullable Object... params) {
			Purges.handled.add(method.getName());
		}

	}

	static class Purges {

		static final List<String> handled = new CopyOnWriteArrayList<>();

		private final PactFactory pacts;

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicBoolean done = new AtomicBoolean();

		volatile @Nullable String bodyThread;

		Purges(PactFactory pacts) {
			this.pacts = pacts;
		}

		public void release() {
			this.release.countDown();
		}

		public void finish() {
			this.done.set(true);
		}

		public @Nullable String bodyThread() {
			return this.bodyThread;
		}

		@Async
		public Pact purge(String directory) throws InterruptedException {
			this.bodyThread = Thread.currentThread().getName();
			this.release.await(5, TimeUnit.SECONDS);
			return this.pacts.create("Purging " + directory, () -> true, this.done::get);
		}

		@Async
		public Pact giveUp(String directory) throws InterruptedException {
			this.release.await(5, TimeUnit.SECONDS);
			return this.pacts.builder("Purging " + directory)
				.until(() -> false)
				.failWhen(() -> true, "the purge service gave up on " + directory)
				.create();
		}

		@Async
		public Pact broken(String directory) {
			throw new IllegalStateException("no such directory " + directory);
		}

		@Async
		public void fireAndFail() {
			throw new IllegalStateException("fire and fail");
		}

	}

}
