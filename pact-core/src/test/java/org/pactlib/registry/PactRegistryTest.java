package org.pactlib.registry;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;
import static org.pactlib.registry.RegistryTestResources.eventually;

/**
 * The registry drives registered pacts in the background: progress without awaiters, awaiters that only
 * wait, nothing kept after the end, stuck conditions that do not hold up the others, per-pact intervals
 * and backoff, the observability and listener APIs, and bad input.
 *
 * <p>Every registry and executor a test creates is shut down after it (see {@link RegistryTestResources});
 * every wait is bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactRegistryTest {

	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final VirtualClock clock = new VirtualClock(ORIGIN);

	private String pollerPrefix;

	// ------------------------------------------------------------------------------------------------
	// helpers
	// ------------------------------------------------------------------------------------------------

	private ExecutorService workers() {
		AtomicInteger count = new AtomicInteger();
		return this.resources.track(Executors.newCachedThreadPool(
				(task) -> new Thread(task, "pact-test-worker-" + count.incrementAndGet())));
	}

	/** A builder on the system clock, ticking every 10 ms. */
	private PactRegistry.Builder systemRegistry() {
		return PactRegistry.builder(this.resources.scheduler()).tick(Duration.ofMillis(10));
	}

	/** A builder on {@link #clock}, ticking every 5 ms of real time, with poller threads of its own name. */
	private PactRegistry.Builder virtualRegistry() {
		this.pollerPrefix = uniquePollerPrefix();
		return PactRegistry.builder(this.resources.scheduler()).clock(this.clock).tick(Duration.ofMillis(5))
			.threadNamePrefix(this.pollerPrefix);
	}

	/**
	 * Advances {@link #clock} once the registry's pollers are idle: a poll schedules the next one from the
	 * time it reads after evaluating, so advancing during that moment would move the next poll too.
	 */
	private void advance(Duration duration) {
		awaitPollersIdle(this.pollerPrefix);
		this.clock.advance(duration);
	}

	private static final AtomicInteger registryCount = new AtomicInteger();

	static String uniquePollerPrefix() {
		return "pact-poller-test" + registryCount.incrementAndGet() + "-";
	}

	/**
	 * Waits until no poller thread whose name starts with {@code prefix} is inside a poll: each is parked
	 * waiting for work (in the ready queue) or gone.
	 */
	static void awaitPollersIdle(String prefix) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((thread) -> thread.getKey().getName().startsWith(prefix))
			.allMatch((thread) -> isIdle(thread.getKey(), thread.getValue())));
	}

	private static boolean isIdle(Thread thread, StackTraceElement[] stack) {
		Thread.State state = thread.getState();
		if (state == Thread.State.TERMINATED) {
			return true;
		}
		return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
				&& Arrays.stream(stack).anyMatch((frame) -> frame.getClassName().equals(ReadyQueue.class.getName())
						&& frame.getMethodName().equals("take"));
	}

	/** Checks that a value stays as it is for a short, bounded while. */
	private static ConditionFactory stays() {
		return RegistryTestResources.stays(Duration.ofMillis(150));
	}

	private Pact.Builder onVirtualClock(String description) {
		return Pact.builder(description).clock(this.clock);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Records every event, as "event" or "ended:STATE", per registry id, in order. */
	static final class RecordingListener implements PactRegistryListener {

		final Map<String, List<String>> events = new LinkedHashMap<>();

		final Queue<Throwable> pollFailures = new ConcurrentLinkedQueue<>();

		final Queue<String> pactMissing = new ConcurrentLinkedQueue<>();

		private synchronized void record(RegisteredPact pact, String event) {
			this.events.computeIfAbsent(pact.id(), (id) -> new ArrayList<>()).add(event);
			if (pact.pact() == null) {
				this.pactMissing.add(pact.id() + ":" + event);
			}
		}

		synchronized List<String> eventsOf(String id) {
			return List.copyOf(this.events.getOrDefault(id, List.of()));
		}

		/**
		 * Whether the listeners were told that every one of these pacts ended: they are told after a
		 * pact leaves the registry, so an empty registry alone does not say they have heard.
		 */
		synchronized boolean heardEnded(String... ids) {
			for (String id : ids) {
				if (eventsOf(id).stream().noneMatch((event) -> event.startsWith("ended:"))) {
					return false;
				}
			}
			return true;
		}

		synchronized int count(String event) {
			return (int) this.events.values().stream().flatMap(List::stream).filter(event::equals).count();
		}

		@Override
		public void registered(RegisteredPact pact) {
			record(pact, "registered");
		}

		@Override
		public void unregistered(RegisteredPact pact) {
			record(pact, "unregistered");
		}

		@Override
		public void ended(RegisteredPact pact, PactState outcome) {
			record(pact, "ended:" + outcome);
		}

		@Override
		public void deadlinePassed(RegisteredPact pact) {
			record(pact, "deadlinePassed");
		}

		@Override
		public void pollFailed(RegisteredPact pact, Throwable failure) {
			this.pollFailures.add(failure);
			record(pact, "pollFailed");
		}

	}

	// ------------------------------------------------------------------------------------------------
	// (1) progress without awaiters; awaiters only wait; ended pacts leave and are not kept
	// ------------------------------------------------------------------------------------------------

	@Test
	void registeredPactFinishesWithNobodyAwaitingAndItsCallbacksRunOnAPollerThread() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		AtomicBoolean done = new AtomicBoolean();
		Queue<String> thenThreads = new ConcurrentLinkedQueue<>();
		Queue<String> lastlyThreads = new ConcurrentLinkedQueue<>();
		Pact pact = Pact.builder("Exporting report 42").pollInterval(Duration.ofMillis(20)).build()
			.until(done::get)
			.then(() -> thenThreads.add(Thread.currentThread().getName()))
			.lastly(() -> lastlyThreads.add(Thread.currentThread().getName()));

		RegisteredPact registered = registry.register(pact, "report.export");

		assertThat(pact.isPolledInBackground()).isTrue();
		eventually().until(() -> pact.getPollCount() >= 2);
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(registry.size()).isOne();
		done.set(true);
		eventually().until(() -> !thenThreads.isEmpty() && !lastlyThreads.isEmpty());
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(thenThreads).singleElement().asString().startsWith("pact-poller-");
		assertThat(lastlyThreads).singleElement().asString().startsWith("pact-poller-");
		eventually().until(() -> registry.size() == 0);
		assertThat(registry.snapshot()).isEmpty();
		assertThat(registry.find(registered.id())).isEmpty();
		assertThat(registry.get(registered.id())).isEmpty();
	}

	@Test
	void threadAwaitingARegisteredPactDoesNotPollItAndReturnsWhenTheRegistryFinishesIt() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		Queue<String> evaluatingThreads = new ConcurrentLinkedQueue<>();
		AtomicInteger evaluations = new AtomicInteger();
		Pact pact = Pact.builder("Deleting /huge_directory").pollInterval(Duration.ofMillis(50)).build()
			.until(() -> {
				evaluatingThreads.add(Thread.currentThread().getName());
				return evaluations.incrementAndGet() >= 6;
			});
		String awaitingThread = Thread.currentThread().getName();
		long start = System.nanoTime();

		registry.register(pact);
		pact.await(Duration.ofSeconds(10));

		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(evaluatingThreads).hasSize(6).doesNotContain(awaitingThread)
			.allSatisfy((name) -> assertThat(name).startsWith("pact-poller-"));
		// polled every 50 ms at most: the awaiting thread added no evaluation of its own
		assertThat(evaluations.get()).isLessThanOrEqualTo(1 + (int) (elapsedMillis / 50) + 1);
		eventually().until(() -> registry.size() == 0);
	}

	@Test
	void severalAwaitingThreadsOnlyWaitAndAllReturn() throws Exception {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		ExecutorService workers = workers();
		Queue<String> evaluatingThreads = new ConcurrentLinkedQueue<>();
		AtomicBoolean done = new AtomicBoolean();
		Pact pact = Pact.builder("Copying").pollInterval(Duration.ofMillis(50)).build().until(() -> {
			evaluatingThreads.add(Thread.currentThread().getName());
			return done.get();
		});
		registry.register(pact);
		List<Future<?>> awaits = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			awaits.add(workers.submit(() -> pact.await(Duration.ofSeconds(20))));
		}
		eventually().until(() -> evaluatingThreads.size() >= 4);
		done.set(true);
		for (Future<?> await : awaits) {
			await.get(10, TimeUnit.SECONDS);
		}
		assertThat(evaluatingThreads).allSatisfy((name) -> assertThat(name).startsWith("pact-poller-"));
	}

	@Test
	void threadAwaitingARegisteredPactGetsCancellationExceptionWhenItIsCancelledThroughTheRegistry() throws Exception {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		Pact pact = Pact.builder("Never").pollInterval(Duration.ofMillis(20)).build().until(() -> false);
		RegisteredPact registered = registry.register(pact);
		CountDownLatch awaiting = new CountDownLatch(1);
		Future<?> await = workers().submit(() -> {
			awaiting.countDown();
			pact.await(Duration.ofSeconds(20));
		});
		awaitLatch(awaiting);

		assertThat(registry.cancel(registered.id())).isTrue();

		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> await.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(CancellationException.class);
	}

	@Test
	void endedPactsLeaveTheRegistryWhateverTheirOutcome() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		AtomicBoolean finish = new AtomicBoolean();
		AtomicBoolean fail = new AtomicBoolean();
		Pact finishing = Pact.builder("finishing").pollInterval(Duration.ofMillis(10)).build().until(finish::get);
		Pact failing = Pact.builder("failing").pollInterval(Duration.ofMillis(10)).build()
			.failWhen(fail::get, "it broke").until(() -> false);
		Pact cancelled = Pact.builder("cancelled").pollInterval(Duration.ofMillis(10)).build().until(() -> false);
		Pact failedByHand = Pact.builder("failed by hand").pollInterval(Duration.ofMillis(10)).build().until(() -> false);
		List<RegisteredPact> all = List.of(registry.register(finishing), registry.register(failing),
				registry.register(cancelled), registry.register(failedByHand));
		assertThat(registry.size()).isEqualTo(4);
		assertThat(registry.snapshot()).extracting(PactSnapshot::id).containsExactlyElementsOf(
				all.stream().map(RegisteredPact::id).toList());
		for (RegisteredPact registered : all) {
			assertThat(registry.find(registered.id())).isPresent();
			assertThat(registry.get(registered.id())).containsSame(registered);
		}

		finish.set(true);
		fail.set(true);
		cancelled.cancel();
		failedByHand.fail("by hand");

		eventually().until(() -> registry.size() == 0);
		assertThat(finishing.state()).isEqualTo(PactState.FINISHED);
		assertThat(failing.state()).isEqualTo(PactState.FAILED);
		assertThat(cancelled.state()).isEqualTo(PactState.CANCELLED);
		assertThat(failedByHand.state()).isEqualTo(PactState.FAILED);
		assertThat(registry.snapshot()).isEmpty();
		for (RegisteredPact registered : all) {
			assertThat(registry.find(registered.id())).isEmpty();
			assertThat(registry.get(registered.id())).isEmpty();
		}
	}

	@Test
	void nothingKeepsAReferenceToAnEndedPact() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger thens = new AtomicInteger();
		String[] id = new String[1];
		WeakReference<Pact> reference = registerAndForget(registry, done, thens, id);
		eventually().until(() -> registry.find(id[0]).map((snapshot) -> snapshot.polls() >= 2).orElse(false));

		done.set(true);

		eventually().until(() -> thens.get() == 1 && registry.size() == 0);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			System.gc();
			return reference.get() == null;
		});
		assertThat(registry.get(id[0])).isEmpty();
	}

	private static WeakReference<Pact> registerAndForget(PactRegistry registry, AtomicBoolean done, AtomicInteger thens,
			String[] id) {
		Pact pact = Pact.builder("Forgotten").pollInterval(Duration.ofMillis(10)).build().until(done::get)
			.then(thens::incrementAndGet);
		id[0] = registry.register(pact, "forgotten").id();
		return new WeakReference<>(pact);
	}

	@Test
	void pactWhoseStageCompletesIsPolledAtOnceWithoutWaitingForItsInterval() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		CompletableFuture<String> export = new CompletableFuture<>();
		Pact pact = onVirtualClock("Exporting").pollInterval(Duration.ofHours(1)).build().untilComplete(export);
		registry.register(pact);
		eventually().until(() -> pact.getPollCount() == 1);

		export.complete("done");

		eventually().until(() -> pact.isFinished() && registry.size() == 0);
		assertThat(this.clock.elapsed()).isZero();
	}

	/**
	 * The registry says a pact that a stage completes is polled at once, and
	 * {@link PactBase#pollInBackground} says whatever may let the pact end early calls the wake-up. A group
	 * whose member waits for a stage may end as soon as the stage completes.
	 */
	@Test
	void groupWhoseMembersStageCompletesIsPolledAtOnce() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		CompletableFuture<String> export = new CompletableFuture<>();
		Pact member = onVirtualClock("Exporting").pollInterval(Duration.ofHours(1)).build().untilComplete(export);
		PactGroup group = PactGroup.builder().clock(this.clock).pollInterval(Duration.ofHours(1)).build().add(member);
		registry.register(group);
		eventually().until(() -> group.getPollCount() == 1);

		export.complete("done");

		eventually().until(() -> group.isFinished() && registry.size() == 0);
	}

	// ------------------------------------------------------------------------------------------------
	// (2) a stuck condition does not hold up the others; per-pact intervals and backoff
	// ------------------------------------------------------------------------------------------------

	@Test
	void conditionThatBlocksDoesNotHoldUpTheOtherPacts() {
		PactRegistry registry = this.resources.track(systemRegistry().slowPollThreshold(Duration.ofMillis(50)).build());
		CountDownLatch entered = this.resources.latch();
		CountDownLatch release = this.resources.latch();
		AtomicLong stuckThread = new AtomicLong();
		try {
			Pact stuck = Pact.builder("Stuck").pollInterval(Duration.ofMillis(10)).build().until(() -> {
				stuckThread.set(Thread.currentThread().getId());
				entered.countDown();
				try {
					return release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			});
			registry.register(stuck, "stuck");
			awaitLatch(entered);

			AtomicInteger finished = new AtomicInteger();
			Queue<Long> otherThreads = new ConcurrentLinkedQueue<>();
			List<Pact> others = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				AtomicInteger evaluations = new AtomicInteger();
				Pact other = Pact.builder("Other " + i).pollInterval(Duration.ofMillis(10)).build().until(() -> {
					otherThreads.add(Thread.currentThread().getId());
					return evaluations.incrementAndGet() >= 2;
				}).then(finished::incrementAndGet);
				others.add(other);
				registry.register(other, "other");
			}

			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> finished.get() == 20);
			assertThat(others).allSatisfy((other) -> assertThat(other.state()).isEqualTo(PactState.FINISHED));
			assertThat(release.getCount()).as("the stuck condition is still blocked").isOne();
			assertThat(stuck.state()).isEqualTo(PactState.PENDING);
			assertThat(otherThreads).doesNotContain(stuckThread.get());
			eventually().until(() -> registry.size() == 1);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void pactIsPolledAtRegistrationThenNotBeforeItsIntervalHasPassedOnTheRegistryClock() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		AtomicInteger polls = new AtomicInteger();
		Pact pact = onVirtualClock("Slow").pollInterval(Duration.ofSeconds(10)).build().until(() -> {
			polls.incrementAndGet();
			return false;
		});

		registry.register(pact);

		eventually().until(() -> polls.get() == 1);
		stays().until(() -> polls.get() == 1);
		advance(Duration.ofSeconds(10).minusMillis(1));
		stays().until(() -> polls.get() == 1);
		advance(Duration.ofMillis(1));
		eventually().until(() -> polls.get() == 2);
		stays().until(() -> polls.get() == 2);
		advance(Duration.ofSeconds(10));
		eventually().until(() -> polls.get() == 3);
		stays().until(() -> polls.get() == 3);
	}

	@Test
	void eachPactIsPolledAtItsOwnInterval() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		AtomicInteger fastPolls = new AtomicInteger();
		AtomicInteger slowPolls = new AtomicInteger();
		registry.register(onVirtualClock("Fast").pollInterval(Duration.ofSeconds(1)).build().until(() -> {
			fastPolls.incrementAndGet();
			return false;
		}));
		registry.register(onVirtualClock("Slow").pollInterval(Duration.ofSeconds(3)).build().until(() -> {
			slowPolls.incrementAndGet();
			return false;
		}));
		eventually().until(() -> fastPolls.get() == 1 && slowPolls.get() == 1);

		for (int second = 1; second <= 6; second++) {
			advance(Duration.ofSeconds(1));
			int expectedFast = 1 + second;
			int expectedSlow = 1 + second / 3;
			eventually().until(() -> fastPolls.get() == expectedFast && slowPolls.get() == expectedSlow);
		}
		stays().until(() -> fastPolls.get() == 7 && slowPolls.get() == 3);
	}

	@Test
	void exponentialBackoffGivesGrowingGapsBetweenPolls() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		Queue<Duration> pollTimes = new ConcurrentLinkedQueue<>();
		Pact pact = onVirtualClock("Remote API")
			.backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofHours(1), 2))
			.build()
			.until(() -> {
				pollTimes.add(this.clock.elapsed());
				return false;
			});
		registry.register(pact);
		eventually().until(() -> pollTimes.size() == 1);

		// expected polls at 0 s, 1 s, 3 s, 7 s, 15 s: gaps of 1, 2, 4 and 8 seconds
		long[] expectedPollSeconds = { 1, 3, 7, 15 };
		int expectedPolls = 1;
		for (int second = 1; second <= 15; second++) {
			advance(Duration.ofSeconds(1));
			if (expectedPolls - 1 < expectedPollSeconds.length && expectedPollSeconds[expectedPolls - 1] == second) {
				expectedPolls++;
				int polls = expectedPolls;
				eventually().until(() -> pollTimes.size() == polls);
			}
			else {
				int polls = expectedPolls;
				await().during(Duration.ofMillis(60)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
					.until(() -> pollTimes.size() == polls);
			}
		}
		assertThat(pollTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3),
				Duration.ofSeconds(7), Duration.ofSeconds(15));
	}

	// ------------------------------------------------------------------------------------------------
	// (3) observability: snapshot, find, get, cancel
	// ------------------------------------------------------------------------------------------------

	@Test
	void snapshotDescribesARegisteredPact() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		Pact pact = onVirtualClock("Exporting report 42").timeout(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1)).ignoreExceptions(IllegalStateException.class).build()
			.until(() -> true)
			.until(() -> {
				throw new IllegalStateException("not ready");
			});
		RegisteredPact registered = registry.register(pact, "report.export");
		eventually().until(() -> pact.getPollCount() == 1);

		assertThat(registered.name()).isEqualTo("report.export");
		assertThat(registered.pact()).isSameAs(pact);
		assertThat(registered.overdueSince()).isNull();
		assertThat(registry.snapshot()).singleElement().satisfies((snapshot) -> {
			assertThat(snapshot.id()).isEqualTo(registered.id());
			assertThat(snapshot.name()).isEqualTo("report.export");
			assertThat(snapshot.description()).isEqualTo("Exporting report 42");
			assertThat(snapshot.type()).isEqualTo("pact");
			assertThat(snapshot.state()).isEqualTo(PactState.PENDING);
			assertThat(snapshot.createdAt()).isEqualTo(ORIGIN);
			assertThat(snapshot.deadline()).isEqualTo(ORIGIN.plusSeconds(30));
			assertThat(snapshot.overdue()).isFalse();
			assertThat(snapshot.heldConditions()).isOne();
			assertThat(snapshot.conditions()).isEqualTo(2);
			assertThat(snapshot.polls()).isOne();
			assertThat(snapshot.lastPolledAt()).isEqualTo(ORIGIN);
			assertThat(snapshot.lastIgnoredException()).isEqualTo("java.lang.IllegalStateException: not ready");
			assertThat(snapshot.failure()).isNull();
			assertThat(snapshot.members()).isEmpty();
		});
		assertThat(registry.find(registered.id())).contains(registry.snapshot().get(0));
		assertThat(registry.get(registered.id())).containsSame(registered);

		advance(Duration.ofSeconds(1));
		eventually().until(() -> pact.getPollCount() == 2);
		assertThat(registry.find(registered.id())).hasValueSatisfying((snapshot) -> {
			assertThat(snapshot.polls()).isEqualTo(2);
			assertThat(snapshot.lastPolledAt()).isEqualTo(ORIGIN.plusSeconds(1));
		});
		assertThat(registry.find("no such id")).isEmpty();
		assertThat(registry.get("no such id")).isEmpty();
	}

	@Test
	void snapshotDescribesAGroupAndItsMembersRecursively() {
		RecordingListener listener = new RecordingListener();
		PactRegistry registry = this.resources.track(virtualRegistry().listener(listener).build());
		Pact done = onVirtualClock("done").build().until(() -> true);
		Pact waiting = onVirtualClock("waiting").build().until(() -> false);
		Pact failing = onVirtualClock("failing").build().until(() -> false);
		PactGroup inner = PactGroup.builder().clock(this.clock).lazy(false).build().add(waiting).add(failing);
		PactGroup outer = PactGroup.builder().clock(this.clock).lazy(false).timeout(Duration.ofMinutes(1))
			.pollInterval(Duration.ofSeconds(1)).build().add(done).add(inner);
		RegisteredPact registered = registry.register(outer, "batch");
		eventually().until(() -> outer.getPollCount() == 1);

		PactSnapshot snapshot = registry.find(registered.id()).orElseThrow();
		assertThat(snapshot.id()).isEqualTo(registered.id());
		assertThat(snapshot.name()).isEqualTo("batch");
		assertThat(snapshot.type()).isEqualTo("group");
		assertThat(snapshot.description()).isEqualTo(outer.toString()).contains("<Pact: waiting>");
		assertThat(snapshot.state()).isEqualTo(PactState.PENDING);
		assertThat(snapshot.createdAt()).isEqualTo(ORIGIN);
		assertThat(snapshot.deadline()).isEqualTo(ORIGIN.plusSeconds(60));
		assertThat(snapshot.heldConditions()).as("finished members").isOne();
		assertThat(snapshot.conditions()).as("members").isEqualTo(2);
		assertThat(snapshot.polls()).isOne();
		assertThat(snapshot.members()).hasSize(2);
		PactSnapshot innerSnapshot = snapshot.members().get(0);
		PactSnapshot doneSnapshot = snapshot.members().get(1);
		assertThat(innerSnapshot.id()).isNull();
		assertThat(innerSnapshot.name()).isNull();
		assertThat(innerSnapshot.type()).isEqualTo("group");
		assertThat(innerSnapshot.state()).isEqualTo(PactState.PENDING);
		assertThat(innerSnapshot.heldConditions()).isZero();
		assertThat(innerSnapshot.conditions()).isEqualTo(2);
		assertThat(innerSnapshot.members()).extracting(PactSnapshot::description).containsExactly("waiting", "failing");
		assertThat(innerSnapshot.members()).allSatisfy((member) -> {
			assertThat(member.type()).isEqualTo("pact");
			assertThat(member.state()).isEqualTo(PactState.PENDING);
			assertThat(member.polls()).isOne();
			assertThat(member.members()).isEmpty();
		});
		assertThat(doneSnapshot.description()).isEqualTo("done");
		assertThat(doneSnapshot.type()).isEqualTo("pact");
		assertThat(doneSnapshot.state()).isEqualTo(PactState.FINISHED);
		assertThat(doneSnapshot.heldConditions()).isOne();
		assertThat(doneSnapshot.conditions()).isOne();

		failing.fail("disk full");

		// the failed member wakes its groups: the registry fails them without waiting for the next poll
		eventually().until(() -> registry.size() == 0 && listener.heardEnded(registered.id()));
		assertThat(this.clock.elapsed()).isZero();
		assertThat(outer.state()).isEqualTo(PactState.FAILED);
		assertThat(outer.getFailure().getCause()).isSameAs(inner.getFailure());
		assertThat(inner.getFailure().getCause()).isSameAs(failing.getFailure());
		assertThat(failing.getFailure()).hasMessage("<Pact: failing> failed: disk full");
		assertThat(listener.eventsOf(registered.id())).last().isEqualTo("ended:FAILED");
	}

	@Test
	void cancelByIdCancelsTheRegisteredPact() {
		RecordingListener listener = new RecordingListener();
		PactRegistry registry = this.resources.track(virtualRegistry().listener(listener).build());
		AtomicInteger lastly = new AtomicInteger();
		AtomicInteger then = new AtomicInteger();
		Pact pact = onVirtualClock("Cancel me").build().until(() -> false).then(then::incrementAndGet)
			.lastly(lastly::incrementAndGet);
		RegisteredPact registered = registry.register(pact);
		eventually().until(() -> pact.getPollCount() == 1);

		assertThat(registry.cancel(registered.id())).isTrue();

		assertThat(lastly.get()).isOne();
		assertThat(then.get()).isZero();
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(registry.size()).isZero();
		assertThat(registry.find(registered.id())).isEmpty();
		assertThat(registry.get(registered.id())).isEmpty();
		assertThat(listener.eventsOf(registered.id())).containsExactly("registered", "ended:CANCELLED");
		assertThat(registry.cancel(registered.id())).isFalse();
		assertThat(registry.cancel("no such id")).isFalse();
		assertThat(lastly.get()).isOne();
	}

	// ------------------------------------------------------------------------------------------------
	// (3) listeners
	// ------------------------------------------------------------------------------------------------

	@Test
	void listenersAreToldOfRegistrationsEndsAndFailedPollsInOrder() {
		RecordingListener listener = new RecordingListener();
		PactRegistry registry = this.resources.track(systemRegistry().listener(listener).build());
		AtomicBoolean finish = new AtomicBoolean();
		AtomicBoolean fail = new AtomicBoolean();
		AtomicInteger flakyCalls = new AtomicInteger();
		Pact finishing = Pact.builder("finishing").pollInterval(Duration.ofMillis(10)).build().until(finish::get);
		Pact failing = Pact.builder("failing").pollInterval(Duration.ofMillis(10)).build().failWhen(fail::get, "broke")
			.until(() -> false);
		Pact cancelled = Pact.builder("cancelled").pollInterval(Duration.ofMillis(10)).build().until(() -> false);
		Pact flaky = Pact.builder("flaky").pollInterval(Duration.ofMillis(10)).build().until(() -> {
			if (flakyCalls.incrementAndGet() <= 2) {
				throw new IllegalStateException("flaky " + flakyCalls.get());
			}
			return true;
		});
		String finishingId = registry.register(finishing).id();
		String failingId = registry.register(failing).id();
		String cancelledId = registry.register(cancelled).id();
		String flakyId = registry.register(flaky).id();
		eventually().until(() -> cancelled.getPollCount() >= 1);

		finish.set(true);
		fail.set(true);
		assertThat(registry.cancel(cancelledId)).isTrue();

		eventually().until(() -> listener.heardEnded(finishingId, failingId, cancelledId, flakyId));
		assertThat(registry.size()).isZero();
		assertThat(listener.eventsOf(finishingId)).containsExactly("registered", "ended:FINISHED");
		assertThat(listener.eventsOf(failingId)).containsExactly("registered", "ended:FAILED");
		assertThat(listener.eventsOf(cancelledId)).containsExactly("registered", "ended:CANCELLED");
		assertThat(listener.eventsOf(flakyId)).containsExactly("registered", "pollFailed", "pollFailed", "ended:FINISHED");
		assertThat(listener.pollFailures).extracting(Throwable::getMessage).containsExactly("flaky 1", "flaky 2");
	}

	@Test
	void callbackThatThrowsIsReportedAsAFailedPollBeforeTheEnd() {
		RecordingListener listener = new RecordingListener();
		PactRegistry registry = this.resources.track(systemRegistry().listener(listener).build());
		AtomicInteger lastly = new AtomicInteger();
		Pact pact = Pact.builder("then throws").pollInterval(Duration.ofMillis(10)).build().until(() -> true)
			.then(() -> {
				throw new IllegalStateException("then failed");
			})
			.lastly(lastly::incrementAndGet);

		String id = registry.register(pact).id();

		eventually().until(() -> listener.eventsOf(id).contains("pollFailed") && listener.eventsOf(id).size() >= 3);
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(lastly.get()).isOne();
		assertThat(listener.pollFailures).singleElement().extracting(Throwable::getMessage).isEqualTo("then failed");
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(listener.eventsOf(id)).as("events of one pact: registered first, ended last")
			.containsExactly("registered", "pollFailed", "ended:FINISHED");
		softly.assertThat(listener.pactMissing).as("events whose RegisteredPact.pact() was null").isEmpty();
		softly.assertAll();
	}

	@Test
	void listenerThatThrowsStopsNeitherTheOtherListenersNorThePoller() {
		PactRegistryListener throwing = new PactRegistryListener() {

			@Override
			public void registered(RegisteredPact pact) {
				throw new IllegalStateException("registered");
			}

			@Override
			public void ended(RegisteredPact pact, PactState outcome) {
				throw new IllegalStateException("ended");
			}

			@Override
			public void pollFailed(RegisteredPact pact, Throwable failure) {
				throw new IllegalStateException("pollFailed");
			}

			@Override
			public void deadlinePassed(RegisteredPact pact) {
				throw new IllegalStateException("deadlinePassed");
			}

		};
		RecordingListener first = new RecordingListener();
		RecordingListener last = new RecordingListener();
		PactRegistry registry = this.resources.track(systemRegistry().listener(first).listener(throwing).build());
		registry.addListener(last);
		AtomicInteger thens = new AtomicInteger();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			AtomicInteger flakyCalls = new AtomicInteger();
			ids.add(registry.register(Pact.builder("pact " + i).pollInterval(Duration.ofMillis(10)).build()
				.until(() -> {
					if (flakyCalls.incrementAndGet() % 2 == 1) {
						throw new IllegalArgumentException("odd call");
					}
					return true;
				})
				.then(thens::incrementAndGet)).id());
		}

		eventually().until(() -> thens.get() == 5 && registry.size() == 0);
		// the poller still works afterwards
		AtomicBoolean later = new AtomicBoolean();
		String laterId = registry.register(Pact.builder("later").build().until(() -> true).then(() -> later.set(true)))
			.id();
		eventually().until(later::get);
		ids.add(laterId);
		for (RecordingListener listener : List.of(first, last)) {
			eventually().until(() -> listener.count("ended:FINISHED") == 6);
			for (String id : ids) {
				assertThat(listener.eventsOf(id)).first().isEqualTo("registered");
				assertThat(listener.eventsOf(id)).last().isEqualTo("ended:FINISHED");
			}
		}
		assertThat(first.count("pollFailed")).isEqualTo(last.count("pollFailed")).isPositive();
	}

	// ------------------------------------------------------------------------------------------------
	// (5) bad input
	// ------------------------------------------------------------------------------------------------

	@Test
	void registerRejectsNullAndBlankNames() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		Pact pact = new Pact("p").until(() -> false);

		assertThatNullPointerException().isThrownBy(() -> registry.register(null));
		assertThatNullPointerException().isThrownBy(() -> registry.register(null, "name"));
		assertThatNullPointerException().isThrownBy(() -> registry.register(pact, null));
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register(pact, ""))
			.withMessageContaining("name");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register(pact, "  \t"))
			.withMessageContaining("name");
		assertThat(registry.size()).isZero();
		assertThat(pact.isPolledInBackground()).isFalse();
	}

	@Test
	void registerRejectsAPactThatHasEnded() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		Pact finished = new Pact("finished");
		finished.poll();
		Pact cancelled = new Pact("cancelled").until(() -> false);
		cancelled.cancel();
		Pact failed = new Pact("failed").until(() -> false);
		failed.fail("no");

		for (Pact pact : List.of(finished, cancelled, failed)) {
			assertThatIllegalArgumentException().isThrownBy(() -> registry.register(pact))
				.withMessageContaining("already ended");
			assertThat(pact.isPolledInBackground()).isFalse();
		}
		assertThat(registry.size()).isZero();
	}

	@Test
	void registeringTheSamePactTwiceIsRefusedAndItStaysRegisteredOnce() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		PactRegistry other = this.resources.track(systemRegistry().build());
		Pact pact = Pact.builder("twice").pollInterval(Duration.ofMillis(10)).build().until(() -> false);
		RegisteredPact registered = registry.register(pact);

		assertThatIllegalStateException().isThrownBy(() -> registry.register(pact));
		assertThatIllegalStateException().isThrownBy(() -> registry.register(pact, "other.name"));
		assertThatIllegalStateException().isThrownBy(() -> other.register(pact));

		assertThat(registry.size()).isOne();
		assertThat(registry.snapshot()).singleElement().extracting(PactSnapshot::id).isEqualTo(registered.id());
		assertThat(other.size()).isZero();
		assertThat(registry.cancel(registered.id())).isTrue();
		assertThat(registry.size()).isZero();
	}

	@Test
	void registeringPastMaxPactsIsRefusedAndLeavesNothingHalfRegistered() {
		RecordingListener listener = new RecordingListener();
		PactRegistry registry = this.resources.track(systemRegistry().maxPacts(2).listener(listener).build());
		AtomicBoolean firstDone = new AtomicBoolean();
		registry.register(Pact.builder("first").pollInterval(Duration.ofMillis(10)).build().until(firstDone::get));
		registry.register(Pact.builder("second").pollInterval(Duration.ofMillis(10)).build().until(() -> false));
		AtomicInteger refusedEvaluations = new AtomicInteger();
		Pact refused = Pact.builder("refused").pollInterval(Duration.ofMillis(10)).build()
			.until(() -> refusedEvaluations.incrementAndGet() >= 2);

		assertThatIllegalStateException().isThrownBy(() -> registry.register(refused, "third"))
			.withMessageContaining("maxPacts=2").withMessageContaining("pact.registry.max-pacts");

		assertThat(registry.size()).isEqualTo(2);
		assertThat(registry.snapshot()).hasSize(2).extracting(PactSnapshot::description)
			.containsExactly("first", "second");
		assertThat(refused.isPolledInBackground()).as("refused pact marked as polled in background").isFalse();
		assertThat(listener.count("registered")).isEqualTo(2);
		stays().until(() -> refusedEvaluations.get() == 0);
		// still usable on its own: await polls it itself
		refused.await(Duration.ofSeconds(5));
		assertThat(refused.isFinished()).isTrue();

		firstDone.set(true);
		eventually().until(() -> registry.size() == 1);
		Pact fits = Pact.builder("fits now").build().until(() -> true);
		registry.register(fits);
		eventually().until(fits::isFinished);
	}

	/**
	 * Registering is documented as thread-safe, and maxPacts as the most pacts registered at once. The
	 * group below widens the window between the registry's size check and its insertion: it blocks in
	 * {@code pollInBackground} (a public, overridable method that the registry calls in between).
	 */
	@Test
	void concurrentRegistrationsNeverExceedMaxPacts() throws Exception {
		PactRegistry registry = this.resources.track(systemRegistry().maxPacts(1).build());
		GatedGroup gated = new GatedGroup(this.resources.latch(), this.resources.latch());
		ExecutorService workers = workers();
		Future<RegisteredPact> gatedRegistration = workers.submit(() -> registry.register(gated, "gated"));
		awaitLatch(gated.entered);
		Future<RegisteredPact> secondRegistration = workers
			.submit(() -> registry.register(Pact.builder("second").build().until(() -> false), "second"));
		gated.proceed.countDown();
		Throwable gatedFailure = failureOf(gatedRegistration);
		Throwable secondFailure = failureOf(secondRegistration);

		assertThat(registry.size()).as("registered pacts with maxPacts(1)").isLessThanOrEqualTo(1);
		assertThat((secondFailure != null) ^ (gatedFailure != null)).as("exactly one registration refused").isTrue();
		assertThat((secondFailure != null) ? secondFailure : gatedFailure)
			.isInstanceOf(IllegalStateException.class).hasMessageContaining("maxPacts");
	}

	private static Throwable failureOf(Future<?> future) throws Exception {
		try {
			future.get(10, TimeUnit.SECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
	}

	/**
	 * A pending group (its one member never finishes) that, when registered, waits in
	 * {@link #pollInBackground} until told to go on.
	 */
	static final class GatedGroup extends PactGroup {

		final CountDownLatch entered;

		final CountDownLatch proceed;

		GatedGroup(CountDownLatch entered, CountDownLatch proceed) {
			super(List.of(new Pact("never").until(() -> false)));
			this.entered = entered;
			this.proceed = proceed;
		}

		@Override
		public void pollInBackground(Runnable onWakeUp) {
			this.entered.countDown();
			awaitLatch(this.proceed);
			super.pollInBackground(onWakeUp);
		}

	}

	@Test
	void registeringAfterShutdownIsRefused() {
		PactRegistry registry = this.resources.track(systemRegistry().build());
		registry.shutdown(Duration.ZERO);
		Pact pact = new Pact("late").until(() -> false);

		assertThat(registry.isShutDown()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> registry.register(pact)).withMessageContaining("shut down");
		assertThat(registry.size()).isZero();
		assertThat(pact.isPolledInBackground()).isFalse();
	}

	@Test
	void builderRejectsBadSettingsNamingThem() {
		PactRegistry.Builder builder = PactRegistry.builder(this.resources.scheduler());

		assertThatNullPointerException().isThrownBy(() -> PactRegistry.builder(null));
		for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
			assertThatIllegalArgumentException().isThrownBy(() -> builder.tick(bad)).withMessageContaining("tick");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.slowPollThreshold(bad))
				.withMessageContaining("slowPollThreshold");
		}
		for (int bad : new int[] { 0, -1 }) {
			assertThatIllegalArgumentException().isThrownBy(() -> builder.maxPollers(bad))
				.withMessageContaining("maxPollers");
			assertThatIllegalArgumentException().isThrownBy(() -> builder.maxPacts(bad))
				.withMessageContaining("maxPacts");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> builder.overdueRetention(Duration.ofNanos(-1)))
			.withMessageContaining("overdueRetention");
		assertThatNullPointerException().isThrownBy(() -> builder.tick(null));
		assertThatNullPointerException().isThrownBy(() -> builder.clock(null));
		assertThatNullPointerException().isThrownBy(() -> builder.listener(null));

		PactRegistry registry = this.resources.track(builder.overdueRetention(Duration.ZERO).maxPollers(1).maxPacts(1)
			.tick(Duration.ofMillis(1)).slowPollThreshold(Duration.ofMillis(1)).build());
		assertThat(registry.getSettings()).isEqualTo(new PactRegistrySettings(Duration.ofMillis(1), 1,
				Duration.ofMillis(1), Duration.ZERO, 1, 10));
	}

	@Test
	void builderDefaultsAreDocumented() {
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler()).build());

		assertThat(registry.getSettings()).isEqualTo(new PactRegistrySettings(Duration.ofMillis(50), 8,
				Duration.ofMillis(250), Duration.ofMinutes(10), 100_000, 10));
		assertThat(registry.getClock()).isSameAs(org.pactlib.PactClock.system());
	}

}
