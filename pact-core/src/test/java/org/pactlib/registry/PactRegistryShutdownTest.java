package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Pact;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.registry.PactRegistryTest.GatedGroup;
import org.pactlib.registry.PactRegistryTest.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.pactlib.registry.RegistryTestResources.eventually;

/**
 * Shutdown: pacts that end within the grace period end normally, the others are cancelled (their
 * {@code lastly} callbacks run once), the registry empties, its threads stop, and nothing runs
 * afterwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactRegistryShutdownTest {

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final RecordingListener listener = new RecordingListener();

	private String pollerPrefix;

	/** A system-clock registry ticking every 5 ms, with {@link #listener} and poller threads of its own name. */
	private PactRegistry registry() {
		this.pollerPrefix = PactRegistryTest.uniquePollerPrefix();
		return this.resources.track(PactRegistry.builder(this.resources.scheduler()).tick(Duration.ofMillis(5))
			.threadNamePrefix(this.pollerPrefix).listener(this.listener).build());
	}

	private static ConditionFactory stays() {
		return RegistryTestResources.stays(Duration.ofMillis(300));
	}

	private static List<String> aliveThreads(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
			.filter((name) -> name.startsWith(prefix)).toList();
	}

	private void awaitNoPollerThreadAlive() {
		eventually().until(() -> aliveThreads(this.pollerPrefix).isEmpty());
	}

	/** A pact whose one condition holds once {@code millis} have passed. */
	private static Pact holdsAfter(String description, long millis) {
		long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		return Pact.builder(description).pollInterval(Duration.ofMillis(10)).build()
			.until(() -> System.nanoTime() - at >= 0);
	}

	@Test
	void pactsThatEndWithinTheGracePeriodEndNormallyAndTheOthersAreCancelled() {
		PactRegistry registry = registry();
		AtomicInteger quickThens = new AtomicInteger();
		AtomicInteger quickLastlies = new AtomicInteger();
		AtomicInteger neverThens = new AtomicInteger();
		AtomicInteger neverLastlies = new AtomicInteger();
		AtomicInteger neverPolls = new AtomicInteger();
		AtomicReference<String> neverLastlyThread = new AtomicReference<>();
		Pact quick = holdsAfter("quick", 100).then(quickThens::incrementAndGet).lastly(quickLastlies::incrementAndGet);
		Pact never = Pact.builder("never").pollInterval(Duration.ofMillis(10)).build().until(() -> false)
			.during(neverPolls::incrementAndGet)
			.then(neverThens::incrementAndGet)
			.lastly(() -> {
				neverLastlies.incrementAndGet();
				neverLastlyThread.set(Thread.currentThread().getName());
			});
		String quickId = registry.register(quick, "quick").id();
		String neverId = registry.register(never, "never").id();
		eventually().until(() -> neverPolls.get() >= 1);

		long start = System.nanoTime();
		registry.shutdown(Duration.ofSeconds(1));
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		assertThat(elapsedMillis).as("waited the whole grace period for the pending pact").isGreaterThanOrEqualTo(1000);
		assertThat(quick.state()).isEqualTo(PactState.FINISHED);
		assertThat(quickThens.get()).isOne();
		assertThat(quickLastlies.get()).isOne();
		assertThat(never.state()).isEqualTo(PactState.CANCELLED);
		assertThat(neverThens.get()).isZero();
		assertThat(neverLastlies.get()).isOne();
		assertThat(neverLastlyThread.get()).isEqualTo(Thread.currentThread().getName());
		assertThat(registry.isShutDown()).isTrue();
		assertThat(registry.size()).isZero();
		assertThat(registry.snapshot()).isEmpty();
		assertThat(this.listener.eventsOf(quickId)).containsExactly("registered", "ended:FINISHED");
		assertThat(this.listener.eventsOf(neverId)).containsExactly("registered", "ended:CANCELLED");
		awaitNoPollerThreadAlive();

		int polls = neverPolls.get();
		stays().until(() -> neverPolls.get() == polls && quickThens.get() == 1 && quickLastlies.get() == 1
				&& neverLastlies.get() == 1 && neverThens.get() == 0);
		assertThatIllegalStateException().isThrownBy(() -> registry.register(new Pact("late")))
			.withMessageContaining("shut down");
		registry.shutdown(Duration.ofSeconds(1));
		assertThat(neverLastlies.get()).isOne();
	}

	@Test
	void shutdownReturnsAsSoonAsEveryPactHasEnded() {
		PactRegistry registry = registry();
		AtomicInteger thens = new AtomicInteger();
		for (int i = 0; i < 10; i++) {
			registry.register(holdsAfter("quick " + i, 50 + 10 * i).then(thens::incrementAndGet));
		}

		long start = System.nanoTime();
		registry.shutdown(Duration.ofSeconds(30));
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		assertThat(elapsedMillis).isLessThan(10_000);
		assertThat(thens.get()).isEqualTo(10);
		assertThat(registry.size()).isZero();
		assertThat(this.listener.count("ended:FINISHED")).isEqualTo(10);
		assertThat(this.listener.count("ended:CANCELLED")).isZero();
		awaitNoPollerThreadAlive();
	}

	@Test
	void pactsEndingAroundTheEndOfTheGracePeriodRunTheirCallbacksExactlyOnce() {
		PactRegistry registry = registry();
		int count = 200;
		AtomicIntegerArray thens = new AtomicIntegerArray(count);
		AtomicIntegerArray lastlies = new AtomicIntegerArray(count);
		List<Pact> pacts = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			Pact pact = holdsAfter("pact " + i, ThreadLocalRandom.current().nextLong(0, 400))
				.then(() -> thens.incrementAndGet(index))
				.lastly(() -> lastlies.incrementAndGet(index));
			pacts.add(pact);
			ids.add(registry.register(pact).id());
		}

		registry.shutdown(Duration.ofMillis(200));

		assertThat(registry.size()).isZero();
		for (int i = 0; i < count; i++) {
			Pact pact = pacts.get(i);
			assertThat(pact.state()).as(pact.toString()).isIn(PactState.FINISHED, PactState.CANCELLED);
			assertThat(lastlies.get(i)).as("lastly of " + pact).isOne();
			assertThat(thens.get(i)).as("then of " + pact).isEqualTo(pact.isFinished() ? 1 : 0);
			assertThat(this.listener.eventsOf(ids.get(i))).containsExactly("registered", "ended:" + pact.state());
		}
		awaitNoPollerThreadAlive();
		int[] thensAtShutdown = snapshot(thens);
		int[] lastliesAtShutdown = snapshot(lastlies);
		stays().until(() -> Arrays.equals(snapshot(thens), thensAtShutdown)
				&& Arrays.equals(snapshot(lastlies), lastliesAtShutdown));
	}

	private static int[] snapshot(AtomicIntegerArray array) {
		int[] values = new int[array.length()];
		for (int i = 0; i < values.length; i++) {
			values[i] = array.get(i);
		}
		return values;
	}

	@Test
	void aGroupPendingAtShutdownEndsCancelledNotFailedByItsMembersCancellation() {
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.backgroundPolling(false).listener(this.listener).build());
		AtomicReference<PactGroup> batch = new AtomicReference<>();
		Pact first = new Pact("Deleting /a").until(() -> false).lastly(() -> batch.get().poll());
		Pact second = new Pact("Deleting /b").until(() -> false).lastly(() -> batch.get().poll());
		registry.register(first);
		registry.register(second);
		batch.set(new PactGroup(List.of(first, second)));
		String batchId = registry.register(batch.get()).id();

		registry.close();

		assertThat(batch.get().state()).isEqualTo(PactState.CANCELLED);
		assertThat(first.state()).isEqualTo(PactState.CANCELLED);
		assertThat(second.state()).isEqualTo(PactState.CANCELLED);
		assertThat(this.listener.eventsOf(batchId)).endsWith("ended:CANCELLED");
	}

	@Test
	void closeCancelsEveryPendingPactAtOnce() {
		PactRegistry registry = registry();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = Pact.builder("pending").pollInterval(Duration.ofMillis(10)).build().until(() -> false)
			.lastly(lastlies::incrementAndGet);
		String id = registry.register(pact).id();

		long start = System.nanoTime();
		registry.close();

		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(lastlies.get()).isOne();
		assertThat(registry.size()).isZero();
		assertThat(registry.find(id)).isEmpty();
		awaitNoPollerThreadAlive();
		registry.close();
		assertThat(lastlies.get()).isOne();
	}

	@Test
	void threadsAwaitingAPactCancelledAtShutdownGetCancellationException() throws Exception {
		PactRegistry registry = registry();
		ExecutorService waiters = this.resources.track(Executors.newFixedThreadPool(2,
				(task) -> new Thread(task, "pact-test-waiter")));
		Pact pact = Pact.builder("pending").pollInterval(Duration.ofMillis(10)).build().until(() -> false);
		registry.register(pact);
		CountDownLatch waiting = new CountDownLatch(2);
		List<Future<?>> awaits = List.of(waiters.submit(() -> {
			waiting.countDown();
			pact.await();
		}), waiters.submit(() -> {
			waiting.countDown();
			pact.await(Duration.ofMinutes(1), Duration.ofSeconds(30));
		}));
		assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

		registry.shutdown(Duration.ofMillis(50));

		for (Future<?> await : awaits) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> await.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(CancellationException.class);
		}
	}

	@Test
	void shutdownStopsItsPollerThreadsEvenWhenAConditionIsStuck() {
		PactRegistry registry = registry();
		CountDownLatch entered = this.resources.latch();
		CountDownLatch release = this.resources.latch();
		AtomicInteger lastlies = new AtomicInteger();
		try {
			Pact stuck = Pact.builder("stuck").pollInterval(Duration.ofMillis(10)).build().until(() -> {
				entered.countDown();
				try {
					return release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}).lastly(lastlies::incrementAndGet);
			registry.register(stuck);
			try {
				assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}

			long start = System.nanoTime();
			registry.shutdown(Duration.ZERO);
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

			assertThat(elapsedMillis).as("shutdown gave up on the stuck condition").isLessThan(20_000);
			assertThat(stuck.state()).isEqualTo(PactState.CANCELLED);
			assertThat(lastlies.get()).isOne();
			assertThat(registry.size()).isZero();
			awaitNoPollerThreadAlive();
			assertThat(release.getCount()).as("the condition was interrupted, not released").isOne();
		}
		finally {
			release.countDown();
		}
	}

	/**
	 * Registering is documented as thread-safe and refused once the registry is shut down; shutdown
	 * leaves the registry empty. A registration that checked "not shut down" just before a shutdown ran
	 * must not leave a pact registered in a stopped registry, where nobody will ever poll it (and where
	 * {@code await} only waits for the registry). The group below widens the window: it blocks in
	 * {@code pollInBackground}, which the registry calls between its check and its insertion.
	 */
	@Test
	void registrationRacingWithShutdownLeavesNoPactBehind() throws Exception {
		PactRegistry registry = registry();
		ExecutorService workers = this.resources.track(Executors.newFixedThreadPool(2,
				(task) -> new Thread(task, "pact-test-worker")));
		GatedGroup gated = new GatedGroup(this.resources.latch(), this.resources.latch());
		Future<RegisteredPact> registration = workers.submit(() -> registry.register(gated, "gated"));
		assertThat(gated.entered.await(5, TimeUnit.SECONDS)).isTrue();

		Future<?> shutdown = workers.submit(() -> registry.shutdown(Duration.ZERO));
		gated.proceed.countDown(); // the registration and the shutdown race from here
		shutdown.get(10, TimeUnit.SECONDS);
		Throwable refused = null;
		try {
			registration.get(5, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			refused = ex.getCause();
		}

		boolean refusedOrEnded = refused instanceof IllegalStateException || gated.state().isEnded();
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(refusedOrEnded).as("registration refused (%s), or the pact ended (state %s)", refused,
				gated.state()).isTrue();
		softly.assertThat(registry.size()).as("pacts left in the shut-down registry").isZero();
		softly.assertAll();
	}

}
