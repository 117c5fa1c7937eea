package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.RegisteredPact;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens to pending pacts when the application context closes. Each test starts its own
 * application, so that it controls {@code close()}.
 */
class PactShutdownIntegrationTests {

	private static final Duration AT_MOST = Duration.ofSeconds(20);

	private static final int PENDING = 10;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void closeCancelsPendingPactsWhileTheBeansTheirCallbacksUseAreAlive() {
		Set<Thread> threadsBefore = pactThreads();
		ConfigurableApplicationContext context = run();
		PactFactory factory = context.getBean(PactFactory.class);
		Recorder recorder = context.getBean(Recorder.class);
		EventListener events = context.getBean(EventListener.class);

		AtomicBoolean closeReturned = new AtomicBoolean();
		Queue<String> unexpected = new ConcurrentLinkedQueue<>();
		Queue<Throwable> callbackFailures = new ConcurrentLinkedQueue<>();
		List<Pact> pacts = new ArrayList<>();
		List<AtomicInteger> lastlyRuns = new ArrayList<>();
		for (int i = 0; i < PENDING; i++) {
			String tag = "pending-" + i;
			AtomicInteger runs = new AtomicInteger();
			lastlyRuns.add(runs);
			pacts.add(factory.builder(tag)
				.until(() -> false)
				.during(() -> recordIfAfterClose(closeReturned, unexpected, "during " + tag))
				.then(() -> unexpected.add("then " + tag))
				.lastly(() -> {
					runs.incrementAndGet();
					recordIfAfterClose(closeReturned, unexpected, "lastly " + tag);
					try {
						recorder.record("lastly " + tag);
					}
					catch (RuntimeException ex) {
						callbackFailures.add(ex);
						throw ex;
					}
				})
				.create());
		}
		await().atMost(AT_MOST).until(() -> pacts.stream().allMatch((pact) -> pact.getPollCount() >= 2));
		Set<Thread> started = difference(pactThreads(), threadsBefore);
		assertThat(started).extracting(Thread::getName)
			.anySatisfy((name) -> assertThat(name).startsWith("pact-poller-"))
			.anySatisfy((name) -> assertThat(name).startsWith("pact-scheduler-"));
		assertThat(pacts).allSatisfy((pact) -> assertThat(pact.state()).isEqualTo(PactState.PENDING));

		context.close();
		closeReturned.set(true);
		int eventsAtClose = events.events.size();

		assertThat(pacts).allSatisfy((pact) -> assertThat(pact.state()).isEqualTo(PactState.CANCELLED));
		assertThat(lastlyRuns).allSatisfy((runs) -> assertThat(runs).hasValue(1));
		assertThat(callbackFailures).isEmpty();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < PENDING; i++) {
			expected.add("lastly pending-" + i);
		}
		assertThat(recorder.records).as("what the callbacks recorded before the bean was destroyed")
			.hasSize(PENDING + 1)
			.containsAll(expected)
			.endsWith("@PreDestroy");
		assertThat(events.events).filteredOn((event) -> event.startsWith("ended pending-"))
			.hasSize(PENDING)
			.allSatisfy((event) -> assertThat(event).endsWith(" CANCELLED"));

