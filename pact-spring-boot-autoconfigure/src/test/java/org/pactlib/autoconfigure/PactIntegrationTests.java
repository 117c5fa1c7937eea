package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactFailedException;
import org.pactlib.PactState;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.PactSnapshot;
import org.pactlib.registry.RegisteredPact;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The starter in a real application: an embedded Tomcat on a random port, Boot's
 * {@code applicationTaskExecutor} (two threads), {@code @EnableAsync}, and the pact registry polling in
 * the background.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"pact.default-timeout=30s",
		"pact.poll-interval=50ms",
		"pact.poller.tick=10ms",
		"pact.names[storage.delete].default-timeout=5m",
		"spring.task.execution.pool.core-size=2",
		"spring.task.execution.pool.max-size=2",
		"spring.task.execution.thread-name-prefix=task-",
		// Keep Boot's applicationTaskExecutor although the application defines an executor of its own.
		"spring.task.execution.mode=force" })
class PactIntegrationTests {

	private static final Duration AT_MOST = Duration.ofSeconds(20);

	private static final String POLLER_PREFIX = "pact-poller-";

	private static final int CALLS = 200;

	@LocalServerPort
	private int port;

	@Autowired
	private PactFactory factory;

	@Autowired
	private PactRegistry registry;

	@Autowired
	private AsyncOps ops;

	@Autowired
	private RecordingListener listener;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	private ThreadPoolTaskExecutor applicationTaskExecutor;

	@BeforeEach
	void registryIsEmpty() {
		await().atMost(AT_MOST).until(() -> this.registry.size() == 0);
		this.listener.clear();
	}

	@AfterEach
	void cancelLeftovers() {
		for (PactSnapshot pact : this.registry.snapshot()) {
			this.registry.cancel(pact.id());
		}
	}

	@Test
	void runsOnARealServer() {
		assertThat(this.port).isGreaterThan(0);
		assertThat(this.registry.isShutDown()).isFalse();
	}

	// (a)

	@Test
	void thenCallbackRunsInTheBackgroundWithNobodyAwaiting() {
		AtomicBoolean done = new AtomicBoolean();
		AtomicReference<String> thenThread = new AtomicReference<>();
		Pact pact = this.factory.create("background then", done::get);
		pact.then(() -> thenThread.set(Thread.currentThread().getName()));

		await().during(Duration.ofMillis(200)).atMost(AT_MOST).until(() -> pact.state() == PactState.PENDING);
		assertThat(thenThread.get()).isNull();
		assertThat(pact.getPollCount()).as("polled in the background before anyone awaits").isPositive();

		done.set(true);
		await().atMost(AT_MOST).until(() -> thenThread.get() != null);
		assertThat(thenThread.get()).startsWith(POLLER_PREFIX);
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		await().atMost(AT_MOST).until(() -> this.registry.size() == 0);
	}

	// (b)

