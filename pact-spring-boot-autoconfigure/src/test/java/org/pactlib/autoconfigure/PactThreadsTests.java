package org.pactlib.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.metrics.PactExecutorMetrics;
import org.pactlib.autoconfigure.metrics.PactMetricsAutoConfiguration;
import org.pactlib.registry.PactFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the threads of the registry: its own scheduler, untouched by Boot's scheduling settings;
 * virtual poller threads; executor metrics.
 */
class PactThreadsTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class,
				PactMetricsAutoConfiguration.class))
		.withPropertyValues("pact.poll-interval=20ms");

	@Test
	void bootsSchedulingPropertiesAndCustomizersDoNotReshapeThePactScheduler() {
		Set<Object> customized = ConcurrentHashMap.newKeySet();
		this.contextRunner.withUserConfiguration(PactPropertiesTests.SchedulingConfiguration.class)
			.withPropertyValues("spring.task.scheduling.thread-name-prefix=boot-scheduling-",
					"spring.task.scheduling.pool.size=4")
			.withBean(ThreadPoolTaskSchedulerCustomizer.class, () -> (scheduler) -> {
				customized.add(scheduler);
				scheduler.setThreadNamePrefix("customized-");
			})
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("taskScheduler");
				assertThat(customized).as("only Boot's taskScheduler is customized")
					.containsExactly(context.getBean("taskScheduler"));
				ScheduledThreadPoolExecutor executor = context.getBean(PactPollerScheduler.class).getOwnedExecutor();
				assertThat(executor).isNotNull();
				assertThat(executor.getCorePoolSize()).isOne();
				assertThat(executor.submit(() -> Thread.currentThread().getName()).get())
					.isEqualTo(PactPollerScheduler.SCHEDULER_THREAD_NAME_PREFIX + "1");
				AtomicReference<String> poller = new AtomicReference<>();
				Pact pact = context.getBean(PactFactory.class).create("Where am I polled", () -> {
					poller.set(Thread.currentThread().getName());
					return true;
				});
				await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
				assertThat(poller.get()).startsWith("pact-poller-");
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void withVirtualThreadsConditionsRunOnVirtualThreadsAndTheTickOnOnePlatformThread() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			AtomicReference<Thread> poller = new AtomicReference<>();
			Pact pact = context.getBean(PactFactory.class).create("On a virtual thread", () -> {
				poller.set(Thread.currentThread());
				return true;
			});
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			assertThat(isVirtual(poller.get())).as("poller %s is virtual", poller.get()).isTrue();
			assertThat(poller.get().getName()).startsWith("pact-poller-");
			ScheduledThreadPoolExecutor executor = context.getBean(PactPollerScheduler.class).getOwnedExecutor();
			Thread tick = executor.submit(Thread::currentThread).get();
			assertThat(isVirtual(tick)).isFalse();
			assertThat(tick.getName()).isEqualTo(PactPollerScheduler.SCHEDULER_THREAD_NAME_PREFIX + "1");
			assertThat(executor.getCorePoolSize()).isOne();
			assertThat(executor.getPoolSize()).isOne();
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void withVirtualThreadsBootsSimpleAsyncTaskSchedulerCanRunTheTick() {
		this.contextRunner.withUserConfiguration(PactPropertiesTests.SchedulingConfiguration.class)
			.withPropertyValues("spring.threads.virtual.enabled=true", "pact.poller.scheduler=taskScheduler")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("taskScheduler")).isInstanceOf(SimpleAsyncTaskScheduler.class);
				AtomicInteger evaluations = new AtomicInteger();
				AtomicBoolean virtual = new AtomicBoolean();
				Pact pact = context.getBean(PactFactory.class).create("Ticked by Boot's scheduler", () -> {
					virtual.set(isVirtual(Thread.currentThread()));
					return evaluations.incrementAndGet() >= 3;
				});
				await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
				assertThat(virtual).isTrue();
			});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void beforeJava21TheVirtualThreadsPropertyKeepsPlatformPollers() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			AtomicReference<String> poller = new AtomicReference<>();
			Pact pact = context.getBean(PactFactory.class).create("On a platform thread", () -> {
				poller.set(Thread.currentThread().getName());
				return true;
			});
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			assertThat(poller.get()).startsWith("pact-poller-");
		});
	}

	@Test
	void withMicrometerThePactExecutorsAreBoundAsExecutorMetrics() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(PactExecutorMetrics.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				Pact pact = context.getBean(PactFactory.class).create("Counted", () -> true);
				await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
				assertThat(meters.get("executor.pool.size").tag("name", PactExecutorMetrics.SCHEDULER_NAME).gauge()
					.value()).isOne();
				assertThat(meters.get("executor.completed").tag("name", PactExecutorMetrics.SCHEDULER_NAME)
					.functionCounter().count()).isPositive();
				assertThat(meters.get("executor.pool.max").tag("name", PactExecutorMetrics.POLLER_NAME).gauge().value())
					.isEqualTo(8);
				assertThat(meters.get("executor.pool.size").tag("name", PactExecutorMetrics.POLLER_NAME).gauge().value())
					.isBetween(0.0, 8.0);
			});
	}

	@Test
	void withoutMicrometerThereAreNoExecutorMetrics() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PactExecutorMetrics.class));
	}

	@Test
	void livePollerThreadsAreCounted() {
		this.contextRunner.run((context) -> {
			PactPollerScheduler scheduler = context.getBean(PactPollerScheduler.class);
			AtomicBoolean release = new AtomicBoolean();
			Pact pact = context.getBean(PactFactory.class).create("Holds a poller", release::get);
			await().atMost(WAIT).until(() -> pact.getPollCount() > 0);
			assertThat(scheduler.getLivePollerThreads()).isPositive();
			release.set(true);
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
		});
	}

	static boolean isVirtual(Thread thread) {
		try {
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (boolean) isVirtual.invoke(thread);
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
