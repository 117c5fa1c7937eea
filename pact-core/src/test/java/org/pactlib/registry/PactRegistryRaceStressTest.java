package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactFailedException;
import org.pactlib.PactGroup;
import org.pactlib.PactState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of registered pacts and nested groups, created by several threads while the registry sweeps
 * on real pollers, and ended every way there is at random moments: conditions that come true, stages
 * completed normally or exceptionally, {@code failWhen}, {@code fail}, {@code cancel}, a future's
 * {@code cancel}, a member's failure, and three threads racing to end one pact; other threads poll them,
 * await them and read snapshots meanwhile, and the registry is kept near its {@code maxPacts}. Afterwards:
 * every {@code then} ran exactly once if its pact (or the group that absorbed it) finished and never
 * otherwise, every {@code lastly} exactly once, every waiter returned or got the exception of the
 * outcome, every future completed with it, the registry is empty with every place of {@code maxPacts}
 * given back (it takes {@code maxPacts} new pacts), and once it is shut down no poller thread is left.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PactRegistryRaceStressTest {

	private static final int WORKERS = 4;

	private static final int UNITS_PER_WORKER = 400;

	private static final int MAX_PACTS = 800;

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	/** One pact or group of the test, and what ran of the callbacks it owns. */
	static final class Tracked {

		final PactBase pact;

		/** Whose outcome decides whether the {@code then} runs: the pact, or the group that absorbed it. */
		volatile PactBase owner;

		final AtomicInteger thens = new AtomicInteger();

		final AtomicInteger lastlies = new AtomicInteger();

		volatile CompletableFuture<Void> future;

		Tracked(PactBase pact) {
			this.pact = pact;
			this.owner = pact;
			pact.then(this.thens::incrementAndGet).lastly(this.lastlies::incrementAndGet);
		}

	}

	/** What one {@code await} ended with. */
	record Awaited(PactBase pact, Throwable thrown) {

	}

	private final Queue<Tracked> tracked = new ConcurrentLinkedQueue<>();

	private final List<Tracked> awaitable = new CopyOnWriteArrayList<>();

	private final AtomicInteger refused = new AtomicInteger();

	private PactRegistry registry;

	private ScheduledExecutorService enders;

	private ExecutorService racers;

	private Tracked track(PactBase pact) {
		Tracked one = new Tracked(pact);
		this.tracked.add(one);
		return one;
	}

	/** Registers it, or, if the registry is full, cancels it (and its callbacks still run once). */
	private void register(Tracked one, String name) {
		try {
			this.registry.register(one.pact, name);
			this.awaitable.add(one);
		}
		catch (IllegalStateException ex) {
			assertThat(ex).hasMessageContaining("maxPacts=" + MAX_PACTS).hasMessageContaining("pact.registry.max-pacts");
			this.refused.incrementAndGet();
			one.pact.cancel();
		}
	}

	private void later(Runnable action) {
		this.enders.schedule(action, ThreadLocalRandom.current().nextLong(0, 400), TimeUnit.MILLISECONDS);
	}

	private static BooleanSupplier soon() {
		long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(0, 400));
		return () -> System.nanoTime() - at >= 0;
	}

	private static Pact.Builder pact(String description) {
		return Pact.builder(description).pollInterval(Duration.ofMillis(20));
	}

	private void createUnit(int index) {
		switch (ThreadLocalRandom.current().nextInt(8)) {
			case 0 -> register(track(pact("finishes " + index).build().until(soon())), "stress.finishes");
			case 1 -> {
				Tracked one = track(pact("cancelled " + index).build().until(() -> false));
				register(one, "stress.cancelled");
				later(one.pact::cancel);
			}
			case 2 -> {
				Tracked one = track(pact("failed " + index).build().until(() -> false));
				register(one, "stress.failed");
				later(() -> one.pact.fail("failed by another thread"));
			}
			case 3 -> register(track(pact("fails itself " + index).build().failWhen(soon(), "gave up").until(() -> false)),
					"stress.fails-itself");
			case 4 -> {
				CompletableFuture<String> stage = new CompletableFuture<>();
				register(track(pact("stage " + index).build().untilComplete(stage)), "stress.stage");
				boolean normally = ThreadLocalRandom.current().nextBoolean();
				later(() -> {
					if (normally) {
						stage.complete("done");
					}
					else {
						stage.completeExceptionally(new IllegalStateException("stage failed"));
					}
				});
			}
			case 5 -> {
				Tracked one = track(pact("future cancelled " + index).build().until(() -> false));
				one.future = one.pact.toCompletableFuture();
				register(one, "stress.future");
				later(() -> one.future.cancel(true));
			}
			case 6 -> createNestedGroup(index);
			default -> {
				Tracked one = track(pact("raced " + index).lazy(false).build().until(() -> true));
				one.future = one.pact.toCompletableFuture();
				register(one, "stress.raced");
				CyclicBarrier race = new CyclicBarrier(3);
				for (Runnable end : List.<Runnable>of(one.pact::cancel, () -> one.pact.fail("raced"), one.pact::poll)) {
					this.racers.execute(() -> {
						try {
							race.await(5, TimeUnit.SECONDS);
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
						end.run();
					});
				}
			}
		}
	}

	/**
	 * A registered group of a registered pact, an unregistered one, and a nested group of an absorbed pact
	 * and another; cancelled, failed through its registered member, or left to finish.
	 */
	private void createNestedGroup(int index) {
		Tracked registeredMember = track(pact("member " + index + "a").build().until(soon()));
		register(registeredMember, "stress.member");
		Tracked plainMember = track(pact("member " + index + "b").build().until(soon()));
		Tracked absorbed = track(pact("member " + index + "c").build().until(soon()));
		Tracked nestedMember = track(pact("member " + index + "d").build().until(soon()));
		PactGroup nested = PactGroup.builder().lazy(false).pollInterval(Duration.ofMillis(20)).build();
		nested.add(absorbed.pact, true).add(nestedMember.pact);
		absorbed.owner = nested;
		Tracked inner = track(nested);
		PactGroup outer = PactGroup.builder().lazy(ThreadLocalRandom.current().nextBoolean())
			.pollInterval(Duration.ofMillis(20)).build();
		outer.add(registeredMember.pact).add(plainMember.pact).add(inner.pact);
		Tracked group = track(outer);
		group.future = outer.toCompletableFuture();
		register(group, "stress.group");
		switch (ThreadLocalRandom.current().nextInt(3)) {
			case 0 -> later(outer::cancel);
			case 1 -> later(registeredMember.pact::cancel);
			default -> {
			}
		}
	}

	@Test
	void everythingEndsOnceWithItsCallbacksWaitersAndFuturesAndNothingIsLeftBehind() throws Exception {
		String prefix = PactRegistryTest.uniquePollerPrefix();
		this.registry = this.resources.track(PactRegistry.builder(this.resources.scheduler()).tick(Duration.ofMillis(5))
			.maxPollers(4).maxPacts(MAX_PACTS).threadNamePrefix(prefix).build());
		this.enders = this.resources.track(Executors.newScheduledThreadPool(3, (task) -> new Thread(task, "pact-test-ender")));
		this.racers = this.resources.track(Executors.newCachedThreadPool((task) -> new Thread(task, "pact-test-racer")));
		ExecutorService threads = this.resources.track(Executors.newCachedThreadPool((task) -> new Thread(task, "pact-test-worker")));
		Queue<Awaited> awaited = new ConcurrentLinkedQueue<>();
		AtomicBoolean created = new AtomicBoolean();
		CountDownLatch start = new CountDownLatch(1);

		List<Future<?>> workers = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			int first = w * UNITS_PER_WORKER;
			workers.add(threads.submit(() -> {
				start.await();
				for (int i = first; i < first + UNITS_PER_WORKER; i++) {
					createUnit(i);
				}
				return null;
			}));
		}
		List<Future<?>> bystanders = new ArrayList<>();
		for (int w = 0; w < 3; w++) {
			bystanders.add(threads.submit(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (!created.get() || this.registry.size() > 0) {
					if (this.awaitable.isEmpty()) {
						Thread.onSpinWait();
						continue;
					}
					Tracked one = this.awaitable.get(random.nextInt(this.awaitable.size()));
					try {
						one.pact.await(Duration.ofSeconds(20));
						awaited.add(new Awaited(one.pact, null));
					}
					catch (RuntimeException ex) {
						awaited.add(new Awaited(one.pact, ex));
					}
				}
				return null;
			}));
		}
		bystanders.add(threads.submit(() -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (!created.get() || this.registry.size() > 0) {
				for (PactSnapshot snapshot : this.registry.snapshot(
						(pact) -> random.nextInt(10) == 0, 50).pacts()) {
					this.registry.find(snapshot.id());
				}
				if (!this.awaitable.isEmpty()) {
					this.awaitable.get(random.nextInt(this.awaitable.size())).pact.tryPoll();
				}
			}
			return null;
		}));
		start.countDown();
		for (Future<?> worker : workers) {
			worker.get(30, TimeUnit.SECONDS);
		}
		created.set(true);
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> this.registry.size() == 0);
		for (Future<?> bystander : bystanders) {
			bystander.get(30, TimeUnit.SECONDS);
		}

		this.enders.shutdown();
		assertThat(this.enders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		// members of groups that failed are never polled again: end them, as their owner would
		for (Tracked one : this.tracked) {
			one.pact.cancel();
		}

		SoftAssertions softly = new SoftAssertions();
		int finished = 0;
		for (Tracked one : this.tracked) {
			PactState state = one.pact.state();
			finished += (state == PactState.FINISHED) ? 1 : 0;
			softly.assertThat(state.isEnded()).as("%s ended", one.pact).isTrue();
			softly.assertThat(one.thens.get()).as("then of %s (%s, owner %s)", one.pact, state, one.owner.state())
				.isEqualTo((one.owner.state() == PactState.FINISHED) ? 1 : 0);
			softly.assertThat(one.lastlies.get()).as("lastly of %s (%s)", one.pact, state).isOne();
			if (one.future != null) {
				softly.assertThat(one.future).as("future of %s", one.pact).isDone();
				Throwable outcome = one.future.handle((result, failure) -> failure).join();
				assertOutcome(softly, one.pact, (outcome instanceof java.util.concurrent.CompletionException)
						? outcome.getCause() : outcome);
			}
		}
		for (Awaited one : awaited) {
			assertOutcome(softly, one.pact(), one.thrown());
		}
		softly.assertThat(this.tracked).as("pacts and groups").hasSizeGreaterThan(WORKERS * UNITS_PER_WORKER);
		softly.assertThat(finished).as("finished").isPositive();
		softly.assertThat(awaited).as("awaits").hasSizeGreaterThan(20);
		softly.assertThat(this.registry.size()).isZero();
		softly.assertAll();
		System.out.println(this.tracked.size() + " pacts and groups, " + this.refused + " refused by maxPacts, "
				+ awaited.size() + " awaits");

		// every place was given back
		for (int i = 0; i < MAX_PACTS; i++) {
			this.registry.register(new Pact("fresh " + i).until(() -> false));
		}
		assertThatIllegalStateException().isThrownBy(() -> this.registry.register(new Pact("one too many")))
			.withMessageContaining("maxPacts=" + MAX_PACTS);
		assertThat(this.registry.size()).isEqualTo(MAX_PACTS);

		this.registry.shutdown(Duration.ZERO);
		assertThat(this.registry.size()).isZero();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> Thread.getAllStackTraces().keySet().stream()
				.noneMatch((thread) -> thread.getName().startsWith(prefix) && thread.isAlive()));
	}

	private static void assertOutcome(SoftAssertions softly, PactBase pact, Throwable thrown) {
		switch (pact.state()) {
			case FINISHED -> softly.assertThat(thrown).as("outcome of %s, finished", pact).isNull();
			case FAILED -> softly.assertThat(thrown).as("outcome of %s, failed", pact).isInstanceOf(PactFailedException.class);
			case CANCELLED -> softly.assertThat(thrown).as("outcome of %s, cancelled", pact)
				.isInstanceOf(CancellationException.class);
			default -> softly.fail("%s is still pending", pact);
		}
	}

}