	@Test
	void factoryPactsGetTheConfiguredDefaults() {
		Pact general = this.factory.create("general defaults", () -> true);
		Pact named = this.factory.builder("named defaults").name("storage.delete").until(() -> true).create();
		Pact otherName = this.factory.builder("unconfigured name").name("storage.copy").until(() -> true).create();

		assertThat(general.getTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(general.getPollInterval()).isEqualTo(Duration.ofMillis(50));
		assertThat(general.isLazy()).isTrue();
		assertThat(named.getTimeout()).isEqualTo(Duration.ofMinutes(5));
		assertThat(named.getPollInterval()).isEqualTo(Duration.ofMillis(50));
		assertThat(otherName.getTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.factory.defaultsFor("storage.delete").timeout()).isEqualTo(Duration.ofMinutes(5));
		assertThatIllegalStateException().isThrownBy(() -> general.until(() -> true))
			.withMessageContaining("PactFactory.create");
		await().atMost(AT_MOST)
			.until(() -> general.isFinished() && named.isFinished() && otherName.isFinished());
	}

	// (c)

	@Test
	void asyncPactMethodsReturnAtOnceAndHoldNoExecutorThread() {
		int calls = CALLS;
		Duration operation = Duration.ofSeconds(1);
		List<Pact> pacts = new ArrayList<>();
		long[] calledAt = new long[calls];
		AtomicLongArray finishedAt = new AtomicLongArray(calls);
		AtomicInteger finished = new AtomicInteger();
		long slowestCall = 0;
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			int index = i;
			calledAt[i] = System.nanoTime();
			Pact pact = this.ops.slow(i, calledAt[i], operation);
			long callNanos = System.nanoTime() - calledAt[i];
			slowestCall = Math.max(slowestCall, callNanos);
			assertThat(pact).isNotNull();
			assertThat(this.listener.wasRegistered(pact)).as("call %d: the caller's pact is registered", i).isTrue();
			assertThat(pact.state()).as("call %d: the caller's pact is pending", i).isEqualTo(PactState.PENDING);
			pact.then(() -> {
				finishedAt.set(index, System.nanoTime());
				finished.incrementAndGet();
			});
			pacts.add(pact);
		}
		assertThat(Duration.ofNanos(slowestCall)).as("slowest call").isLessThan(operation);

		// The executor's two threads are let go while the 200 operations are still pending.
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(2))
			.until(() -> this.ops.slowBodies().get() == calls && this.applicationTaskExecutor.getActiveCount() == 0
					&& this.applicationTaskExecutor.getThreadPoolExecutor().getQueue().isEmpty());
		long pendingWhenThreadsFree = pacts.stream().filter((pact) -> pact.state() == PactState.PENDING).count();
		int sizeWhenThreadsFree = this.registry.size();
		System.out.printf("%d @Async calls: slowest call %.1f ms; when both executor threads were free, "
				+ "%d caller pacts were pending and the registry held %d pacts%n", calls, slowestCall / 1e6,
				pendingWhenThreadsFree, sizeWhenThreadsFree);
		assertThat(pendingWhenThreadsFree).as("caller pacts still pending once the executor threads are free")
			.isPositive();
		assertThat(sizeWhenThreadsFree).as("registry size while the calls run").isLessThanOrEqualTo(calls);
		assertThat(this.ops.slowBodyThreads()).allSatisfy((name) -> assertThat(name).startsWith("task-"));

		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(10))
			.until(() -> pacts.stream().allMatch((pact) -> pact.state().isEnded()));
		Duration total = Duration.ofNanos(System.nanoTime() - start);
		System.out.printf("%d @Async calls of a 1 s operation on 2 executor threads all ended after %d ms%n", calls,
				total.toMillis());
		assertThat(total).isLessThan(AT_MOST);
		assertThat(pacts).allSatisfy((pact) -> assertThat(pact.state()).isEqualTo(PactState.FINISHED));
		await().atMost(AT_MOST).until(() -> finished.get() == calls);
		for (int i = 0; i < calls; i++) {
			assertThat(finishedAt.get(i) - calledAt[i]).as("call %d ended after its operation", i)
				.isGreaterThanOrEqualTo(operation.toNanos());
		}
		assertThat(this.ops.slowBodyPacts().values())
			.allSatisfy((pact) -> assertThat(pact.state()).isEqualTo(PactState.FINISHED));

		// Each call appears once in the registry: the pact a body returned is taken over, never registered.
		String callerName = "PactIntegrationTests.AsyncOps.slow";
		assertThat(this.listener.count("registered", callerName)).isEqualTo(calls);
		assertThat(this.listener.count("registered", "it.slow.body")).isZero();
		assertThat(this.listener.count("unregistered", "it.slow.body")).isZero();
		await().atMost(AT_MOST).until(() -> this.listener.count("ended", callerName) == calls);
		assertThat(this.listener.count("ended", "it.slow.body")).isZero();
		await().atMost(AT_MOST).until(() -> this.registry.size() == 0);
	}

	@Test
	void asyncCallsNeverHoldMoreRegistryEntriesThanCalls() {
		int calls = CALLS;
		AtomicBoolean release = new AtomicBoolean();
		List<Pact> pacts = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			pacts.add(this.ops.gated("peak-" + i, release::get));
		}
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(2))
			.until(() -> this.ops.gatedBodyPacts().keySet().stream().filter((tag) -> tag.startsWith("peak-")).count() == calls
					&& this.applicationTaskExecutor.getActiveCount() == 0
					&& this.applicationTaskExecutor.getThreadPoolExecutor().getQueue().isEmpty());
		int largest = this.listener.largestSizeAtRegistration();
		int size = this.registry.size();
		release.set(true);
		await().atMost(AT_MOST).until(() -> pacts.stream().allMatch((pact) -> pact.state().isEnded()));
		assertThat(pacts).allSatisfy((pact) -> assertThat(pact.state()).isEqualTo(PactState.FINISHED));
		assertThat(size).as("registry size once every body ran").isEqualTo(calls);
		assertThat(largest).as("largest registry size seen while %d @Async calls were pending", calls)
			.isLessThanOrEqualTo(calls);
	}

	// (d)

	@Test
	void asyncPactMethodRunsOnTheExecutorItNames() throws Exception {
		Pact onDefault = this.ops.returnsNull("default-executor");
		Pact onOther = this.ops.onOther("other-executor");
		onDefault.await(AT_MOST);
		onOther.await(AT_MOST);
		assertThat(this.ops.bodyThreads().get("other-executor")).startsWith("other-exec-");
		assertThat(this.ops.bodyThreads().get("default-executor")).startsWith("task-");
	}

	// (e)

	@Test
	void bodyThatThrowsFailsTheCallersPact() {
		IllegalStateException thrown = new IllegalStateException("the body failed");
		Pact pact = this.ops.failing(thrown);
		assertThat(pact).isNotNull();
		PactFailedException failure = assertThatExceptionOfType(PactFailedException.class)
			.isThrownBy(() -> pact.await(AT_MOST))
			.actual();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(causeChain(failure)).as("cause chain of %s", failure).contains(thrown);
		assertThat(causeChain(pact.getFailure())).contains(thrown);
	}

	// (f)

	@Test
	void returnedPactThatFailsFailsTheCallersPact() throws Exception {
		Pact pact = this.ops.gated("fails", () -> false);
		Pact body = awaitBodyPact("fails");
		assertThat(body.fail("boom")).isTrue();
		PactFailedException failure = assertThatExceptionOfType(PactFailedException.class)
			.isThrownBy(() -> pact.await(AT_MOST))
			.actual();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(causeChain(failure)).contains(body.getFailure());
		assertThat(failure).hasStackTraceContaining("boom");
	}

	@Test
	void returnedPactThatIsCancelledFailsTheCallersPact() throws Exception {
		Pact pact = this.ops.gated("cancelled", () -> false);
		Pact body = awaitBodyPact("cancelled");
		assertThat(body.cancel()).isTrue();
		PactFailedException failure = assertThatExceptionOfType(PactFailedException.class)
			.isThrownBy(() -> pact.await(AT_MOST))
			.actual();
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(causeChain(failure)).anySatisfy((cause) -> assertThat(cause).isInstanceOf(CancellationException.class));
	}

	// (g)

	@Test
	void unregisteredPactReturnedByTheBodyIsPolledByTheCallersPact() throws Exception {
		AtomicBoolean done = new AtomicBoolean();
		AtomicReference<String> conditionThread = new AtomicReference<>();
		Pact pact = this.ops.unregistered("plain", () -> {
			conditionThread.set(Thread.currentThread().getName());
			return done.get();
		});
		await().atMost(AT_MOST).until(() -> conditionThread.get() != null);
		Pact body = this.ops.unregisteredBodyPacts().get("plain");
		assertThat(body.isPolledInBackground()).as("the body's own pact is not registered").isFalse();
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		done.set(true);
		pact.await(AT_MOST);
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(body.state()).isEqualTo(PactState.FINISHED);
		assertThat(conditionThread.get()).startsWith(POLLER_PREFIX);
	}

	// (h)

	@Test
	void bodyReturningNullFinishesTheCallersPact() {
		Pact pact = this.ops.returnsNull("null");
		pact.await(AT_MOST);
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(this.ops.bodyThreads()).containsKey("null");
	}

	// (i)

	@Test
	void voidAndFutureAsyncMethodsOfTheSameBeanStillWorkAsInSpring() throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		AtomicReference<String> voidThread = new AtomicReference<>();
		this.ops.fire(gate, done, voidThread);
		assertThat(done.getCount()).as("the void method returned before its body ended").isOne();
		gate.countDown();
		assertThat(done.await(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(voidThread.get()).startsWith("task-");

		CompletableFuture<String> future = this.ops.future("value");
		assertThat(future.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).startsWith("value@task-");
		assertThat(future.get()).doesNotEndWith(Thread.currentThread().getName());
	}

	// (j)

	@Test
	void awaitingTheCallersPactOnlyWaitsForTheRegistry() throws Exception {
		AtomicBoolean done = new AtomicBoolean();
		Queue<String> conditionThreads = new ConcurrentLinkedQueue<>();
		Queue<String> duringThreads = new ConcurrentLinkedQueue<>();
		Pact pact = this.ops.gated("awaited", () -> {
			conditionThreads.add(Thread.currentThread().getName());
			return done.get();
		});
		pact.during(() -> duringThreads.add(Thread.currentThread().getName()));
		Pact body = awaitBodyPact("awaited");

		Thread testThread = Thread.currentThread();
		AtomicBoolean awaiting = new AtomicBoolean();
		ExecutorService releaser = Executors.newSingleThreadExecutor();
		try {
			Future<Long> releasedAt = releaser.submit(() -> {
				await().atMost(AT_MOST).pollInterval(Duration.ofMillis(5))
					.until(() -> awaiting.get() && body.getPollCount() >= 3 && !duringThreads.isEmpty()
							&& (testThread.getState() == Thread.State.WAITING
									|| testThread.getState() == Thread.State.TIMED_WAITING));
				long at = System.nanoTime();
				done.set(true);
				return at;
			});
			awaiting.set(true);
			pact.await(AT_MOST);
			long returnedAt = System.nanoTime();
			assertThat(pact.state()).isEqualTo(PactState.FINISHED);
			assertThat(releasedAt.get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isLessThanOrEqualTo(returnedAt);
		}
		finally {
			releaser.shutdownNow();
		}
		String testThreadName = testThread.getName();
		assertThat(pact.isPolledInBackground()).isTrue();
		assertThat(conditionThreads).isNotEmpty().doesNotContain(testThreadName)
			.allSatisfy((name) -> assertThat(name).startsWith(POLLER_PREFIX));
		assertThat(duringThreads).isNotEmpty().doesNotContain(testThreadName)
			.allSatisfy((name) -> assertThat(name).startsWith(POLLER_PREFIX));
	}

	private Pact awaitBodyPact(String tag) {
		await().atMost(AT_MOST).until(() -> this.ops.gatedBodyPacts().containsKey(tag));
		return this.ops.gatedBodyPacts().get(tag);
	}

	private static List<Throwable> causeChain(Throwable throwable) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable current = throwable; current != null && !chain.contains(current); current = current.getCause()) {
			chain.add(current);
		}
		return chain;
	}

	@SpringBootApplication
	@EnableAsync
	static class App {

		@Bean
		AsyncOps asyncOps(PactFactory factory) {
			return new AsyncOps(factory);
		}

		@Bean
		ThreadPoolTaskExecutor otherExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setThreadNamePrefix("other-exec-");
			return executor;
		}

		@Bean
		RecordingListener recordingListener(ObjectProvider<PactRegistry> registry) {
			return new RecordingListener(registry);
		}

	}

	/**
	 * A service with {@code @Async} methods of every kind.
	 */
	static class AsyncOps {

		private final PactFactory factory;

		private final AtomicInteger slowBodies = new AtomicInteger();

		private final Queue<String> slowBodyThreads = new ConcurrentLinkedQueue<>();

		private final Map<Integer, Pact> slowBodyPacts = new ConcurrentHashMap<>();

		private final Map<String, Pact> gatedBodyPacts = new ConcurrentHashMap<>();

		private final Map<String, Pact> unregisteredBodyPacts = new ConcurrentHashMap<>();

		private final Map<String, String> bodyThreads = new ConcurrentHashMap<>();

		AsyncOps(PactFactory factory) {
			this.factory = factory;
		}

		// Public accessors: the test holds Spring's CGLIB proxy, whose own fields are not these.

		public AtomicInteger slowBodies() {
			return this.slowBodies;
		}

		public Queue<String> slowBodyThreads() {
			return this.slowBodyThreads;
		}

		public Map<Integer, Pact> slowBodyPacts() {
			return this.slowBodyPacts;
		}

		public Map<String, Pact> gatedBodyPacts() {
			return this.gatedBodyPacts;
		}

		public Map<String, Pact> unregisteredBodyPacts() {
			return this.unregisteredBodyPacts;
		}

		public Map<String, String> bodyThreads() {
			return this.bodyThreads;
		}

		@Async
		public Pact slow(int index, long calledAt, Duration duration) {
			this.slowBodyThreads.add(Thread.currentThread().getName());
			Pact pact = this.factory.builder("slow operation " + index)
				.name("it.slow.body")
				.until(() -> System.nanoTime() - calledAt >= duration.toNanos())
				.create();
			this.slowBodyPacts.put(index, pact);
			this.slowBodies.incrementAndGet();
			return pact;
		}

		@Async
		public Pact gated(String tag, BooleanSupplier condition) {
			this.bodyThreads.put(tag, Thread.currentThread().getName());
			Pact pact = this.factory.builder("gated operation " + tag).name("it.gated.body").until(condition).create();
			this.gatedBodyPacts.put(tag, pact);
			return pact;
		}

		@Async
		public Pact failing(RuntimeException failure) {
			throw failure;
		}

		@Async
		public Pact unregistered(String tag, BooleanSupplier condition) {
			Pact pact = new Pact("unregistered operation " + tag).until(condition);
			this.unregisteredBodyPacts.put(tag, pact);
			return pact;
		}

		@Async
		public Pact returnsNull(String tag) {
			this.bodyThreads.put(tag, Thread.currentThread().getName());
			return null;
		}

		@Async("otherExecutor")
		public Pact onOther(String tag) {
			this.bodyThreads.put(tag, Thread.currentThread().getName());
			return null;
		}

		@Async
		public void fire(CountDownLatch gate, CountDownLatch done, AtomicReference<String> thread) {
			thread.set(Thread.currentThread().getName());
			try {
				if (gate.await(30, TimeUnit.SECONDS)) {
					done.countDown();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Async
		public CompletableFuture<String> future(String value) {
			return CompletableFuture.completedFuture(value + "@" + Thread.currentThread().getName());
		}

	}

	/**
	 * Records what the registry tells its listeners, and the registry's size at each registration.
	 */
	static class RecordingListener implements PactRegistryListener {

		record Event(String kind, String name, PactBase pact, PactState outcome) {
		}

		private final ObjectProvider<PactRegistry> registry;

		private final Queue<Event> events = new ConcurrentLinkedQueue<>();

		private final Set<PactBase> registered = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

		private final AtomicInteger largestSize = new AtomicInteger();

		RecordingListener(ObjectProvider<PactRegistry> registry) {
			this.registry = registry;
		}

		@Override
		public void registered(RegisteredPact pact) {
			this.largestSize.accumulateAndGet(this.registry.getObject().size(), Math::max);
			this.registered.add(pact.pact());
			this.events.add(new Event("registered", pact.name(), pact.pact(), null));
		}

		@Override
		public void ended(RegisteredPact pact, PactState outcome) {
			this.events.add(new Event("ended", pact.name(), pact.pact(), outcome));
		}

		@Override
		public void unregistered(RegisteredPact pact) {
			this.events.add(new Event("unregistered", pact.name(), pact.pact(), null));
		}

		void clear() {
			this.events.clear();
			this.registered.clear();
			this.largestSize.set(0);
		}

		boolean wasRegistered(PactBase pact) {
			return this.registered.contains(pact);
		}

		long count(String kind, String name) {
			return this.events.stream().filter((event) -> event.kind().equals(kind) && event.name().equals(name)).count();
		}

		int largestSizeAtRegistration() {
			return this.largestSize.get();
		}

	}

}