		// Nothing runs once close() has returned, and every thread the starter started ends.
		await().atMost(AT_MOST)
			.until(() -> started.stream().noneMatch(Thread::isAlive) && difference(pactThreads(), threadsBefore).isEmpty());
		await().during(Duration.ofMillis(300)).atMost(AT_MOST)
			.until(() -> unexpected.isEmpty() && events.events.size() == eventsAtClose
					&& lastlyRuns.stream().allMatch((runs) -> runs.get() == 1));
		assertThat(unexpected).isEmpty();
	}

	@Test
	void pactThatEndsWithinTheGracePeriodFinishes() throws Exception {
		ConfigurableApplicationContext context = run("pact.shutdown.grace-period=5s");
		PactFactory factory = context.getBean(PactFactory.class);
		PactRegistry registry = context.getBean(PactRegistry.class);
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger thenRuns = new AtomicInteger();
		AtomicInteger lastlyRuns = new AtomicInteger();
		Pact pact = factory.builder("ends during the grace period")
			.until(done::get)
			.then(thenRuns::incrementAndGet)
			.lastly(lastlyRuns::incrementAndGet)
			.create();
		await().atMost(AT_MOST).until(() -> pact.getPollCount() >= 1);

		ExecutorService closer = Executors.newSingleThreadExecutor();
		try {
			Future<Duration> closing = closer.submit(() -> {
				long start = System.nanoTime();
				context.close();
				return Duration.ofNanos(System.nanoTime() - start);
			});
			await().atMost(AT_MOST).until(registry::isShutDown);
			assertThat(pact.state()).as("state once shutdown began").isEqualTo(PactState.PENDING);
			long polls = pact.getPollCount();
			await().atMost(AT_MOST).until(() -> pact.getPollCount() > polls);
			done.set(true);
			Duration closeTook = closing.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
			System.out.printf("close() with a 5 s grace period returned after %d ms%n", closeTook.toMillis());
			assertThat(closeTook).as("close() returns once the pacts ended, not after the whole grace period")
				.isLessThan(Duration.ofSeconds(5));
		}
		finally {
			closer.shutdownNow();
		}
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(thenRuns).hasValue(1);
		assertThat(lastlyRuns).hasValue(1);
	}

	@Test
	void pactStillPendingAfterTheGracePeriodIsCancelled() {
		Duration grace = Duration.ofMillis(500);
		ConfigurableApplicationContext context = run("pact.shutdown.grace-period=" + grace.toMillis() + "ms");
		PactFactory factory = context.getBean(PactFactory.class);
		AtomicInteger lastlyRuns = new AtomicInteger();
		Pact pact = factory.builder("never ends").until(() -> false).lastly(lastlyRuns::incrementAndGet).create();
		long start = System.nanoTime();
		context.close();
		Duration closeTook = Duration.ofNanos(System.nanoTime() - start);
		assertThat(closeTook).isGreaterThanOrEqualTo(grace);
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(lastlyRuns).hasValue(1);
	}

	@Test
	void closeEndsTheCallersPactOfAnAsyncMethodAndThePactItsBodyReturned() {
		ConfigurableApplicationContext context = run();
		Jobs jobs = context.getBean(Jobs.class);
		Recorder recorder = context.getBean(Recorder.class);
		AtomicInteger bodyLastlyRuns = new AtomicInteger();
		AtomicInteger callerLastlyRuns = new AtomicInteger();
		Pact caller = jobs.start("job", () -> false, () -> {
			bodyLastlyRuns.incrementAndGet();
			recorder.record("lastly of the body's pact");
		});
		caller.lastly(() -> {
			callerLastlyRuns.incrementAndGet();
			recorder.record("lastly of the caller's pact");
		});
		await().atMost(AT_MOST).until(() -> jobs.bodyPacts().containsKey("job") && caller.getPollCount() >= 2);
		Pact body = jobs.bodyPacts().get("job");
		assertThat(caller.state()).isEqualTo(PactState.PENDING);
		assertThat(body.state()).isEqualTo(PactState.PENDING);

		context.close();

		assertThat(caller.state()).isEqualTo(PactState.CANCELLED);
		assertThat(callerLastlyRuns).hasValue(1);
		assertThat(body.state()).as("the pact the @Async body returned, once close() returned")
			.isEqualTo(PactState.CANCELLED);
		assertThat(bodyLastlyRuns).hasValue(1);
		assertThat(recorder.records).containsExactlyInAnyOrder("lastly of the caller's pact",
				"lastly of the body's pact", "@PreDestroy");
		assertThat(recorder.records).endsWith("@PreDestroy");
	}

	private ConfigurableApplicationContext run(String... properties) {
		List<String> all = new ArrayList<>(List.of("pact.poll-interval=50ms", "pact.poller.tick=10ms",
				"spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	private static void recordIfAfterClose(AtomicBoolean closeReturned, Queue<String> unexpected, String what) {
		if (closeReturned.get()) {
			unexpected.add(what);
		}
	}

	private static Set<Thread> pactThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && (thread.getName().startsWith("pact-poller-")
					|| thread.getName().startsWith("pact-scheduler-")))
			.collect(Collectors.toCollection(() -> Collections.newSetFromMap(new IdentityHashMap<>())));
	}

	private static Set<Thread> difference(Set<Thread> threads, Set<Thread> minus) {
		Set<Thread> difference = Collections.newSetFromMap(new IdentityHashMap<>());
		difference.addAll(threads);
		difference.removeAll(minus);
		return difference;
	}

	/**
	 * The application; no component scan, so that no other test's configuration joins it.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		EventListener eventListener() {
			return new EventListener();
		}

		@Bean
		Jobs jobs(PactFactory factory) {
			return new Jobs(factory);
		}

	}

	/**
	 * A service that callbacks use; it refuses to be used once destroyed.
	 */
	static class Recorder {

		final List<String> records = new CopyOnWriteArrayList<>();

		private volatile boolean destroyed;

		void record(String what) {
			if (this.destroyed) {
				throw new IllegalStateException("Recorder used after its @PreDestroy: " + what);
			}
			this.records.add(what);
		}

		@PreDestroy
		void destroy() {
			this.destroyed = true;
			this.records.add("@PreDestroy");
		}

	}

	/**
	 * Records the registry's events.
	 */
	static class EventListener implements PactRegistryListener {

		final Queue<String> events = new ConcurrentLinkedQueue<>();

		@Override
		public void registered(RegisteredPact pact) {
			this.events.add("registered " + describe(pact));
		}

		@Override
		public void ended(RegisteredPact pact, PactState outcome) {
			this.events.add("ended " + describe(pact) + " " + outcome);
		}

		@Override
		public void unregistered(RegisteredPact pact) {
			this.events.add("unregistered " + describe(pact));
		}

		private static String describe(RegisteredPact pact) {
			return (pact.pact() instanceof Pact single) ? single.getDescription() : String.valueOf(pact.pact());
		}

	}

	/**
	 * A service with an {@code @Async} method that returns the pact of the operation it started.
	 */
	static class Jobs {

		private final PactFactory factory;

		private final Map<String, Pact> bodyPacts = new ConcurrentHashMap<>();

		Jobs(PactFactory factory) {
			this.factory = factory;
		}

		// A public accessor: the test holds Spring's CGLIB proxy, whose own fields are not these.
		public Map<String, Pact> bodyPacts() {
			return this.bodyPacts;
		}

		@Async
		public Pact start(String tag, BooleanSupplier condition, Runnable lastly) {
			Pact pact = this.factory.builder("job " + tag).until(condition).lastly(lastly).create();
			this.bodyPacts.put(tag, pact);
			return pact;
		}

	}

}
