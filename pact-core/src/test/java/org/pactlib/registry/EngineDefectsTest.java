package org.pactlib.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactClock;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.TimeoutExpiredException;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PactRegistryTest.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.pactlib.registry.RegistryTestResources.eventually;

/**
 * Regression tests of the polling engine's scheduling defects of issue 7 (polling rates, pollers, lost
 * wake-ups, deadlines of hung conditions, groups in the registry). Each test names the behaviour the engine
 * guarantees and the defect it covers; each failed on the engine the issue was filed against.
 *
 * <p>Virtual-time tests advance the clock only once the registry's pollers are idle (as the other registry
 * tests do), so that an advance never lands between a poll and the scheduling of the next one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineDefectsTest {

	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	@RegisterExtension
	final RegistryTestResources resources = new RegistryTestResources();

	private final VirtualClock clock = new VirtualClock(ORIGIN);

	private String pollerPrefix;

	/** A builder on {@link #clock}, ticking every 5 ms of real time, with poller threads of its own name. */
	private PactRegistry.Builder virtualRegistry() {
		this.pollerPrefix = PactRegistryTest.uniquePollerPrefix();
		return PactRegistry.builder(this.resources.scheduler()).clock(this.clock).tick(Duration.ofMillis(5))
			.threadNamePrefix(this.pollerPrefix);
	}

	/** Advances {@link #clock} once the registry's pollers are idle. */
	private void advance(Duration duration) {
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		this.clock.advance(duration);
	}

	/** Advances {@link #clock} and waits until {@code pact} was polled once more. */
	private void advanceAndAwaitPoll(PactBase pact, Duration duration) {
		long polls = pact.getPollCount();
		advance(duration);
		eventually().until(() -> pact.getPollCount() > polls);
	}

	private static void awaitFinished(Pact pact, String what) {
		try {
			pact.await(Duration.ofSeconds(5));
		}
		catch (TimeoutExpiredException ex) {
			fail(what + ": " + pact + " did not finish within 5 s; state " + pact.state() + ", polled "
					+ pact.getPollCount() + " times", ex);
		}
		assertThat(pact.state()).as(what).isEqualTo(PactState.FINISHED);
	}

	/** Spins until {@code condition} holds, for at most {@code maxNanos}: for races that need microseconds. */
	private static void spinUntil(BooleanSupplier condition, long maxNanos) {
		long end = System.nanoTime() + maxNanos;
		while (!condition.getAsBoolean() && System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

	/** Spins a random 0 to 3 microseconds, so that successive rounds of a race hit every moment of its window. */
	private static void jitter() {
		long nanos = ThreadLocalRandom.current().nextLong(3_000);
		spinUntil(() -> false, nanos);
	}

	private static boolean blockOn(CountDownLatch latch) {
		try {
			return latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	// ------------------------------------------------------------------------------------------------
	// defect 2: a backlog is spread over more pollers
	// ------------------------------------------------------------------------------------------------

	/** Defect 2: more pollers start when the ready queue falls behind, so a backlog of slow polls is shared. */
	@Test
	void backlogOfSlowConditionsIsSpreadOverMorePollersSoEveryPactIsPolledInTurn() {
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler()).build());
		int pacts = 200;
		AtomicIntegerArray polls = new AtomicIntegerArray(pacts);
		for (int i = 0; i < pacts; i++) {
			int index = i;
			registry.register(Pact.builder("Slow I/O " + i).pollInterval(Duration.ofMillis(100)).build().until(() -> {
				polls.incrementAndGet(index);
				// the workload: a condition that takes 20 ms, as a call to a slow service does
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return false;
			}), "slow.io");
		}

		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
			assertThat(IntStream.range(0, pacts).filter((i) -> polls.get(i) < 2).count())
				.as("pacts (of %d, 100 ms interval, 20 ms conditions, 8 pollers at most) polled fewer than twice",
						pacts)
				.isZero());
	}

	// ------------------------------------------------------------------------------------------------
	// defect 5: a wake-up at the end of a poll does not add a second schedule
	// ------------------------------------------------------------------------------------------------

	/** Defect 5: a wake-up arriving as a poll ends does not put the pact on a second schedule. */
	@Test
	void wakeUpArrivingAsAPollEndsDoesNotDoubleThePollRate() {
		// The pact's getBackoff(), which the registry reads to schedule the next poll, moves the clock half a
		// second and completes the stage the pact waits for, once: so the wake-up lands at the end of a poll
		// (after its outcome, before the next poll is scheduled), and the woken poll happens half an interval
		// after the poll before it. (Wake-ups from a condition, in the middle of a poll, do not show the
		// defect.) A witness pact polled every half second shows when the registry took up each step.
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		List<Duration> pollTimes = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> stage = new CompletableFuture<>();
		AtomicBoolean woken = new AtomicBoolean();
		Runnable wakeUp = () -> {
			if (woken.compareAndSet(false, true)) {
				this.clock.advance(Duration.ofMillis(500));
				stage.complete(null);
			}
		};
		Pact pact = new WakingPact("Racing wake-up", wakeUp).until(() -> {
			pollTimes.add(this.clock.elapsed());
			return false;
		}).untilComplete(stage);

		registry.register(pact);
		eventually().until(() -> !pollTimes.isEmpty());
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		wakeUp.run(); // does nothing if the registry read the backoff (and so woke the pact) already
		eventually().until(() -> pollTimes.get(pollTimes.size() - 1).compareTo(Duration.ofMillis(500)) >= 0);
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);
		int settled = pollTimes.size();

		AtomicInteger witnessPolls = new AtomicInteger();
		Pact witness = Pact.builder("Witness").clock(this.clock).pollInterval(Duration.ofMillis(500)).build()
			.until(() -> witnessPolls.incrementAndGet() < 0);
		registry.register(witness);
		eventually().until(() -> witnessPolls.get() == 1);
		for (int step = 1; step <= 20; step++) {
			advanceAndAwaitPoll(witness, Duration.ofMillis(500));
		}
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);

		List<Duration> afterWakeUp = List.copyOf(pollTimes.subList(settled - 1, pollTimes.size()));
		assertThat(afterWakeUp.size() - 1)
			.as("polls of a 1 s-interval pact in the 10 s after its last wake-up; poll times %s", afterWakeUp)
			.isLessThanOrEqualTo(11);
		for (int i = 1; i < afterWakeUp.size(); i++) {
			assertThat(afterWakeUp.get(i).minus(afterWakeUp.get(i - 1)))
				.as("gap between two polls of a 1 s-interval pact with no wake-up in between; poll times %s",
						afterWakeUp)
				.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		}
	}

	/** A pact that runs an action whenever its backoff is read, as the registry does when it schedules a poll. */
	static final class WakingPact extends Pact {

		private final Runnable onBackoffRead;

		WakingPact(String description, Runnable onBackoffRead) {
			super(description);
			this.onBackoffRead = onBackoffRead;
		}

		@Override
		public Backoff getBackoff() {
			this.onBackoffRead.run();
			return super.getBackoff();
		}

	}

	// ------------------------------------------------------------------------------------------------
	// defect 6: no wake-up is lost
	// ------------------------------------------------------------------------------------------------

	/** Defect 6: the first poll of a registration is never lost, also while the last poller is exiting. */
	@Test
	void firstPollOfEachRegistrationIsNeverLostWhilePollersComeAndGo() {
		// An hour's tick, so that only registrations drive polls; one poller, so that a poller exiting still
		// holds the only place; each registration follows the end of the previous pact within microseconds, to
		// land at the moment the poller exits. The window is narrow, hence 10 000 rounds.
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.tick(Duration.ofHours(1)).maxPollers(1).build());
		for (int i = 0; i < 10_000; i++) {
			Pact pact = Pact.builder("Holds " + i).build().until(() -> true);
			registry.register(pact);
			spinUntil(pact::isFinished, TimeUnit.MILLISECONDS.toNanos(100));
			awaitFinished(pact, "registration " + i);
			jitter();
		}
	}

	/** Defect 6: a wake-up from a stage completed on another thread is never lost, also while a poller exits. */
	@Test
	void wakeUpOfAStageCompletedOnAnotherThreadIsNeverLostWhilePollersComeAndGo() {
		// As above: an hour's tick and an hour's interval, so that only the wake-up can finish the pact in
		// time, one poller, and the stage completed within microseconds of the end of the first poll.
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.tick(Duration.ofHours(1)).maxPollers(1).build());
		for (int i = 0; i < 10_000; i++) {
			CompletableFuture<Void> stage = new CompletableFuture<>();
			Pact pact = Pact.builder("Stage " + i).pollInterval(Duration.ofHours(1)).build().untilComplete(stage);
			registry.register(pact);
			spinUntil(() -> pact.getPollCount() > 0, TimeUnit.MILLISECONDS.toNanos(100));
			jitter();
			stage.complete(null);
			awaitFinished(pact, "wake-up " + i);
		}
	}

	/** Defect 6: a wake-up is not lost when it arrives while another thread polls the registered pact. */
	@Test
	void wakeUpWhileAnotherThreadPollsTheRegisteredPactIsNotLost() throws Exception {
		// Any thread may poll any pact. The other thread's poll evaluates the stage before it completes, and is
		// held open until a poller read the registry's clock after the wake-up (the registry's own poll
		// attempt, which finds the pact busy), or for 2 s with an engine that waits for the other poll. The
		// registry's poll must not use up the wake-up.
		String prefix = PactRegistryTest.uniquePollerPrefix();
		PollerReadsClock registryClock = new PollerReadsClock(prefix);
		PactRegistry registry = this.resources.track(PactRegistry.builder(this.resources.scheduler())
			.clock(registryClock).tick(Duration.ofHours(1)).threadNamePrefix(prefix).build());
		CountDownLatch inOtherPoll = this.resources.latch();
		CountDownLatch registryPolled = this.resources.latch();
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<Void> stage = new CompletableFuture<>();
		Pact pact = Pact.builder("Exporting").pollInterval(Duration.ofHours(1)).lazy(false).build()
			.untilComplete(stage)
			.until(() -> {
				if (calls.incrementAndGet() == 1) {
					return false; // the registration's poll
				}
				inOtherPoll.countDown();
				try {
					registryPolled.await(2, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return true;
			});
		registry.register(pact);
		eventually().until(() -> pact.getPollCount() == 1 && registryClock.pollerReads.get() > 0);
		PactRegistryTest.awaitPollersIdle(prefix);

		Future<Boolean> otherPoll = this.resources.track(Executors.newSingleThreadExecutor()).submit(pact::poll);
		assertThat(inOtherPoll.await(10, TimeUnit.SECONDS)).as("the other thread's poll started").isTrue();
		registryClock.nextPollerRead.set(registryPolled);
		stage.complete(null);
		assertThat(otherPoll.get(10, TimeUnit.SECONDS)).as("the other thread's poll, which saw the stage pending")
			.isFalse();

		awaitFinished(pact, "pact whose stage completed while another thread polled it");
	}

	/** The system clock, counting the reads of poller threads, and telling of the next one when asked. */
	static final class PollerReadsClock implements PactClock {

		final String pollerPrefix;

		final AtomicLong pollerReads = new AtomicLong();

		final AtomicReference<CountDownLatch> nextPollerRead = new AtomicReference<>();

		PollerReadsClock(String pollerPrefix) {
			this.pollerPrefix = pollerPrefix;
		}

		@Override
		public long nanoTime() {
			if (Thread.currentThread().getName().startsWith(this.pollerPrefix)) {
				this.pollerReads.incrementAndGet();
				CountDownLatch latch = this.nextPollerRead.getAndSet(null);
				if (latch != null) {
					latch.countDown();
				}
			}
			return System.nanoTime();
		}

		@Override
		public void sleep(Duration duration) throws InterruptedException {
			PactClock.system().sleep(duration);
		}

	}

	// ------------------------------------------------------------------------------------------------
	// defect 7: a hung condition is still found overdue
	// ------------------------------------------------------------------------------------------------

	/** Defect 7: a pact whose condition hangs is still found overdue, reported, cancelled and dropped. */
	@Test
	void pactWhoseConditionHangsIsStillFoundOverdueReportedAndDropped() {
		RecordingListener listener = new RecordingListener();
		PactRegistry registry = this.resources.track(virtualRegistry().overdueRetention(Duration.ofMinutes(1))
			.listener(listener).build());
		CountDownLatch entered = this.resources.latch();
		CountDownLatch release = this.resources.latch();
		AtomicInteger timeouts = new AtomicInteger();
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = Pact.builder("Hung").clock(this.clock).timeout(Duration.ofSeconds(5))
			.pollInterval(Duration.ofSeconds(1)).build()
			.until(() -> {
				entered.countDown();
				return blockOn(release);
			})
			.onTimeout(timeouts::incrementAndGet)
			.lastly(lastlies::incrementAndGet);
		try {
			RegisteredPact registered = registry.register(pact, "hung");
			assertThat(blockOn(entered)).as("the condition was entered").isTrue();

			this.clock.advance(Duration.ofSeconds(5));

			eventually().untilAsserted(() -> {
				assertThat(timeouts.get()).as("onTimeout callbacks run for the hung pact").isOne();
				assertThat(listener.eventsOf(registered.id())).as("events of the hung pact")
					.contains("deadlinePassed");
			});
			assertThat(registry.find(registered.id())).get().extracting(PactSnapshot::overdue).isEqualTo(true);

			this.clock.advance(Duration.ofMinutes(1));

			eventually().untilAsserted(() -> {
				assertThat(registry.size()).as("registered pacts once the hung pact was a minute overdue").isZero();
				assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
			});
			assertThat(lastlies.get()).isOne();
			assertThat(release.getCount()).as("the condition is still blocked").isOne();
		}
		finally {
			release.countDown();
		}
	}

	// ------------------------------------------------------------------------------------------------
	// defects 9 and 10 (c): registered members are polled by the registry only
	// ------------------------------------------------------------------------------------------------

	/** Defect 9: a registered pact in a registered group is polled at its own rate only, not at the group's. */
	@Test
	void registeredPactInARegisteredGroupIsPolledAtItsOwnRateOnly() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		AtomicInteger memberPolls = new AtomicInteger();
		Pact member = Pact.builder("Member").clock(this.clock).pollInterval(Duration.ofSeconds(10)).build()
			.until(() -> memberPolls.incrementAndGet() < 0);
		registry.register(member, "member");
		eventually().until(() -> memberPolls.get() == 1);
		PactGroup group = PactGroup.builder().clock(this.clock).pollInterval(Duration.ofMillis(100)).build().add(member);
		registry.register(group, "group");
		eventually().until(() -> group.getPollCount() >= 1);

		for (int step = 1; step <= 20; step++) {
			advanceAndAwaitPoll(group, Duration.ofMillis(100));
		}

		assertThat(group.getPollCount()).isGreaterThanOrEqualTo(21);
		assertThat(memberPolls.get()).as("polls of a member with a 10 s interval during 2 s of its group polled "
				+ "every 100 ms (%d group polls)", group.getPollCount()).isLessThanOrEqualTo(2);
		assertThat(member.state()).isEqualTo(PactState.PENDING);
	}

	/** Defect 10 (c): polling a large group does not poll the members that are registered themselves. */
	@Test
	void pollingALargeGroupDoesNotPollItsMembersThatAreRegisteredThemselves() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		int members = 2_000;
		AtomicIntegerArray calls = new AtomicIntegerArray(members);
		PactGroup group = PactGroup.builder().lazy(false).clock(this.clock).build();
		List<Pact> registered = new ArrayList<>();
		for (int i = 0; i < members; i++) {
			int index = i;
			Pact member = Pact.builder("Member " + i).clock(this.clock).pollInterval(Duration.ofHours(1)).build()
				.until(() -> calls.incrementAndGet(index) < 0);
			group.add(member);
			if (i % 2 == 0) {
				registry.register(member, "member");
				registered.add(member);
			}
		}
		eventually().until(() -> registered.stream().allMatch((member) -> member.getPollCount() >= 1));
		PactRegistryTest.awaitPollersIdle(this.pollerPrefix);

		for (int poll = 0; poll < 5; poll++) {
			group.poll();
		}

		assertThat(IntStream.range(0, members).filter((i) -> i % 2 == 0 && calls.get(i) != 1).count())
			.as("registered members (of %d) whose conditions were evaluated again by 5 polls of their group",
					members / 2)
			.isZero();
		assertThat(IntStream.range(0, members).filter((i) -> i % 2 == 1 && calls.get(i) != 5).count())
			.as("unregistered members not evaluated once per poll of their eager group")
			.isZero();
	}

	// ------------------------------------------------------------------------------------------------
	// defect 11: an empty factory group waits for members
	// ------------------------------------------------------------------------------------------------

	/** Defect 11: an empty factory group stays pending, takes members later, and finishes with them. */
	@Test
	void emptyFactoryGroupStaysPendingUntilAMemberAddedLaterFinishes() {
		PactRegistry registry = this.resources.track(virtualRegistry().build());
		PactFactory factory = new PactFactory(registry,
				new PactDefaults(null, Backoff.fixed(Duration.ofSeconds(1)), true));
		PactGroup group = factory.group("batch", List.of());
		eventually().until(() -> group.getPollCount() >= 1);
		assertThat(group.state()).as("an empty registered group after its first poll").isEqualTo(PactState.PENDING);

		for (int second = 1; second <= 3; second++) {
			advanceAndAwaitPoll(group, Duration.ofSeconds(1));
		}
		assertThat(group.state()).as("an empty registered group after %d polls", group.getPollCount())
			.isEqualTo(PactState.PENDING);
		assertThat(registry.size()).isOne();

		AtomicBoolean done = new AtomicBoolean();
		Pact member = Pact.builder("Member added later").clock(this.clock).build().until(done::get);
		group.add(member);
		advanceAndAwaitPoll(group, Duration.ofSeconds(1));
		assertThat(group.state()).as("the group while its member is pending").isEqualTo(PactState.PENDING);
		done.set(true);
		advance(Duration.ofSeconds(1));

		eventually().until(() -> group.isFinished() && registry.size() == 0);
		assertThat(member.state()).isEqualTo(PactState.FINISHED);
	}

}
