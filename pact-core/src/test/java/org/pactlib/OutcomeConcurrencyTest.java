package org.pactlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outcomes under contention: many threads cancel, fail, poll and await the same pacts while their
 * conditions come true at random. Every pact ends exactly once, its {@code lastly} callbacks run exactly
 * once, its {@code then} callbacks run only if it finished, and every waiter learns the outcome.
 *
 * <p>Nothing sleeps: threads meet at barriers and latches, and every wait is bounded (the bounds are
 * reached only when something is wrong).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutcomeConcurrencyTest {

	private static final long BOUND_SECONDS = 5;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS)).as("test threads stopped")
			.isTrue();
	}

	// ------------------------------------------------------------------------------ the big mix

	@Test
	void manyThreadsCancelFailPollAndAwaitPactsWhoseConditionsFlipAtRandom() throws Exception {
		int workers = 8;
		int pactsPerRound = 6;
		long budget = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
		VirtualClock clock = new VirtualClock();
		Queue<String> problems = new ConcurrentLinkedQueue<>();
		List<Probe> all = new ArrayList<>();
		int rounds = 0;
		while (rounds < 400 && System.nanoTime() < budget) {
			rounds++;
			List<Probe> probes = new ArrayList<>();
			for (int i = 0; i < pactsPerRound; i++) {
				// every other pact runs on the system clock with a poll interval of an hour, so that its
				// waiter depends on being woken; the others run on the shared virtual clock
				boolean system = (i % 2 == 0);
				probes.add(new Probe("round " + rounds + " pact " + i, system ? null : clock, problems));
			}
			all.addAll(probes);
			List<Future<?>> waiters = new ArrayList<>();
			for (Probe probe : probes) {
				if (probe.onSystemClock) {
					waiters.add(this.executor.submit(probe::awaitAndRecord));
				}
			}
			CyclicBarrier start = new CyclicBarrier(workers);
			List<Future<?>> tasks = new ArrayList<>();
			for (int w = 0; w < workers; w++) {
				String worker = "round " + rounds + " worker " + w;
				tasks.add(this.executor.submit(() -> {
					start.await(BOUND_SECONDS, TimeUnit.SECONDS);
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int action = 0; action < 3 * pactsPerRound; action++) {
						probes.get(random.nextInt(probes.size())).act(random.nextInt(20), worker + " action " + action);
					}
					return null;
				}));
			}
			for (Future<?> task : tasks) {
				task.get(BOUND_SECONDS, TimeUnit.SECONDS);
			}
			for (Probe probe : probes) {
				if (probe.pact.cancel()) {
					probe.cancelled.incrementAndGet();
				}
			}
			for (Future<?> waiter : waiters) {
				waiter.get(BOUND_SECONDS, TimeUnit.SECONDS);
			}
			for (Probe probe : probes) {
				probe.verify();
			}
		}
		assertThat(problems).as("problems").isEmpty();

		Map<PactState, Integer> outcomes = new EnumMap<>(PactState.class);
		int returned = 0;
		int failedWaits = 0;
		int cancelledWaits = 0;
		for (Probe probe : all) {
			outcomes.merge(probe.pact.state(), 1, Integer::sum);
			returned += probe.awaitReturned.get();
			failedWaits += probe.awaitFailed.get();
			cancelledWaits += probe.awaitCancelled.get();
		}
		assertThat(rounds).as("rounds run").isGreaterThanOrEqualTo(20);
		assertThat(outcomes).as("outcomes of %d pacts", all.size())
			.containsOnlyKeys(PactState.FINISHED, PactState.FAILED, PactState.CANCELLED);
		assertThat(returned).as("waits that returned").isPositive();
		assertThat(failedWaits).as("waits that threw PactFailedException").isPositive();
		assertThat(cancelledWaits).as("waits that threw CancellationException").isPositive();
	}

	/**
	 * One pact of the mix, with everything the threads did to it.
	 */
	private static final class Probe {

		final Pact pact;

		final boolean onSystemClock;

		final Queue<String> problems;

		final AtomicInteger evaluating = new AtomicInteger();

		final AtomicInteger evaluations = new AtomicInteger();

		final AtomicInteger overlaps = new AtomicInteger();

		final AtomicInteger cancelled = new AtomicInteger();

		final AtomicInteger failed = new AtomicInteger();

		final AtomicInteger pollsThatFinished = new AtomicInteger();

		final AtomicInteger firstThen = new AtomicInteger();

		final AtomicInteger firstLastly = new AtomicInteger();

		final AtomicInteger thensAdded = new AtomicInteger();

		final AtomicInteger thensRun = new AtomicInteger();

		final AtomicInteger lastliesAdded = new AtomicInteger();

		final AtomicInteger lastliesRun = new AtomicInteger();

		final AtomicInteger awaitReturned = new AtomicInteger();

		final AtomicInteger awaitFailed = new AtomicInteger();

		final AtomicInteger awaitCancelled = new AtomicInteger();

		final List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();

		volatile String failReason;

		volatile Throwable failCause;

		Probe(String description, VirtualClock clock, Queue<String> problems) {
			this.onSystemClock = (clock == null);
			this.problems = problems;
			ThreadLocalRandom random = ThreadLocalRandom.current();
			Pact.Builder builder = Pact.builder(description).lazy(random.nextBoolean());
			this.pact = this.onSystemClock ? builder.pollInterval(Duration.ofHours(1)).build()
					: builder.clock(clock).build();
			int conditions = 1 + random.nextInt(2);
			for (int i = 0; i < conditions; i++) {
				this.pact.until(flip());
			}
			this.pact.then(this.firstThen::incrementAndGet).lastly(this.firstLastly::incrementAndGet);
		}

		private BooleanSupplier flip() {
			return () -> {
				if (this.evaluating.incrementAndGet() != 1) {
					this.overlaps.incrementAndGet();
				}
				try {
					this.evaluations.incrementAndGet();
					return ThreadLocalRandom.current().nextInt(6) == 0;
				}
				finally {
					this.evaluating.decrementAndGet();
				}
			};
		}

		void act(int action, String who) {
			switch (action) {
				case 0 -> {
					if (this.pact.cancel()) {
						this.cancelled.incrementAndGet();
					}
				}
				case 1 -> {
					String reason = "failed by " + who;
					if (this.pact.fail(reason)) {
						this.failReason = reason;
						this.failed.incrementAndGet();
					}
				}
				case 2 -> {
					IllegalStateException cause = new IllegalStateException("failed by " + who);
					if (this.pact.fail(cause)) {
						this.failReason = cause.toString();
						this.failCause = cause;
						this.failed.incrementAndGet();
					}
				}
				case 3, 4, 5, 6 -> {
					if (this.pact.poll()) {
						this.pollsThatFinished.incrementAndGet();
					}
				}
				case 7, 8 -> {
					if (this.pact.tryPoll() && !this.pact.isFinished()) {
						this.problems.add(this.pact + ": tryPoll returned true but the pact is " + this.pact.state());
					}
				}
				case 9, 10, 11, 12 -> {
					// waiters on the system clock are dedicated threads; here only virtual-clock pacts
					if (!this.onSystemClock) {
						awaitAndRecord();
					}
					else if (this.pact.poll()) {
						this.pollsThatFinished.incrementAndGet();
					}
				}
				case 13, 14, 15 -> {
					this.thensAdded.incrementAndGet();
					this.pact.then(this.thensRun::incrementAndGet);
				}
				case 16, 17 -> {
					this.lastliesAdded.incrementAndGet();
					this.pact.lastly(this.lastliesRun::incrementAndGet);
				}
				default -> this.futures.add(this.pact.toCompletableFuture());
			}
		}

		void awaitAndRecord() {
			try {
				this.pact.await();
				this.awaitReturned.incrementAndGet();
			}
			catch (PactFailedException ex) {
				if (ex.getPact() != this.pact) {
					this.problems.add(this.pact + ": PactFailedException names " + ex.getPact());
				}
				this.awaitFailed.incrementAndGet();
			}
			catch (CancellationException ex) {
				if (ex.getMessage() == null || !ex.getMessage().contains(this.pact.toString())) {
					this.problems.add(this.pact + ": CancellationException does not name it: " + ex.getMessage());
				}
				this.awaitCancelled.incrementAndGet();
			}
			catch (Throwable ex) {
				this.problems.add(this.pact + ": await threw " + ex);
			}
		}

		void verify() {
			PactState state = this.pact.state();
			int cancels = this.cancelled.get();
			int fails = this.failed.get();
			expect(state.isEnded(), "ended, but is " + state);
			expect(cancels + fails + (state == PactState.FINISHED ? 1 : 0) == 1,
					"ended exactly once, but cancel() returned true " + cancels + " times, fail() " + fails
							+ " times, and the state is " + state);
			expect((cancels == 1) == (state == PactState.CANCELLED), "CANCELLED iff cancel() won; state " + state);
			expect((fails == 1) == (state == PactState.FAILED), "FAILED iff fail() won; state " + state);
			if (state == PactState.FAILED) {
				PactFailedException failure = this.pact.getFailure();
				expect(failure != null && failure.getPact() == this.pact, "getFailure() names the pact");
				expect(failure != null && failure.getReason().equals(this.failReason),
						"the failure has the winning reason " + this.failReason + ", not " + failure);
				expect(failure != null && failure.getCause() == this.failCause, "the failure has the winning cause");
			}
			else {
				expect(this.pact.getFailure() == null, "no failure when " + state);
			}
			expect(this.pollsThatFinished.get() == 0 || state == PactState.FINISHED,
					"a poll returned true, so FINISHED, but is " + state);
			expect(this.awaitReturned.get() == 0 || state == PactState.FINISHED,
					"an await returned, so FINISHED, but is " + state);
			expect(this.awaitFailed.get() == 0 || state == PactState.FAILED,
					"an await threw PactFailedException, so FAILED, but is " + state);
			expect(this.awaitCancelled.get() == 0 || state == PactState.CANCELLED,
					"an await threw CancellationException, so CANCELLED, but is " + state);
			expect(this.firstLastly.get() == 1, "the first lastly ran once, but ran " + this.firstLastly.get());
			int expectedThen = (state == PactState.FINISHED) ? 1 : 0;
			expect(this.firstThen.get() == expectedThen,
					"the first then ran " + expectedThen + " times when " + state + ", but ran " + this.firstThen.get());
			expect(this.lastliesRun.get() == this.lastliesAdded.get(),
					"every lastly ran once: " + this.lastliesAdded.get() + " added, " + this.lastliesRun.get() + " ran");
			int expectedThens = (state == PactState.FINISHED) ? this.thensAdded.get() : 0;
			expect(this.thensRun.get() == expectedThens, "thens ran " + this.thensRun.get() + " times, expected "
					+ expectedThens + " (" + this.thensAdded.get() + " added, " + state + ")");
			expect(this.overlaps.get() == 0, "conditions evaluated on two threads at once " + this.overlaps.get()
					+ " times");
			for (CompletableFuture<Void> future : this.futures) {
				expect(future.isDone(), "its future is done");
				switch (state) {
					case FINISHED -> expect(!future.isCompletedExceptionally(), "its future completed normally");
					case CANCELLED -> expect(future.isCancelled(), "its future is cancelled");
					case FAILED -> expect(future.isCompletedExceptionally() && !future.isCancelled()
							&& future.handle((result, ex) -> ex).join() == this.pact.getFailure(),
							"its future failed with the failure");
					default -> expect(false, "unexpected state " + state);
				}
			}
			int evaluated = this.evaluations.get();
			this.pact.poll();
			expect(this.evaluations.get() == evaluated, "no condition evaluated after the end");
		}

		private void expect(boolean condition, String what) {
			if (!condition) {
				this.problems.add(this.pact + ": expected " + what);
			}
		}

	}

	// ------------------------------------------------------------------------------ focused races

	@Test
	void cancelFailAndAFinishingPollRaceAndExactlyOneWins() throws Exception {
		int iterations = 1500;
		CyclicBarrier start = new CyclicBarrier(3);
		Map<String, Integer> winners = new TreeMap<>();
		for (int i = 0; i < iterations; i++) {
			AtomicInteger lastlies = new AtomicInteger();
			AtomicInteger thens = new AtomicInteger();
			Pact pact = new Pact("race " + i).until(() -> true)
				.then(thens::incrementAndGet)
				.lastly(lastlies::incrementAndGet);
			Future<Boolean> cancel = this.executor.submit(() -> {
				start.await(BOUND_SECONDS, TimeUnit.SECONDS);
				return pact.cancel();
			});
			Future<Boolean> fail = this.executor.submit(() -> {
				start.await(BOUND_SECONDS, TimeUnit.SECONDS);
				return pact.fail("lost the race");
			});
			Future<Boolean> poll = this.executor.submit(() -> {
				start.await(BOUND_SECONDS, TimeUnit.SECONDS);
				return pact.poll();
			});
			boolean cancelWon = cancel.get(BOUND_SECONDS, TimeUnit.SECONDS);
			boolean failWon = fail.get(BOUND_SECONDS, TimeUnit.SECONDS);
			boolean pollFinished = poll.get(BOUND_SECONDS, TimeUnit.SECONDS);
			String outcome = pact.state() + (cancelWon ? " cancel" : "") + (failWon ? " fail" : "")
					+ (pollFinished ? " poll" : "");
			winners.merge(outcome, 1, Integer::sum);
			assertThat(List.of(cancelWon, failWon, pollFinished)).as("winners of race %d: %s", i, outcome)
				.containsOnlyOnce(true);
			PactState expected = cancelWon ? PactState.CANCELLED : failWon ? PactState.FAILED : PactState.FINISHED;
			assertThat(pact.state()).as("race %d", i).isEqualTo(expected);
			assertThat(lastlies).as("lastly of race %d", i).hasValue(1);
			assertThat(thens).as("then of race %d", i).hasValue(pollFinished ? 1 : 0);
		}
		assertThat(winners.keySet()).as("outcomes seen: %s", winners)
			.contains("CANCELLED cancel", "FAILED fail", "FINISHED poll");
	}

	@ParameterizedTest
	@EnumSource(value = PactState.class, names = { "FINISHED", "FAILED", "CANCELLED" })
	void everyThreadAwaitingAPactWakesWithTheMatchingOutcome(PactState outcome) throws Exception {
		int waiters = 8;
		AtomicBoolean done = new AtomicBoolean();
		CountDownLatch allPolled = new CountDownLatch(waiters);
		Pact pact = Pact.builder("awaited by many").pollInterval(Duration.ofHours(1)).build()
			.during(allPolled::countDown)
			.until(done::get);
		List<Future<Class<?>>> results = new ArrayList<>();
		for (int i = 0; i < waiters; i++) {
			results.add(this.executor.submit(() -> {
				try {
					pact.await();
					return null;
				}
				catch (RuntimeException ex) {
					return ex.getClass();
				}
			}));
		}
		assertThat(allPolled.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("every waiter polled once").isTrue();
		Class<?> expected = switch (outcome) {
			case FINISHED -> {
				done.set(true);
				assertThat(pact.poll()).isTrue();
				yield null;
			}
			case FAILED -> {
				assertThat(pact.fail("given up")).isTrue();
				yield PactFailedException.class;
			}
			default -> {
				assertThat(pact.cancel()).isTrue();
				yield CancellationException.class;
			}
		};
		await().atMost(Duration.ofSeconds(BOUND_SECONDS)).until(() -> results.stream().allMatch(Future::isDone));
		for (Future<Class<?>> result : results) {
			assertThat(result.get()).isEqualTo(expected);
		}
		assertThat(pact.state()).isEqualTo(outcome);
	}

	@Test
	void cancellingAGroupWhileThreadsPollItsMembersEndsEveryMemberOnce() throws Exception {
		for (int round = 0; round < 200; round++) {
			List<Pact> members = new ArrayList<>();
			AtomicInteger lastlies = new AtomicInteger();
			for (int i = 0; i < 4; i++) {
				members.add(new Pact("member " + i).until(() -> ThreadLocalRandom.current().nextInt(4) == 0)
					.lastly(lastlies::incrementAndGet));
			}
			PactGroup group = PactGroup.builder().lazy(false).build();
			members.forEach(group::add);
			CyclicBarrier start = new CyclicBarrier(3);
			Future<Boolean> canceller = this.executor.submit(() -> {
				start.await(BOUND_SECONDS, TimeUnit.SECONDS);
				return group.cancel();
			});
			List<Future<?>> pollers = new ArrayList<>();
			for (int p = 0; p < 2; p++) {
				pollers.add(this.executor.submit(() -> {
					start.await(BOUND_SECONDS, TimeUnit.SECONDS);
					for (int i = 0; i < 5; i++) {
						for (Pact member : members) {
							member.poll();
						}
						group.poll();
					}
					return null;
				}));
			}
			boolean cancelled = canceller.get(BOUND_SECONDS, TimeUnit.SECONDS);
			for (Future<?> poller : pollers) {
				poller.get(BOUND_SECONDS, TimeUnit.SECONDS);
			}
			assertThat(lastlies).as("round %d: every member's lastly ran once", round).hasValue(members.size());
			if (cancelled) {
				assertThat(group.state()).isEqualTo(PactState.CANCELLED);
				assertThat(members).as("round %d", round)
					.allMatch((member) -> member.state() == PactState.FINISHED
							|| member.state() == PactState.CANCELLED);
			}
			else {
				assertThat(group.state()).as("round %d", round).isEqualTo(PactState.FINISHED);
				assertThat(members).allMatch(Pact::isFinished);
			}
		}
	}

}
