package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactClock;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;
import org.pactlib.autoconfigure.async.PactAsyncBeanPostProcessor;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.PactSnapshot;
import org.pactlib.registry.RegisteredPact;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PactAutoConfiguration}: which beans it contributes, how each backs off, shutdown,
 * and {@code @Async} methods returning a pact.
 */
class PactAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, PactAutoConfiguration.class));

	// ---------------------------------------------------------------------------------------------
	// Activation
	// ---------------------------------------------------------------------------------------------

	@Test
	void contributesEveryBeanByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(PactRegistry.class)
				.hasSingleBean(PactFactory.class)
				.hasSingleBean(PactClock.class)
				.hasSingleBean(PactPollerScheduler.class)
				.hasSingleBean(PactRegistryLifecycle.class)
				.hasSingleBean(PactAsyncBeanPostProcessor.class)
				.hasSingleBean(PactFailureLogger.class)
				.hasSingleBean(PactProperties.class);
			PactRegistry registry = context.getBean(PactRegistry.class);
			assertThat(context.getBean(PactClock.class)).isSameAs(PactClock.system());
			assertThat(registry.getClock()).isSameAs(PactClock.system());
			assertThat(registry.isShutDown()).isFalse();
			assertThat(context.getBean(PactFactory.class).getRegistry()).isSameAs(registry);
			assertThat(context.getBean(PactPollerScheduler.class).isOwned()).isTrue();
			assertThat(context.getBean(PactRegistryLifecycle.class).isRunning()).isTrue();
		});
	}

	@Test
	void factoryPactWhoseConditionHoldsFinishesByItself() {
		this.contextRunner.run((context) -> {
			PactFactory factory = context.getBean(PactFactory.class);
			AtomicInteger thens = new AtomicInteger();
			Pact pact = factory.builder("Holds at once").until(() -> true).then(thens::incrementAndGet).create();
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			await().atMost(WAIT).until(() -> thens.get() == 1);
			assertThat(context.getBean(PactRegistry.class).size()).isZero();
		});
	}

	@Test
	void registryKeepsPollingPactsOnItsScheduler() {
		this.contextRunner.withPropertyValues("pact.poll-interval=20ms").run((context) -> {
			PactFactory factory = context.getBean(PactFactory.class);
			AtomicInteger evaluations = new AtomicInteger();
			AtomicReference<String> pollerThread = new AtomicReference<>();
			Pact pact = factory.create("Holds at the third poll", () -> {
				pollerThread.set(Thread.currentThread().getName());
				return evaluations.incrementAndGet() >= 3;
			});
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			assertThat(evaluations).hasValue(3);
			assertThat(pact.getPollCount()).isEqualTo(3);
			assertThat(pollerThread.get()).startsWith("pact-poller-");
		});
	}

	@Test
	void worksWithoutTaskSchedulingAutoConfiguration() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PactAutoConfiguration.class))
			.withPropertyValues("pact.poll-interval=20ms")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(PactRegistry.class);
				AtomicInteger evaluations = new AtomicInteger();
				Pact pact = context.getBean(PactFactory.class)
					.create("Holds at the second poll", () -> evaluations.incrementAndGet() >= 2);
				await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			});
	}

	@Test
	void factoryPactsHaveTheirConditionsFixed() {
		this.contextRunner.run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("Never", () -> false);
			assertThatIllegalStateException().isThrownBy(() -> pact.until(() -> true)).withMessageContaining("create");
			assertThat(pact.getConditionCount()).isEqualTo(1);
		});
	}

	@Test
	void registryListenerBeansAreToldOfEvents() {
		RecordingListener listener = new RecordingListener();
		this.contextRunner.withBean(RecordingListener.class, () -> listener).run((context) -> {
			Pact pact = context.getBean(PactFactory.class).builder("Listened to").name("listened").create();
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			await().atMost(WAIT).until(() -> listener.ended.get() == 1);
			assertThat(listener.registeredNames).containsExactly("listened");
		});
	}

	@Test
	void disabledContributesNothing() {
		this.contextRunner.withPropertyValues("pact.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(PactRegistry.class)
				.doesNotHaveBean(PactFactory.class)
				.doesNotHaveBean(PactClock.class)
				.doesNotHaveBean(PactPollerScheduler.class)
				.doesNotHaveBean(PactRegistryLifecycle.class)
				.doesNotHaveBean(PactAsyncBeanPostProcessor.class)
				.doesNotHaveBean(PactProperties.class);
		});
	}

	@Test
	void enabledExplicitlyContributesEverything() {
		this.contextRunner.withPropertyValues("pact.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(PactRegistry.class).hasSingleBean(PactFactory.class));
	}

	// ---------------------------------------------------------------------------------------------
	// Back-off
	// ---------------------------------------------------------------------------------------------

	@Test
	void userClockReplacesOursAndFactoryPactsUseIt() {
		this.contextRunner.withUserConfiguration(VirtualClockConfiguration.class)
			.withPropertyValues("pact.default-timeout=10s")
			.run((context) -> {
				assertThat(context).hasSingleBean(PactClock.class);
				VirtualClock clock = context.getBean(VirtualClock.class);
				assertThat(context.getBean(PactClock.class)).isSameAs(clock);
				assertThat(context.getBean(PactRegistry.class).getClock()).isSameAs(clock);
				Pact pact = context.getBean(PactFactory.class).create("On virtual time", () -> false);
				assertThat(pact.clock()).isSameAs(clock);
				assertThat(pact.remaining()).isEqualTo(Duration.ofSeconds(10));
				clock.advance(Duration.ofSeconds(11));
				assertThat(pact.remaining()).isEqualTo(Duration.ofSeconds(-1));
			});
	}

	@Test
	void userRegistryReplacesOurs() {
		this.contextRunner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PactRegistry.class).hasBean("userPactRegistry");
			PactRegistry registry = context.getBean(PactRegistry.class);
			assertThat(registry.getSettings().maxPacts()).isEqualTo(7);
			assertThat(context.getBean(PactFactory.class).getRegistry()).isSameAs(registry);
			Pact pact = context.getBean(PactFactory.class).create("In the user's registry", () -> false);
			assertThat(registry.size()).isEqualTo(1);
			assertThat(registry.snapshot()).extracting(PactSnapshot::description).containsExactly(pact.getDescription());
		});
	}

	@Test
	void userFactoryReplacesOurs() {
		this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PactFactory.class).hasBean("userPactFactory");
			PactFactory factory = context.getBean(PactFactory.class);
			Pact pact = factory.create("With the user's defaults", () -> false);
			assertThat(pact.getTimeout()).isEqualTo(Duration.ofMinutes(3));
			assertThat(pact.getPollInterval()).isEqualTo(Duration.ofMillis(300));
			assertThat(pact.isLazy()).isFalse();
		});
	}

	@Test
	void userPollerSchedulerReplacesOursAndTheRegistryTicksOnIt() {
		this.contextRunner.withUserConfiguration(UserPollerSchedulerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PactPollerScheduler.class).hasBean("userPollerScheduler");
			PactPollerScheduler scheduler = context.getBean(PactPollerScheduler.class);
			ScheduledThreadPoolExecutor executor = context.getBean("userTickExecutor", ScheduledThreadPoolExecutor.class);
			assertThat(scheduler.isOwned()).isFalse();
			assertThat(scheduler.getScheduledExecutor()).isSameAs(executor);
			// the registry's one periodic task is scheduled on the user's executor
			await().atMost(WAIT).untilAsserted(() -> assertThat(executor.getQueue()).hasSize(1));
		});
	}

	@Test
	void userRegistryLifecycleReplacesOurs() {
		this.contextRunner.withUserConfiguration(UserLifecycleConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PactRegistryLifecycle.class).hasBean("userPactRegistryLifecycle");
			assertThat(context.getBean(PactRegistryLifecycle.class))
				.isSameAs(context.getBean("userPactRegistryLifecycle"));
		});
	}

	// ---------------------------------------------------------------------------------------------
	// No TaskScheduler or Executor of ours
	// ---------------------------------------------------------------------------------------------

	@Test
	void contributesNoTaskSchedulerOrExecutorSoBootsOwnStay() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(PactRegistry.class).hasBean("applicationTaskExecutor");
				assertThat(context).doesNotHaveBean(TaskScheduler.class);
				assertThat(context).doesNotHaveBean(ScheduledExecutorService.class);
				assertThat(context.getBeanNamesForType(Executor.class)).containsExactly("applicationTaskExecutor");
			});
	}

	@Test
	void onlyTheUsersTaskSchedulerExistsWhenTheUserAddsOne() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withBean("userTaskScheduler", ThreadPoolTaskScheduler.class, ThreadPoolTaskScheduler::new)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TaskScheduler.class).hasBean("userTaskScheduler");
				// without pact.poller.scheduler, the registry does not borrow the user's scheduler
				assertThat(context.getBean(PactPollerScheduler.class).isOwned()).isTrue();
				assertThat(context.getBean(PactPollerScheduler.class).getScheduledExecutor())
					.isNotSameAs(context.getBean(ThreadPoolTaskScheduler.class).getScheduledExecutor());
			});
	}

	// ---------------------------------------------------------------------------------------------
	// Shutdown
	// ---------------------------------------------------------------------------------------------

	@Test
	void closingTheContextShutsTheRegistryDownCancelsPendingPactsAndStopsEveryThread() {
		Set<Thread> before = pactThreads();
		AtomicReference<PactRegistry> registry = new AtomicReference<>();
		AtomicReference<Pact> pending = new AtomicReference<>();
		AtomicReference<Set<Thread>> started = new AtomicReference<>();
		AtomicInteger lastlies = new AtomicInteger();
		this.contextRunner.withPropertyValues("pact.poll-interval=20ms").run((context) -> {
			registry.set(context.getBean(PactRegistry.class));
			Pact pact = context.getBean(PactFactory.class)
				.builder("Never ends by itself")
				.until(() -> false)
				.lastly(lastlies::incrementAndGet)
				.create();
			pending.set(pact);
			// a second poll means the periodic task ran: the scheduler thread and a poller thread exist
			await().atMost(WAIT).until(() -> pact.getPollCount() >= 2);
			Set<Thread> threads = pactThreads();
			threads.removeAll(before);
			assertThat(threads).extracting(Thread::getName)
				.anyMatch((name) -> name.startsWith("pact-poller-"))
				.anyMatch((name) -> name.startsWith(PactPollerScheduler.SCHEDULER_THREAD_NAME_PREFIX));
			started.set(threads);
			assertThat(registry.get().isShutDown()).isFalse();
			assertThat(lastlies).hasValue(0);
		});
		assertThat(registry.get().isShutDown()).isTrue();
		assertThat(pending.get().state()).isEqualTo(PactState.CANCELLED);
		assertThat(lastlies).hasValue(1);
		assertThat(registry.get().size()).isZero();
		await().atMost(WAIT).untilAsserted(() -> assertThat(started.get()).noneMatch(Thread::isAlive));
		await().atMost(WAIT).untilAsserted(() -> assertThat(pactThreads()).isSubsetOf(before));
		assertThatIllegalStateException().isThrownBy(() -> registry.get().register(new Pact("Too late")));
	}

	@Test
	void registryIsStoppedByTheLifecycleBeforeBeansAreDestroyed() {
		AtomicReference<PactState> stateWhenUserBeanDestroyed = new AtomicReference<>();
		this.contextRunner.withUserConfiguration(DestroyedBeanConfiguration.class).run((context) -> {
			Pact pact = context.getBean(PactFactory.class).create("Pending at close", () -> false);
			context.getBean(DestroyedBean.class).onDestroy = () -> stateWhenUserBeanDestroyed.set(pact.state());
			assertThat(context.getBean(PactRegistryLifecycle.class).getPhase()).isEqualTo(PactRegistryLifecycle.PHASE);
		});
		// the pact was cancelled by the lifecycle's stop, before any bean was destroyed
		assertThat(stateWhenUserBeanDestroyed.get()).isEqualTo(PactState.CANCELLED);
	}

	@Test
	void startupFailureAfterTheRegistryStartedLeavesNoPactThreads() {
		Set<Thread> before = pactThreads();
		this.contextRunner.withUserConfiguration(FailingBeanConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessage("Failing on purpose");
		});
		assertThat(FailingBeanConfiguration.registry.get()).isNotNull();
		assertThat(FailingBeanConfiguration.registry.get().isShutDown()).isTrue();
		await().atMost(WAIT).untilAsserted(() -> assertThat(pactThreads()).isSubsetOf(before));
	}

	@Test
	void registryStillWorksAfterTheContextIsStoppedAndStartedAgain() {
		this.contextRunner.withPropertyValues("pact.poll-interval=20ms").run((context) -> {
			PactFactory factory = context.getBean(PactFactory.class);
			context.getSourceApplicationContext().stop();
			context.getSourceApplicationContext().start();
			assertThat(context.getBean(PactRegistryLifecycle.class).isRunning()).isTrue();
			// a restarted context (Lifecycle stop/start, as for a JVM checkpoint and restore) can still create pacts
			AtomicInteger evaluations = new AtomicInteger();
			Pact pact = factory.create("After a restart", () -> evaluations.incrementAndGet() >= 2);
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
		});
	}

	// ---------------------------------------------------------------------------------------------
	// @Async
	// ---------------------------------------------------------------------------------------------

	private ApplicationContextRunner asyncContextRunner() {
		return this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withPropertyValues("pact.poll-interval=20ms");
	}

	@Test
	void asyncMethodReturningPactReturnsARegisteredPactAtOnce() {
		asyncContextRunner().withUserConfiguration(AsyncExportConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ExportService proxy = context.getBean(ExportService.class);
			ExportState service = context.getBean(ExportState.class);
			PactRegistry registry = context.getBean(PactRegistry.class);
			// the body blocks until released: getting the pact back proves the call did not wait for it
			Pact pact = proxy.export("42");
			assertThat(pact).isNotNull();
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
			assertThat(registry.snapshot()).singleElement()
				.satisfies((snapshot) -> assertThat(snapshot.name()).endsWith("ExportService.export"));
			await().atMost(WAIT).until(() -> service.bodyThread.get() != null);
			assertThat(service.bodyThread.get()).isNotEqualTo(Thread.currentThread().getName()).startsWith("task-");
			service.release.countDown();
			await().atMost(WAIT).until(() -> service.inner.get() != null);
			// the body's own pact is handed over to the caller's pact: each call appears once
			await().atMost(WAIT).until(() -> registry.size() == 1);
			assertThat(registry.snapshot()).singleElement()
				.satisfies((snapshot) -> assertThat(snapshot.name()).endsWith("ExportService.export"));
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
			service.exported.set(true);
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			assertThat(service.inner.get().state()).isEqualTo(PactState.FINISHED);
			await().atMost(WAIT).until(() -> registry.size() == 0);
		});
	}

	@Test
	void asyncMethodReturningPactFailsItsPactWhenTheBodyThrows() {
		asyncContextRunner().withUserConfiguration(AsyncExportConfiguration.class).run((context) -> {
			Pact pact = context.getBean(ExportService.class).failing();
			await().atMost(WAIT).until(() -> pact.state() == PactState.FAILED);
			assertThat(pact.getFailure()).hasRootCauseMessage("boom");
		});
	}

	@Test
	void otherAsyncMethodsStillGoToSpringsInterceptor() {
		asyncContextRunner().withUserConfiguration(AsyncExportConfiguration.class).run((context) -> {
			ExportService service = context.getBean(ExportService.class);
			CountDownLatch ran = new CountDownLatch(1);
			AtomicReference<String> thread = new AtomicReference<>();
			service.fireAndForget(ran, thread);
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(thread.get()).isNotEqualTo(Thread.currentThread().getName()).startsWith("task-");
			CompletableFuture<String> future = service.future();
			assertThat(future.get(5, TimeUnit.SECONDS)).startsWith("task-");
		});
	}

	@Test
	void asyncOnTheClassAndAQualifiedExecutorAreHonoured() {
		asyncContextRunner().withUserConfiguration(AsyncQualifiedConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ClassLevelAsyncService service = context.getBean(ClassLevelAsyncService.class);
			AtomicReference<String> thread = new AtomicReference<>();
			Pact pact = service.check(thread);
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			assertThat(thread.get()).startsWith("pact-work-");
			assertThat(context.getBean(PactRegistry.class).size()).isZero();
		});
	}

	@Test
	void asyncDeclaredOnAnInterfaceMethodReturningPact() {
		asyncContextRunner().withUserConfiguration(AsyncInterfaceConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Checker checker = context.getBean(Checker.class);
			AtomicReference<String> thread = new AtomicReference<>();
			Pact pact = checker.check(thread);
			await().atMost(WAIT).until(() -> pact.state() == PactState.FINISHED);
			assertThat(thread.get()).isNotEqualTo(Thread.currentThread().getName()).startsWith("task-");
		});
	}

	@Test
	void asyncMethodDeclaredToReturnPactGroupFailsStartupNamingTheMethod() {
		asyncContextRunner().withUserConfiguration(AsyncGroupConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("GroupService.exportAll")
				.hasMessageContaining("PactGroup");
		});
	}

	// ---------------------------------------------------------------------------------------------
	// Helpers and configurations
	// ---------------------------------------------------------------------------------------------

	static Set<Thread> pactThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().startsWith("pact-poller-")
					|| thread.getName().startsWith("pact-scheduler-"))
			.collect(Collectors.toCollection(HashSet::new));
	}

	static class RecordingListener implements PactRegistryListener {

		final Set<String> registeredNames = ConcurrentHashMap.newKeySet();

		final AtomicInteger ended = new AtomicInteger();

		@Override
		public void registered(RegisteredPact pact) {
			this.registeredNames.add(pact.name());
		}

		@Override
		public void ended(RegisteredPact pact, PactState outcome) {
			this.ended.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualClockConfiguration {

		@Bean
		VirtualClock virtualClock() {
			return new VirtualClock();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledThreadPoolExecutor userRegistryExecutor() {
			return new ScheduledThreadPoolExecutor(1);
		}

		@Bean
		PactRegistry userPactRegistry(ScheduledThreadPoolExecutor userRegistryExecutor) {
			return PactRegistry.builder(userRegistryExecutor).maxPacts(7).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		PactFactory userPactFactory(PactRegistry registry) {
			return new PactFactory(registry,
					new PactDefaults(Duration.ofMinutes(3), Backoff.fixed(Duration.ofMillis(300)), false));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPollerSchedulerConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledThreadPoolExecutor userTickExecutor() {
			return new ScheduledThreadPoolExecutor(1);
		}

		@Bean
		PactPollerScheduler userPollerScheduler(ScheduledThreadPoolExecutor userTickExecutor) {
			return PactPollerScheduler.borrowing(userTickExecutor, PactPollerScheduler.platformThreads("pact-poller-"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLifecycleConfiguration {

		@Bean
		PactRegistryLifecycle userPactRegistryLifecycle(PactRegistry registry) {
			return new PactRegistryLifecycle(registry, Duration.ofSeconds(3), Duration.ofSeconds(30));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DestroyedBeanConfiguration {

		// depends on the factory, so it is destroyed before the registry is
		@Bean
		DestroyedBean destroyedBean(PactFactory pactFactory) {
			return new DestroyedBean(pactFactory);
		}

	}

	static class DestroyedBean implements DisposableBean {

		final PactFactory pactFactory;

		volatile Runnable onDestroy = () -> {
		};

		DestroyedBean(PactFactory pactFactory) {
			this.pactFactory = pactFactory;
		}

		@Override
		public void destroy() {
			this.onDestroy.run();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncExportConfiguration {

		@Bean
		ExportState exportState() {
			return new ExportState();
		}

		@Bean
		ExportService exportService(PactFactory pactFactory, ExportState exportState) {
			return new ExportService(pactFactory, exportState);
		}

	}

	/**
	 * What the test and the (proxied) service share.
	 */
	static class ExportState {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicBoolean exported = new AtomicBoolean();

		final AtomicReference<String> bodyThread = new AtomicReference<>();

		final AtomicReference<Pact> inner = new AtomicReference<>();

	}

	static class ExportService {

		private final PactFactory pactFactory;

		private final ExportState state;

		ExportService(PactFactory pactFactory, ExportState state) {
			this.pactFactory = pactFactory;
			this.state = state;
		}

		@Async
		public Pact export(String id) throws InterruptedException {
			this.state.bodyThread.set(Thread.currentThread().getName());
			if (!this.state.release.await(5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Not released");
			}
			Pact pact = this.pactFactory.create("Exporting " + id, this.state.exported::get);
			this.state.inner.set(pact);
			return pact;
		}

		@Async
		public Pact failing() {
			throw new IllegalStateException("boom");
		}

		@Async
		public void fireAndForget(CountDownLatch ran, AtomicReference<String> thread) {
			thread.set(Thread.currentThread().getName());
			ran.countDown();
		}

		@Async
		public CompletableFuture<String> future() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBeanConfiguration {

		static final AtomicReference<PactRegistry> registry = new AtomicReference<>();

		@Bean
		Object failingBean(PactFactory pactFactory) {
			registry.set(pactFactory.getRegistry());
			pactFactory.create("Created before the failure", () -> false);
			throw new IllegalStateException("Failing on purpose");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncQualifiedConfiguration {

		@Bean
		ThreadPoolTaskExecutor pactWork() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("pact-work-");
			return executor;
		}

		@Bean
		ClassLevelAsyncService classLevelAsyncService(PactFactory pactFactory) {
			return new ClassLevelAsyncService(pactFactory);
		}

	}

	@Async("pactWork")
	static class ClassLevelAsyncService {

		private final PactFactory pactFactory;

		ClassLevelAsyncService(PactFactory pactFactory) {
			this.pactFactory = pactFactory;
		}

		public Pact check(AtomicReference<String> thread) {
			thread.set(Thread.currentThread().getName());
			return this.pactFactory.create("Checking", () -> true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncInterfaceConfiguration {

		@Bean
		Checker checker(PactFactory pactFactory) {
			return new DefaultChecker(pactFactory);
		}

	}

	interface Checker {

		@Async
		Pact check(AtomicReference<String> thread);

	}

	static class DefaultChecker implements Checker {

		private final PactFactory pactFactory;

		DefaultChecker(PactFactory pactFactory) {
			this.pactFactory = pactFactory;
		}

		@Override
		public Pact check(AtomicReference<String> thread) {
			thread.set(Thread.currentThread().getName());
			return this.pactFactory.create("Checking", () -> true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncGroupConfiguration {

		@Bean
		GroupService groupService() {
			return new GroupService();
		}

	}

	static class GroupService {

		@Async
		public PactGroup exportAll() {
			return new PactGroup();
		}

	}

}
