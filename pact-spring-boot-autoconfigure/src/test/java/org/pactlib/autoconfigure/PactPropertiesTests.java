package org.pactlib.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistrySettings;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PactProperties}: how each property reaches the beans, startup failures on invalid
 * values, and the generated configuration metadata.
 */
class PactPropertiesTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class));

	// ---------------------------------------------------------------------------------------------
	// Defaults
	// ---------------------------------------------------------------------------------------------

	@Test
	void defaultsWithoutAnyProperty() {
		this.contextRunner.run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("Defaults", () -> false);
			assertThat(pact.getTimeout()).isNull();
			assertThat(pact.getDeadline()).isNull();
			assertThat(pact.getPollInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(pact.getBackoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(1)));
			assertThat(pact.isLazy()).isTrue();
			assertThat(context.getBean(PactRegistry.class).getSettings()).isEqualTo(new PactRegistrySettings(
					Duration.ofMillis(50), 8, Duration.ofMillis(250), Duration.ofMinutes(10), 100_000, 10));
			assertThat(context.getBean(PactFactory.class).defaultsFor("anything")).isEqualTo(PactDefaults.STANDARD);
		});
	}

	@Test
	void unboundPropertiesValidateAndGiveTheStandardDefaults() {
		PactProperties properties = new PactProperties();
		PactPropertiesMapper mapper = new PactPropertiesMapper(properties).validate();
		assertThat(mapper.defaults()).isEqualTo(PactDefaults.STANDARD);
		assertThat(mapper.defaultsByName()).isEmpty();
		assertThat(properties.getShutdown().getGracePeriod()).isEqualTo(Duration.ZERO);
		assertThat(properties.getPoller().getScheduler()).isNull();
	}

	// ---------------------------------------------------------------------------------------------
	// General defaults of the factory
	// ---------------------------------------------------------------------------------------------

	@Test
	void defaultTimeout() {
		this.contextRunner.withPropertyValues("pact.default-timeout=90s").run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("With a deadline", () -> false);
			assertThat(pact.getTimeout()).isEqualTo(Duration.ofSeconds(90));
			assertThat(pact.getDeadline()).isEqualTo(pact.getCreatedAt().plusSeconds(90));
		});
	}

	@Test
	void pollInterval() {
		this.contextRunner.withPropertyValues("pact.poll-interval=250ms").run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("Polled often", () -> false);
			assertThat(pact.getPollInterval()).isEqualTo(Duration.ofMillis(250));
			assertThat(pact.getBackoff()).isEqualTo(Backoff.fixed(Duration.ofMillis(250)));
		});
	}

	@Test
	void lazy() {
		this.contextRunner.withPropertyValues("pact.lazy=false").run((context) -> {
			PactFactory factory = context.getBean(PactFactory.class);
			AtomicInteger second = new AtomicInteger();
			Pact pact = factory.create("Eager", () -> false, () -> {
				second.incrementAndGet();
				return false;
			});
			assertThat(pact.isLazy()).isFalse();
			// eager: the second condition is evaluated although the first does not hold
			await().atMost(WAIT).until(() -> second.get() >= 1);
		});
	}

	@Test
	void lazyByDefaultStopsAtTheFirstConditionThatDoesNotHold() {
		this.contextRunner.run((context) -> {
			AtomicInteger first = new AtomicInteger();
			AtomicInteger second = new AtomicInteger();
			Pact pact = context.getBean(PactFactory.class)
				.create("Lazy", () -> first.incrementAndGet() < 0, () -> second.incrementAndGet() < 0);
			await().atMost(WAIT).until(() -> pact.getPollCount() >= 1);
			assertThat(first.get()).isPositive();
			assertThat(second).hasValue(0);
		});
	}

	@Test
	void backoffMultiplierMaxIntervalAndJitter() {
		this.contextRunner
			.withPropertyValues("pact.poll-interval=200ms", "pact.backoff.multiplier=2",
					"pact.backoff.max-interval=5s", "pact.backoff.jitter=0.25")
			.run((context) -> {
				Pact pact = context.getBean(PactFactory.class).create("Backing off", () -> false);
				Backoff backoff = pact.getBackoff();
				assertThat(backoff).isEqualTo(
						Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(5), 2).withJitter(0.25));
				assertThat(backoff.getInitial()).isEqualTo(Duration.ofMillis(200));
				assertThat(backoff.getMax()).isEqualTo(Duration.ofSeconds(5));
				assertThat(backoff.getMultiplier()).isEqualTo(2);
				assertThat(backoff.getJitter()).isEqualTo(0.25);
				assertThat(pact.getPollInterval()).isEqualTo(Duration.ofMillis(200));
			});
	}

	@Test
	void backoffMultiplierAloneCapsAtOneMinute() {
		this.contextRunner.withPropertyValues("pact.backoff.multiplier=1.5").run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("Backing off", () -> false);
			assertThat(pact.getBackoff())
				.isEqualTo(Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5));
		});
	}

	@Test
	void backoffMultiplierWithALongPollIntervalCapsAtThePollInterval() {
		this.contextRunner.withPropertyValues("pact.poll-interval=2m", "pact.backoff.multiplier=2").run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("Rarely polled", () -> false);
			assertThat(pact.getBackoff())
				.isEqualTo(Backoff.exponential(Duration.ofMinutes(2), Duration.ofMinutes(2), 2));
		});
	}

	@Test
	void backoffJitterAloneKeepsAFixedInterval() {
		this.contextRunner.withPropertyValues("pact.backoff.jitter=0.5").run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("Jittered", () -> false);
			assertThat(pact.getBackoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(1)).withJitter(0.5));
		});
	}

	// ---------------------------------------------------------------------------------------------
	// Defaults per name
	// ---------------------------------------------------------------------------------------------

	@Test
	void defaultsOfANameOverrideTheGeneralOnesAndOtherNamesFallBack() {
		this.contextRunner
			.withPropertyValues("pact.default-timeout=1m", "pact.poll-interval=200ms", "pact.backoff.multiplier=2",
					"pact.backoff.max-interval=5s", "pact.backoff.jitter=0.5",
					"pact.names[storage.delete].default-timeout=5m", "pact.names[storage.delete].poll-interval=300ms",
					"pact.names[storage.delete].lazy=false", "pact.names[storage.delete].backoff.multiplier=3",
					"pact.names[storage.delete].backoff.max-interval=3s",
					"pact.names[storage.delete].backoff.jitter=0.1")
			.run((context) -> {
				PactFactory factory = context.getBean(PactFactory.class);
				Backoff named = Backoff.exponential(Duration.ofMillis(300), Duration.ofSeconds(3), 3).withJitter(0.1);
				Backoff general = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(5), 2).withJitter(0.5);
				assertThat(factory.defaultsFor("storage.delete"))
					.isEqualTo(new PactDefaults(Duration.ofMinutes(5), named, false));
				assertThat(factory.defaultsFor("report.export"))
					.isEqualTo(new PactDefaults(Duration.ofMinutes(1), general, true));

				Pact delete = factory.builder("Deleting /a").name("storage.delete").until(() -> false).create();
				assertThat(delete.getTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(delete.getPollInterval()).isEqualTo(Duration.ofMillis(300));
				assertThat(delete.getBackoff()).isEqualTo(named);
				assertThat(delete.isLazy()).isFalse();

				Pact export = factory.builder("Exporting 1").name("report.export").until(() -> false).create();
				assertThat(export.getTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(export.getBackoff()).isEqualTo(general);
				assertThat(export.isLazy()).isTrue();

				Pact unnamed = factory.create("Unnamed", () -> false);
				assertThat(unnamed.getTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(unnamed.getBackoff()).isEqualTo(general);
			});
	}

	@Test
	void whatANameDoesNotSetComesFromTheGeneralSettings() {
		this.contextRunner
			.withPropertyValues("pact.default-timeout=1m", "pact.lazy=false", "pact.backoff.multiplier=2",
					"pact.backoff.max-interval=10s", "pact.names[slow].poll-interval=2s",
					"pact.names[quick].lazy=true", "pact.names[quick].backoff.multiplier=1")
			.run((context) -> {
				PactFactory factory = context.getBean(PactFactory.class);
				assertThat(factory.defaultsFor("slow")).isEqualTo(new PactDefaults(Duration.ofMinutes(1),
						Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(10), 2), false));
				assertThat(factory.defaultsFor("quick"))
					.isEqualTo(new PactDefaults(Duration.ofMinutes(1), Backoff.fixed(Duration.ofSeconds(1)), true));
				Pact slow = factory.builder("Slow").name("slow").create();
				assertThat(slow.getPollInterval()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	// ---------------------------------------------------------------------------------------------
	// Registry and poller
	// ---------------------------------------------------------------------------------------------

	@Test
	void registryMaxPacts() {
		this.contextRunner.withPropertyValues("pact.registry.max-pacts=2").run((context) -> {
			PactFactory factory = context.getBean(PactFactory.class);
			Pact first = factory.create("First", () -> false);
			factory.create("Second", () -> false);
			assertThatIllegalStateException().isThrownBy(() -> factory.create("Third", () -> false))
				.withMessageContaining("2");
			assertThat(context.getBean(PactRegistry.class).size()).isEqualTo(2);
			first.cancel();
			assertThat(factory.create("Third, once there is room", () -> false).state()).isEqualTo(PactState.PENDING);
		});
	}

	@Test
	void registryAndPollerSettings() {
		this.contextRunner
			.withPropertyValues("pact.registry.overdue-retention=30s", "pact.registry.max-pacts=50",
					"pact.poller.tick=20ms", "pact.poller.max-threads=3", "pact.poller.slow-poll-threshold=100ms",
					"pact.registry.max-fault-log-lines-per-minute=0")
			.run((context) -> assertThat(context.getBean(PactRegistry.class).getSettings())
				.isEqualTo(new PactRegistrySettings(Duration.ofMillis(20), 3, Duration.ofMillis(100),
						Duration.ofSeconds(30), 50, 0)));
	}

	@Test
	void overdueRetentionOfZeroDropsAnOverduePactAtOnce() {
		this.contextRunner
			.withPropertyValues("pact.default-timeout=10ms", "pact.poll-interval=20ms",
					"pact.registry.overdue-retention=0s")
			.run((context) -> {
				AtomicInteger lastlies = new AtomicInteger();
				Pact pact = context.getBean(PactFactory.class)
					.builder("Overdue")
					.until(() -> false)
					.lastly(lastlies::incrementAndGet)
					.create();
				await().atMost(WAIT).until(() -> pact.state() == PactState.CANCELLED);
				assertThat(lastlies).hasValue(1);
				assertThat(context.getBean(PactRegistry.class).size()).isZero();
			});
	}

	@Test
	void overdueRetentionKeepsAnOverduePactRegistered() {
		this.contextRunner.withPropertyValues("pact.default-timeout=10ms", "pact.poll-interval=20ms").run((context) -> {
			PactRegistry registry = context.getBean(PactRegistry.class);
			Pact pact = context.getBean(PactFactory.class).create("Overdue", () -> false);
			await().atMost(WAIT).until(() -> !registry.snapshot().isEmpty() && registry.snapshot().get(0).overdue());
			long polls = pact.getPollCount();
			await().atMost(WAIT).until(() -> pact.getPollCount() > polls + 1);
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
			assertThat(registry.size()).isEqualTo(1);
		});
	}

	@Test
	void pollerThreadNamePrefix() {
		this.contextRunner.withPropertyValues("pact.poller.thread-name-prefix=custom-poller-").run((context) -> {
			AtomicReference<String> thread = new AtomicReference<>();
			context.getBean(PactFactory.class).create("Where am I polled", () -> {
				thread.set(Thread.currentThread().getName());
				return true;
			});
			await().atMost(WAIT).until(() -> thread.get() != null);
			assertThat(thread.get()).startsWith("custom-poller-");
		});
	}

	// ---------------------------------------------------------------------------------------------
	// pact.poller.scheduler
	// ---------------------------------------------------------------------------------------------

	@Test
	void pollerSchedulerNamingAThreadPoolTaskScheduler() {
		Set<Thread> before = PactAutoConfigurationTests.pactThreads();
		this.contextRunner.withBean("userScheduler", ThreadPoolTaskScheduler.class, () -> {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("user-scheduler-");
			return scheduler;
		}).withPropertyValues("pact.poller.scheduler=userScheduler", "pact.poll-interval=20ms").run((context) -> {
			assertThat(context).hasNotFailed();
			PactPollerScheduler pollerScheduler = context.getBean(PactPollerScheduler.class);
			ThreadPoolTaskScheduler userScheduler = context.getBean(ThreadPoolTaskScheduler.class);
			assertThat(pollerScheduler.isOwned()).isFalse();
			assertThat(pollerScheduler.getScheduledExecutor()).isSameAs(userScheduler.getScheduledExecutor());
			// the registry's one periodic task is scheduled on the user's scheduler
			ScheduledThreadPoolExecutor executor = (ScheduledThreadPoolExecutor) userScheduler.getScheduledExecutor();
			await().atMost(WAIT).untilAsserted(() -> assertThat(executor.getQueue()).hasSize(1));
			AtomicInteger evaluations = new AtomicInteger();
			Pact pact = context.getBean(PactFactory.class)
				.create("Needs the periodic task", () -> evaluations.incrementAndGet() >= 2);
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			Set<Thread> started = PactAutoConfigurationTests.pactThreads();
			started.removeAll(before);
			assertThat(started).extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith(PactPollerScheduler.SCHEDULER_THREAD_NAME_PREFIX));
		});
	}

	@Test
	void pollerSchedulerNamingAScheduledExecutorServiceWhichIsLeftRunning() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
		executor.setRemoveOnCancelPolicy(true);
		try {
			this.contextRunner
				.withBean("userTicks", ScheduledExecutorService.class, () -> executor,
						(definition) -> ((AbstractBeanDefinition) definition).setDestroyMethodName(""))
				.withPropertyValues("pact.poller.scheduler=userTicks", "pact.poll-interval=20ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					PactPollerScheduler pollerScheduler = context.getBean(PactPollerScheduler.class);
					assertThat(pollerScheduler.isOwned()).isFalse();
					assertThat(pollerScheduler.getScheduledExecutor()).isSameAs(executor);
					await().atMost(WAIT).untilAsserted(() -> assertThat(executor.getQueue()).hasSize(1));
					AtomicInteger evaluations = new AtomicInteger();
					Pact pact = context.getBean(PactFactory.class)
						.create("Needs the periodic task", () -> evaluations.incrementAndGet() >= 2);
					await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
				});
			// the registry cancelled its own task but left the user's executor running
			assertThat(executor.isShutdown()).isFalse();
			await().atMost(WAIT).untilAsserted(() -> assertThat(executor.getQueue()).isEmpty());
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void pollerSchedulerNamingBootsTaskScheduler() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class)
			.withPropertyValues("pact.poller.scheduler=taskScheduler", "pact.poll-interval=20ms")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("taskScheduler");
				PactPollerScheduler pollerScheduler = context.getBean(PactPollerScheduler.class);
				assertThat(pollerScheduler.isOwned()).isFalse();
				assertThat(pollerScheduler.getScheduledExecutor())
					.isSameAs(context.getBean("taskScheduler", ThreadPoolTaskScheduler.class).getScheduledExecutor());
				AtomicInteger evaluations = new AtomicInteger();
				Pact pact = context.getBean(PactFactory.class)
					.create("Needs the periodic task", () -> evaluations.incrementAndGet() >= 2);
				await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			});
	}

	@Test
	void withABorrowedSchedulerAPactThatEndsWithinTheGracePeriodStillFinishesNormally() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class)
			.withPropertyValues("pact.poller.scheduler=taskScheduler", "pact.shutdown.grace-period=2s",
					"pact.poll-interval=20ms", "pact.poller.tick=10ms")
			.run((context) -> assertEndsNormallyWithinGracePeriod(context.getSourceApplicationContext(),
					Duration.ofSeconds(2)));
	}

	@Test
	void withABorrowedScheduledExecutorServiceAPactThatEndsWithinTheGracePeriodFinishesNormally() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
		try {
			this.contextRunner
				.withBean("userTicks", ScheduledExecutorService.class, () -> executor,
						(definition) -> ((AbstractBeanDefinition) definition).setDestroyMethodName(""))
				.withPropertyValues("pact.poller.scheduler=userTicks", "pact.shutdown.grace-period=2s",
						"pact.poll-interval=20ms", "pact.poller.tick=10ms")
				.run((context) -> assertEndsNormallyWithinGracePeriod(context.getSourceApplicationContext(),
						Duration.ofSeconds(2)));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void pollerSchedulerNamingAMissingBeanFailsStartup() {
		this.contextRunner.withPropertyValues("pact.poller.scheduler=noSuchScheduler").run((context) -> {
			InvalidConfigurationPropertyValueException ex = invalidValue(context.getStartupFailure());
			assertThat(ex.getName()).isEqualTo("pact.poller.scheduler");
			assertThat(ex.getValue()).isEqualTo("noSuchScheduler");
			assertThat(ex.getMessage()).contains("pact.poller.scheduler");
		});
	}

	@Test
	void pollerSchedulerNamingABeanOfAnotherTypeFailsStartup() {
		this.contextRunner.withBean("notAScheduler", String.class, () -> "nope")
			.withPropertyValues("pact.poller.scheduler=notAScheduler")
			.run((context) -> {
				InvalidConfigurationPropertyValueException ex = invalidValue(context.getStartupFailure());
				assertThat(ex.getName()).isEqualTo("pact.poller.scheduler");
				assertThat(ex.getMessage()).contains("pact.poller.scheduler").contains("java.lang.String");
			});
	}

	@Test
	void pollerSchedulerNamingASimpleAsyncTaskSchedulerTicksOnItsSchedulerThread() {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		scheduler.setThreadNamePrefix("user-simple-");
		try {
			this.contextRunner
				.withBean("simpleScheduler", SimpleAsyncTaskScheduler.class, () -> scheduler,
						(definition) -> ((AbstractBeanDefinition) definition).setDestroyMethodName(""))
				.withPropertyValues("pact.poller.scheduler=simpleScheduler", "pact.poll-interval=20ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(PactPollerScheduler.class).isOwned()).isFalse();
					AtomicInteger evaluations = new AtomicInteger();
					Pact pact = context.getBean(PactFactory.class)
						.create("Needs the periodic task", () -> evaluations.incrementAndGet() >= 3);
					await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
					assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
						.anyMatch((name) -> name.startsWith("user-simple-"));
				});
		}
		finally {
			scheduler.close();
		}
	}

	// ---------------------------------------------------------------------------------------------
	// pact.shutdown.grace-period
	// ---------------------------------------------------------------------------------------------

	@Test
	void withoutGracePeriodAPendingPactIsCancelledAtClose() {
		this.contextRunner.withPropertyValues("pact.shutdown.grace-period=0").run((context) -> {
			AtomicInteger lastlies = new AtomicInteger();
			Pact pact = context.getBean(PactFactory.class)
				.builder("Pending")
				.until(() -> false)
				.lastly(lastlies::incrementAndGet)
				.create();
			context.getSourceApplicationContext().close();
			assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
			assertThat(lastlies).hasValue(1);
		});
	}

	@Test
	void aPactThatEndsWithinTheGracePeriodFinishesNormally() {
		this.contextRunner
			.withPropertyValues("pact.shutdown.grace-period=10s", "pact.poll-interval=20ms", "pact.poller.tick=10ms")
			.run((context) -> {
				assertEndsNormallyWithinGracePeriod(context.getSourceApplicationContext(), Duration.ofSeconds(10));
			});
	}

	/**
	 * Closes the context on another thread and, once the registry is shutting down, lets a pending pact's
	 * condition hold: the pact must finish normally, and close must return without waiting for the
	 * whole grace period.
	 */
	private static void assertEndsNormallyWithinGracePeriod(ConfigurableApplicationContext context,
			Duration gracePeriod) throws InterruptedException {
		PactRegistry registry = context.getBean(PactRegistry.class);
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = context.getBean(PactFactory.class)
			.builder("Ends during the grace period")
			.until(done::get)
			.then(thens::incrementAndGet)
			.lastly(lastlies::incrementAndGet)
			.create();
		Thread closer = new Thread(context::close, "closer");
		long start = System.nanoTime();
		closer.start();
		await().atMost(WAIT).until(registry::isShutDown);
		// shutting down, within the grace period: still pending, not cancelled
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(closer.isAlive()).isTrue();
		done.set(true);
		closer.join(gracePeriod.plus(WAIT).toMillis());
		assertThat(closer.isAlive()).isFalse();
		assertThat(pact.state()).as("state of a pact whose condition held during the grace period")
			.isEqualTo(PactState.FINISHED);
		assertThat(thens).hasValue(1);
		assertThat(lastlies).hasValue(1);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(gracePeriod);
		assertThat(context.isActive()).isFalse();
	}

	@Test
	void aPactStillPendingAfterTheGracePeriodIsCancelled() {
		this.contextRunner.withPropertyValues("pact.shutdown.grace-period=300ms").run((context) -> {
			AtomicInteger lastlies = new AtomicInteger();
			Pact pact = context.getBean(PactFactory.class)
				.builder("Never ends")
				.until(() -> false)
				.lastly(lastlies::incrementAndGet)
				.create();
			long start = System.nanoTime();
			context.getSourceApplicationContext().close();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
			assertThat(lastlies).hasValue(1);
		});
	}

	// ---------------------------------------------------------------------------------------------
	// Invalid values
	// ---------------------------------------------------------------------------------------------

	static Stream<Arguments> invalidValues() {
		return Stream.of(
				invalid("pact.poll-interval", "positive duration", "pact.poll-interval=0"),
				invalid("pact.poll-interval", "positive duration", "pact.poll-interval=-1s"),
				invalid("pact.default-timeout", "leave it unset for no deadline", "pact.default-timeout=-1s"),
				invalid("pact.default-timeout", "leave it unset for no deadline", "pact.default-timeout=0s"),
				invalid("pact.default-timeout", "positive duration", "pact.default-timeout=0"),
				invalid("pact.backoff.multiplier", "from 1", "pact.backoff.multiplier=0.5"),
				invalid("pact.backoff.multiplier", "to 1000", "pact.backoff.multiplier=1001"),
				invalid("pact.backoff.jitter", "from 0 to 1", "pact.backoff.jitter=1.5"),
				invalid("pact.backoff.jitter", "from 0 to 1", "pact.backoff.jitter=-0.1"),
				invalid("pact.backoff.max-interval", "positive duration", "pact.backoff.max-interval=0s"),
				invalid("pact.names[x].poll-interval", "positive duration", "pact.names[x].poll-interval=0"),
				invalid("pact.names[storage.delete].poll-interval", "positive duration",
						"pact.names[storage.delete].poll-interval=-1s"),
				invalid("pact.names[x].default-timeout", "leave it unset for no deadline",
						"pact.names[x].default-timeout=0s"),
				invalid("pact.names[x].backoff.multiplier", "from 1", "pact.names[x].backoff.multiplier=0.5"),
				invalid("pact.names[x].backoff.jitter", "from 0 to 1", "pact.names[x].backoff.jitter=2"),
				invalid("pact.names[x].backoff.max-interval", "positive duration",
						"pact.names[x].backoff.max-interval=-1s"),
				invalid("pact.poller.thread-name-prefix", "not be blank", "pact.poller.thread-name-prefix= "),
				invalid("pact.registry.max-pacts", "at least 1", "pact.registry.max-pacts=0"),
				invalid("pact.registry.max-fault-log-lines-per-minute", "0 (log no fault) or more",
						"pact.registry.max-fault-log-lines-per-minute=-1"),
				invalid("pact.registry.overdue-retention", "zero or a positive duration",
						"pact.registry.overdue-retention=-1s"),
				invalid("pact.poller.tick", "positive duration", "pact.poller.tick=0"),
				invalid("pact.poller.max-threads", "at least 1", "pact.poller.max-threads=0"),
				invalid("pact.poller.slow-poll-threshold", "positive duration", "pact.poller.slow-poll-threshold=0"),
				invalid("pact.shutdown.grace-period", "zero or a positive duration", "pact.shutdown.grace-period=-1s"));
	}

	private static Arguments invalid(String property, String allowed, String... values) {
		return Arguments.of(property, allowed, values);
	}

	@ParameterizedTest(name = "{2} fails on {0}")
	@MethodSource("invalidValues")
	void invalidValueFailsStartup(String property, String allowed, String[] values) {
		this.contextRunner.withPropertyValues(values).run((context) -> {
			assertThat(context).hasFailed();
			InvalidConfigurationPropertyValueException ex = invalidValue(context.getStartupFailure());
			assertThat(ex.getName()).isEqualTo(property);
			assertThat(ex.getReason()).contains(allowed);
			assertThat(ex.getMessage()).contains(property).contains(allowed);
		});
	}

	@Test
	void nonDurationValueFailsStartup() {
		this.contextRunner.withPropertyValues("pact.poll-interval=banana").run((context) -> {
			assertThat(context).hasFailed();
			BindException ex = findCause(context.getStartupFailure(), BindException.class);
			assertThat(ex).as("BindException in the cause chain of %s", context.getStartupFailure()).isNotNull();
			assertThat(ex.getProperty().getName()).hasToString("pact.poll-interval");
			assertThat(ex.getProperty().getValue()).isEqualTo("banana");
		});
	}

	@Test
	void validBoundaryValuesStartFine() {
		this.contextRunner
			.withPropertyValues("pact.default-timeout=1ms", "pact.backoff.multiplier=1", "pact.backoff.jitter=0",
					"pact.backoff.max-interval=1s", "pact.registry.max-pacts=1", "pact.registry.overdue-retention=0s",
					"pact.poller.max-threads=1", "pact.poller.tick=1ms", "pact.shutdown.grace-period=0s")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PactFactory.class));
	}

	// ---------------------------------------------------------------------------------------------
	// Configuration metadata
	// ---------------------------------------------------------------------------------------------

	@Test
	void configurationMetadataDescribesEveryProperty() throws IOException {
		List<Map<String, Object>> properties = pactMetadataProperties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("pact.default-timeout", "pact.poll-interval", "pact.enabled", "pact.lazy", "pact.names",
					"pact.backoff.multiplier", "pact.backoff.max-interval", "pact.backoff.jitter",
					"pact.registry.max-pacts", "pact.registry.overdue-retention", "pact.poller.tick",
					"pact.poller.max-threads", "pact.poller.slow-poll-threshold", "pact.poller.scheduler",
					"pact.poller.thread-name-prefix", "pact.shutdown.grace-period");
		assertThat(properties).allSatisfy((property) -> assertThat(property.get("description"))
			.as("description of %s", property.get("name"))
			.isInstanceOf(String.class)
			.asString()
			.isNotBlank());
		assertThat(property(properties, "pact.default-timeout")).containsEntry("type", "java.time.Duration");
		assertThat(property(properties, "pact.poll-interval")).containsEntry("type", "java.time.Duration")
			.containsEntry("defaultValue", "1s");
		assertThat(property(properties, "pact.enabled")).containsEntry("defaultValue", true);
		assertThat(property(properties, "pact.backoff.multiplier").get("defaultValue")).hasToString("1");
		assertThat(property(properties, "pact.backoff.max-interval")).containsEntry("defaultValue", "1m");
		assertThat(property(properties, "pact.backoff.jitter").get("defaultValue")).hasToString("0");
		assertThat(property(properties, "pact.shutdown.grace-period")).containsEntry("type", "java.time.Duration")
			.containsEntry("defaultValue", "0s");
	}

	@Test
	@SuppressWarnings("unchecked")
	void configurationMetadataHints() throws IOException {
		List<Map<String, Object>> hints = (List<Map<String, Object>>) pactMetadata().get("hints");
		assertThat(hints).isNotNull();
		Map<String, Object> scheduler = hints.stream()
			.filter((hint) -> "pact.poller.scheduler".equals(hint.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat((List<Map<String, Object>>) scheduler.get("providers")).singleElement()
			.satisfies((provider) -> assertThat(provider).containsEntry("name", "spring-bean-reference"));
		assertThat(hints).extracting((hint) -> hint.get("name"))
			.contains("pact.names.keys", "pact.backoff.multiplier", "pact.backoff.jitter");
	}

	private static Map<String, Object> property(List<Map<String, Object>> properties, String name) {
		return properties.stream()
			.filter((property) -> name.equals(property.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No metadata for " + name));
	}

	private static Map<String, Object> pactMetadata() throws IOException {
		Enumeration<URL> resources = PactPropertiesTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			try (InputStream stream = resources.nextElement().openStream()) {
				Map<String, Object> metadata = JsonParserFactory.getJsonParser()
					.parseMap(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
				if (String.valueOf(metadata.get("groups")).contains(PactProperties.class.getName())) {
					return metadata;
				}
			}
		}
		throw new AssertionError("No metadata of PactProperties on the class path");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> pactMetadataProperties() throws IOException {
		Enumeration<URL> resources = PactPropertiesTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		List<Map<String, Object>> found = new ArrayList<>();
		while (resources.hasMoreElements()) {
			String json;
			try (InputStream stream = resources.nextElement().openStream()) {
				json = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(json);
			List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
			if (properties != null && properties.stream()
				.anyMatch((property) -> PactProperties.class.getName().equals(property.get("sourceType")))) {
				found.addAll(properties);
			}
		}
		assertThat(found).as("metadata of PactProperties on the classpath").isNotEmpty();
		return found;
	}

	// ---------------------------------------------------------------------------------------------
	// Helpers
	// ---------------------------------------------------------------------------------------------

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

	static InvalidConfigurationPropertyValueException invalidValue(Throwable failure) {
		assertThat(failure).as("startup failure").isNotNull();
		InvalidConfigurationPropertyValueException ex = findCause(failure,
				InvalidConfigurationPropertyValueException.class);
		assertThat(ex).as("InvalidConfigurationPropertyValueException in the cause chain of %s", failure).isNotNull();
		return ex;
	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = (candidate.getCause() != candidate) ? candidate.getCause() : null;
		}
		return null;
	}

}
