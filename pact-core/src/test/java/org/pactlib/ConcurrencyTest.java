package org.pactlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stress tests of the thread-safety guarantees of core-api.md: any thread may poll, await or add
 * callbacks at any time, also while another thread's poll is finishing the pact; each {@code then} and
 * {@code lastly} runs exactly once, those added before the pact finished in the order then-before-lastly;
 * {@code during} runs once per poll; one pact's conditions never run on two threads at once; and
 * {@code await} sleeps between polls.
 *
 * <p>Every wait here is bounded. The bounds (several seconds) are only reached when something is wrong:
 * a deadlock or a lost wake-up then fails the test with a dump of the test's threads instead of hanging.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrencyTest {

	/** How long a worker may take before the test is considered stuck. Never reached when all is well. */
	private static final Duration BOUND = Duration.ofSeconds(15);

	// ------------------------------------------------------------------------------------------------
	// (1) the big mix: pollers, callback adders, a completer, pacts and (nested, eager and lazy) groups
	// ------------------------------------------------------------------------------------------------

	@Test
	void manyThreadsPollPactsAndGroupsAndAddCallbacksWhileConditionsComeTrueAtRandom() throws Exception {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		String seedInfo = "random seed " + seed;
		Problems problems = new Problems();
		AtomicLong runSequence = new AtomicLong();

		List<PactProbe> probes = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			probes.add(new PactProbe("stress " + i, random.nextBoolean(), 1 + random.nextInt(3), problems));
		}
		List<PactGroup> groups = new ArrayList<>();
		Map<PactBase, List<PactBase>> membersOf = new HashMap<>();
		for (int i = 0; i < 500; i++) {
			List<PactBase> members = new ArrayList<>();
			int size = 2 + random.nextInt(4);
			while (members.size() < size) {
				Pact member = probes.get(random.nextInt(probes.size())).pact;
				if (!members.contains(member)) {
					members.add(member);
				}
			}
			if (!groups.isEmpty() && random.nextInt(4) == 0) {
				// nested: a later group contains an earlier one (never a cycle)
				members.add(random.nextInt(members.size() + 1), groups.get(random.nextInt(groups.size())));
			}
			PactGroup group = PactGroup.builder().lazy(random.nextBoolean()).build();
			members.forEach(group::add);
			groups.add(group);
			membersOf.put(group, List.copyOf(members));
		}
		List<PactBase> targets = new ArrayList<>();
		probes.forEach((probe) -> targets.add(probe.pact));
		targets.addAll(groups);

		// callbacks added before anything runs, by this thread (which never polls)
		Queue<CallbackRecord> records = new ConcurrentLinkedQueue<>();
		AtomicLong mainAddOrder = new AtomicLong();
		for (int t = 0; t < targets.size(); t++) {
			addCallback(targets, membersOf, t, true, mainAddOrder, records, runSequence, problems);
			addCallback(targets, membersOf, t, false, mainAddOrder, records, runSequence, problems);
		}

		List<AtomicBoolean> flags = new ArrayList<>();
		probes.forEach((probe) -> Collections.addAll(flags, probe.flags));
		Collections.shuffle(flags, random);

		int pollers = 8;
		int adders = 2;
		CyclicBarrier start = new CyclicBarrier(pollers + adders + 1);
		AtomicBoolean allFinishedSeen = new AtomicBoolean();
		ExecutorService pool = daemonPool(pollers + adders + 1, "stress");
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int p = 0; p < pollers; p++) {
				List<PactBase> order = new ArrayList<>(targets);
				Collections.shuffle(order, new Random(random.nextLong()));
				futures.add(pool.submit(() -> {
					start.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
					long deadline = System.nanoTime() + BOUND.toNanos();
					boolean anyPending = true;
					while (anyPending) {
						assertThat(System.nanoTime()).as("pollers still polling after %s (%s)", BOUND, seedInfo)
							.isLessThan(deadline);
						anyPending = false;
						for (PactBase target : order) {
							if (!target.isFinished()) {
								anyPending = true;
								target.poll();
							}
						}
					}
					allFinishedSeen.set(true);
					return null;
				}));
			}
			for (int a = 0; a < adders; a++) {
				Random adderRandom = new Random(random.nextLong());
				futures.add(pool.submit(() -> {
					AtomicLong addOrder = new AtomicLong();
					start.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
					for (int added = 0; added < 20_000 && !allFinishedSeen.get(); added++) {
						addCallback(targets, membersOf, adderRandom.nextInt(targets.size()), adderRandom.nextBoolean(),
								addOrder, records, runSequence, problems);
						Thread.yield();
					}
					// and some once everything has finished: these must run at once, on this thread
					for (int added = 0; added < 100; added++) {
						addCallback(targets, membersOf, adderRandom.nextInt(targets.size()), adderRandom.nextBoolean(),
								addOrder, records, runSequence, problems);
					}
					return null;
				}));
			}
			futures.add(pool.submit(() -> {
				start.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
				for (int i = 0; i < flags.size(); i++) {
					flags.get(i).set(true);
					if (i % 4 == 0) {
						LockSupport.parkNanos(20_000); // pacing only: spreads the flips over many poll rounds
					}
				}
				return null;
			}));
			joinAll(futures, BOUND);
		}
		finally {
			pool.shutdownNow();
		}

		problems.assertNone(seedInfo);
		assertThat(targets).as(seedInfo).allMatch(PactBase::isFinished);
		for (PactProbe probe : probes) {
			assertThat(probe.held).as("conditions of %s that held (%s)", probe.pact, seedInfo).allMatch(AtomicBoolean::get);
			assertThat(probe.duringRuns.get()).as("during runs of %s, one per poll (%s)", probe.pact, seedInfo)
				.isEqualTo(probe.polls.get())
				.isPositive();
		}
		assertExactlyOnceAndThenBeforeLastly(records, seedInfo);
		assertThat(records).as("callbacks that ran inline because they were added after the end (%s)", seedInfo)
			.anyMatch(CallbackRecord::ranInline);
		assertThat(records).as("callbacks that waited for the poll that finished their pact (%s)", seedInfo)
			.anyMatch((record) -> !record.ranInline());
	}

	// ------------------------------------------------------------------------------------------------
	// (2) many threads awaiting the same pact or group
	// ------------------------------------------------------------------------------------------------

	@Test
	void thirtyTwoThreadsAwaitingOnePactAllReturnWhenAnotherThreadCompletesIt() throws Exception {
		int awaiters = 32;
		AtomicBoolean done = new AtomicBoolean();
		Problems problems = new Problems();
		NonOverlapping calls = new NonOverlapping(problems);
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlys = new AtomicInteger();
		Pact pact = Pact.builder("Awaited by 32 threads").pollInterval(Duration.ofMillis(1)).build()
			.until(calls.around(done::get))
			.then(thens::incrementAndGet)
			.lastly(lastlys::incrementAndGet);
		CountDownLatch ready = new CountDownLatch(awaiters);
		ExecutorService pool = daemonPool(awaiters, "await32");
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < awaiters; i++) {
				futures.add(pool.submit(() -> {
					ready.countDown();
					pact.await(BOUND); // bounded: a lost wake-up shows as a timeout, not a hang
					assertThat(pact.isFinished()).isTrue();
					return null;
				}));
			}
			assertThat(ready.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			await().atMost(BOUND).until(() -> calls.count() >= 2 * awaiters);
			assertThat(pact.isFinished()).isFalse();
			done.set(true);
			joinAll(futures, BOUND);
		}
		finally {
			pool.shutdownNow();
		}
		problems.assertNone("");
		assertThat(thens).hasValue(1);
		assertThat(lastlys).hasValue(1);
	}

	@Test
	void threadsAwaitingAGroupAndThreadsAwaitingItsMembersAllReturn() throws Exception {
		Problems problems = new Problems();
		List<AtomicBoolean> flags = new ArrayList<>();
		List<Pact> members = new ArrayList<>();
		List<NonOverlapping> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			AtomicBoolean flag = new AtomicBoolean();
			NonOverlapping counted = new NonOverlapping(problems);
			flags.add(flag);
			calls.add(counted);
			members.add(Pact.builder("member " + i).pollInterval(Duration.ofMillis(1)).build().until(counted.around(flag::get)));
		}
		AtomicInteger groupThens = new AtomicInteger();
		PactGroup eager = PactGroup.builder().lazy(false).pollInterval(Duration.ofMillis(1)).build();
		members.forEach(eager::add);
		PactGroup lazy = new PactGroup(members);
		eager.then(groupThens::incrementAndGet);
		lazy.then(groupThens::incrementAndGet);
		List<Runnable> waits = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			waits.add(() -> eager.await(BOUND));
			waits.add(() -> lazy.await(BOUND, Duration.ofMillis(1)));
			Pact member = members.get(i % members.size());
			waits.add(() -> member.await(BOUND));
		}
		CountDownLatch ready = new CountDownLatch(waits.size());
		ExecutorService pool = daemonPool(waits.size(), "awaitGroup");
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (Runnable wait : waits) {
				futures.add(pool.submit(() -> {
					ready.countDown();
					wait.run();
					return null;
				}));
			}
			assertThat(ready.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			for (int i = flags.size() - 1; i >= 0; i--) { // last member first: lazy polls keep stopping early
				NonOverlapping counted = calls.get(i);
				int before = counted.count();
				await().atMost(BOUND).until(() -> counted.count() > before);
				flags.get(i).set(true);
			}
			joinAll(futures, BOUND);
		}
		finally {
			pool.shutdownNow();
		}
		problems.assertNone("");
		assertThat(members).allMatch(Pact::isFinished);
		assertThat(eager.isFinished()).isTrue();
		assertThat(lazy.isFinished()).isTrue();
		assertThat(groupThens).hasValue(2);
	}

	// ------------------------------------------------------------------------------------------------
	// (3) callbacks added while a poll finishes the pact
	// ------------------------------------------------------------------------------------------------

	@Test
	void callbacksAddedWhilePollsFinishThePactRunExactlyOnceThensBeforeLastlys() throws Exception {
		int rounds = 300;
		List<Pact> pacts = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			pacts.add(new Pact("race " + i).until(() -> {
				Thread.yield(); // widens the window in which the adders race the end of the poll
				return true;
			}));
		}
		raceCallbacksAgainstFinishingPolls(pacts, pacts, Map.of());
	}

	@Test
	void callbacksAddedToAGroupAndItsMembersWhileAGroupPollFinishesThemRunExactlyOnce() throws Exception {
		int rounds = 200;
		List<PactBase> polled = new ArrayList<>();
		List<PactBase> targets = new ArrayList<>();
		Map<PactBase, List<PactBase>> membersOf = new HashMap<>();
		for (int i = 0; i < rounds; i++) {
			Pact first = new Pact("first " + i).until(() -> true);
			Pact second = new Pact("second " + i).until(() -> {
				Thread.yield();
				return true;
			});
			PactGroup group = PactGroup.builder().lazy(i % 2 == 0).build().add(first).add(second);
			membersOf.put(group, List.of(first, second));
			polled.add(group);
			// the adders add to the group and to one of its members, alternately
			targets.add(group);
			targets.add((i % 2 == 0) ? first : second);
		}
		raceCallbacksAgainstFinishingPolls(polled, targets, membersOf);
	}

	/**
	 * Each round, two pollers poll {@code polled.get(round)} (which finishes at that poll) while five
	 * adders add {@code then} and {@code lastly} callbacks to {@code targets} of that round.
	 */
	private void raceCallbacksAgainstFinishingPolls(List<? extends PactBase> polled, List<? extends PactBase> targets,
			Map<PactBase, List<PactBase>> membersOf) throws Exception {
		int rounds = polled.size();
		int targetsPerRound = targets.size() / rounds;
		int pollers = 2;
		int adders = 5;
		Problems problems = new Problems();
		AtomicLong runSequence = new AtomicLong();
		Queue<CallbackRecord> records = new ConcurrentLinkedQueue<>();
		List<Thread> pollerThreads = Collections.synchronizedList(new ArrayList<>());
		CyclicBarrier barrier = new CyclicBarrier(pollers + adders);
		ExecutorService pool = daemonPool(pollers + adders, "race");
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int p = 0; p < pollers; p++) {
				futures.add(pool.submit(() -> {
					pollerThreads.add(Thread.currentThread());
					for (int round = 0; round < rounds; round++) {
						barrier.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
						assertThat(polled.get(round).poll()).isTrue();
					}
					return null;
				}));
			}
			for (int a = 0; a < adders; a++) {
				futures.add(pool.submit(() -> {
					AtomicLong addOrder = new AtomicLong();
					for (int round = 0; round < rounds; round++) {
						barrier.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
						for (int k = 0; k < 12; k++) {
							int target = round * targetsPerRound + k % targetsPerRound;
							addCallback(targets, membersOf, target, (k / targetsPerRound) % 2 == 0, addOrder, records,
									runSequence, problems);
						}
					}
					return null;
				}));
			}
			joinAll(futures, BOUND);
		}
		finally {
			pool.shutdownNow();
		}
		problems.assertNone("");
		assertThat(targets).allMatch(PactBase::isFinished);
		assertExactlyOnceAndThenBeforeLastly(records, "");
		assertThat(records).as("callbacks that were queued run on a polling thread")
			.filteredOn((record) -> !record.ranInline())
			.allMatch((record) -> pollerThreads.contains(record.runner));
		assertThat(records).hasSize(rounds * adders * 12);
	}

	@Test
	void absorbingAPactWhileAnotherThreadFinishesItRunsEachOfItsCallbacksExactlyOnce() throws Exception {
		int rounds = 300;
		Problems problems = new Problems();
		AtomicLong runSequence = new AtomicLong();
		Queue<CallbackRecord> records = new ConcurrentLinkedQueue<>();
		List<Pact> pacts = new ArrayList<>();
		List<PactGroup> groups = new ArrayList<>();
		List<AtomicBoolean> blockers = new ArrayList<>();
		AtomicLong addOrder = new AtomicLong();
		for (int i = 0; i < rounds; i++) {
			Pact pact = new Pact("absorbed " + i).until(() -> {
				Thread.yield();
				return true;
			});
			pacts.add(pact);
			for (int k = 0; k < 6; k++) {
				addCallback(pacts, Map.of(), i, k % 2 == 0, addOrder, records, runSequence, problems);
			}
			AtomicBoolean blocker = new AtomicBoolean();
			blockers.add(blocker);
			groups.add(new PactGroup().add(new Pact("blocker " + i).until(blocker::get)));
		}
		CyclicBarrier barrier = new CyclicBarrier(2);
		ExecutorService pool = daemonPool(2, "absorb");
		try {
			Future<?> poller = pool.submit(() -> {
				for (int round = 0; round < rounds; round++) {
					barrier.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
					pacts.get(round).poll();
				}
				return null;
			});
			Future<?> absorber = pool.submit(() -> {
				for (int round = 0; round < rounds; round++) {
					barrier.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
					groups.get(round).add(pacts.get(round), true);
				}
				return null;
			});
			joinAll(List.of(poller, absorber), BOUND);
		}
		finally {
			pool.shutdownNow();
		}
		blockers.forEach((blocker) -> blocker.set(true));
		// on another thread than the one that added the callbacks, so that absorbed ones count as queued
		assertThat(onOtherThread(() -> {
			for (PactGroup group : groups) {
				assertThat(group.poll()).isTrue();
			}
		})).isNull();
		problems.assertNone("");
		assertExactlyOnceAndThenBeforeLastly(records, "");
	}

	@Test
	void conditionsAddedWhileAnotherThreadPollsAllHoldBeforeThePactFinishes() throws Exception {
		Problems problems = new Problems();
		AtomicBoolean first = new AtomicBoolean();
		List<AtomicInteger> callsOfAdded = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger added = new AtomicInteger();
		AtomicBoolean rejected = new AtomicBoolean();
		AtomicReference<String> atThen = new AtomicReference<>();
		Pact pact = Pact.builder("growing").lazy(false).build().until(first::get);
		pact.then(() -> atThen.set(pact.getHeldConditionCount() + "/" + pact.getConditionCount()));
		ExecutorService pool = daemonPool(2, "until");
		try {
			Future<?> poller = pool.submit(() -> {
				long deadline = System.nanoTime() + BOUND.toNanos();
				while (!pact.poll()) {
					assertThat(System.nanoTime()).as("still polling").isLessThan(deadline);
				}
				return null;
			});
			Future<?> adder = pool.submit(() -> {
				for (int i = 0; i < 2000; i++) {
					AtomicInteger calls = new AtomicInteger();
					try {
						// holds on its second call, and must never be called again after that
						pact.until(() -> {
							int call = calls.incrementAndGet();
							if (call > 2) {
								problems.add("a condition that held was called again");
							}
							return call >= 2;
						});
					}
					catch (IllegalStateException ex) {
						rejected.set(true);
						return null;
					}
					callsOfAdded.add(calls);
					added.incrementAndGet();
					Thread.yield();
				}
				return null;
			});
			await().atMost(BOUND).until(() -> added.get() >= 100);
			first.set(true);
			joinAll(List.of(poller, adder), BOUND);
		}
		finally {
			pool.shutdownNow();
		}
		problems.assertNone("");
		assertThat(pact.isFinished()).isTrue();
		assertThat(pact.getConditionCount()).isEqualTo(added.get() + 1);
		assertThat(callsOfAdded).as("calls of every condition added before the pact finished").allMatch((calls) -> calls.get() == 2);
		String expected = pact.getConditionCount() + "/" + pact.getConditionCount();
		assertThat(atThen.get()).as("held/all conditions when then ran").isEqualTo(expected);
		if (!rejected.get()) {
			assertThatThrownBy(() -> pact.until(() -> true)).isInstanceOf(IllegalStateException.class);
		}
	}

	@Test
	void aConditionAddedByAnotherThreadWhileAPollEvaluatesTheOthersKeepsThePactPendingUntilItHeld() throws Exception {
		AtomicInteger lateCalls = new AtomicInteger();
		AtomicInteger thens = new AtomicInteger();
		AtomicReference<Pact> pact = new AtomicReference<>();
		ExecutorService pool = daemonPool(1, "lateCondition");
		try {
			// the only condition so far holds, but before it returns another thread adds a second one
			pact.set(new Pact("Growing while polled").until(() -> {
				Future<?> adding = pool.submit(() -> pact.get().until(() -> lateCalls.incrementAndGet() >= 2));
				getBounded(adding);
				return true;
			}).then(thens::incrementAndGet));
			assertThat(pact.get().poll()).as("the poll that evaluated only the first condition").isFalse();
			assertThat(pact.get().getConditionCount()).isEqualTo(2);
			assertThat(lateCalls).as("the condition added during that poll, not evaluated by it").hasValue(0);
			assertThat(thens).hasValue(0);
			assertThat(pact.get().poll()).isFalse();
			assertThat(pact.get().poll()).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(lateCalls).hasValue(2);
		assertThat(thens).hasValue(1);
	}

	@Test
	void aMemberAddedByAnotherThreadWhileAGroupPollEvaluatesKeepsTheGroupPendingUntilItFinished() throws Exception {
		AtomicBoolean lateDone = new AtomicBoolean();
		AtomicInteger thens = new AtomicInteger();
		Pact late = new Pact("Late member").until(lateDone::get);
		AtomicReference<PactGroup> group = new AtomicReference<>();
		ExecutorService pool = daemonPool(1, "lateMember");
		try {
			Pact first = new Pact("First member").until(() -> {
				getBounded(pool.submit(() -> group.get().add(late)));
				return true;
			});
			group.set(PactGroup.builder().lazy(false).build().add(first));
			group.get().then(thens::incrementAndGet);
			assertThat(group.get().poll()).as("the poll that saw only the first member").isFalse();
			assertThat(first.isFinished()).isTrue();
			assertThat(group.get().toString()).isEqualTo("[<Pact: Late member>]");
			assertThat(group.get().poll()).isFalse();
			lateDone.set(true);
			assertThat(group.get().poll()).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(thens).hasValue(1);
	}

	// ------------------------------------------------------------------------------------------------
	// groups changed by two threads at once
	// ------------------------------------------------------------------------------------------------

	/**
	 * Two threads add two groups to each other. At most one may succeed: a group cannot contain itself.
	 * The groups' {@code iterator()} (what the containment check walks) waits, once, until both threads
	 * have taken their snapshot, which is the unlucky interleaving that timing alone produces only now
	 * and then; an implementation that makes the check and the add atomic goes through the gate after
	 * its short timeout.
	 */
	@Test
	void twoGroupsAddedToEachOtherByTwoThreadsAtOnceDoNotEndUpContainingEachOther() throws Exception {
		CyclicBarrier bothChecking = new CyclicBarrier(2);
		AtomicBoolean armed = new AtomicBoolean(true);
		GatedGroup first = new GatedGroup(bothChecking, armed, false);
		GatedGroup second = new GatedGroup(bothChecking, armed, false);
		first.add(new Pact("in first").until(() -> false));
		second.add(new Pact("in second").until(() -> false));
		ExecutorService pool = daemonPool(2, "cycle");
		List<Future<Throwable>> adds = new ArrayList<>();
		try {
			adds.add(pool.submit(() -> outcome(() -> first.add(second))));
			adds.add(pool.submit(() -> outcome(() -> second.add(first))));
			joinAll(adds, BOUND);
		}
		finally {
			pool.shutdownNow();
		}
		List<Throwable> outcomes = Arrays.asList(adds.get(0).get(), adds.get(1).get());
		assertThat(outcomes).as("one add succeeds (null), the other is refused").containsOnlyOnce((Throwable) null);
		assertThat(outcomes).filteredOn((outcome) -> outcome != null).singleElement()
			.isInstanceOf(IllegalArgumentException.class);
		// (not rendered by AssertJ on failure: the toString() of groups that contain each other overflows)
		boolean firstContainsSecond = isMember(second, first);
		boolean secondContainsFirst = isMember(first, second);
		assertThat(firstContainsSecond && secondContainsFirst).as("each group is a member of the other").isFalse();
	}

	/**
	 * Two threads each add one ended group to the other. Both adds must fail with
	 * {@code IllegalStateException}, and must not deadlock: the message of each names the other group,
	 * whose {@code toString()} locks that group. The groups line the two threads up twice: once both have
	 * checked that the other group does not contain theirs ({@code iterator()}), and again once both are
	 * building their message ({@code toString()}), each holding the lock of the group it adds to.
	 */
	@Test
	void twoEndedGroupsAddedToEachOtherByTwoThreadsAtOnceBothFailWithoutDeadlock() throws Exception {
		CyclicBarrier lineUp = new CyclicBarrier(2);
		AtomicBoolean armed = new AtomicBoolean(false);
		GatedGroup first = new GatedGroup(lineUp, armed, true);
		GatedGroup second = new GatedGroup(lineUp, armed, true);
		assertThat(first.poll()).isTrue();
		assertThat(second.poll()).isTrue();
		armed.set(true);
		ExecutorService pool = daemonPool(2, "endedAdd");
		List<Future<Throwable>> adds = new ArrayList<>();
		try {
			adds.add(pool.submit(() -> outcome(() -> first.add(second))));
			adds.add(pool.submit(() -> outcome(() -> second.add(first))));
			joinAll(adds, Duration.ofSeconds(5));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(adds.get(0).get()).isInstanceOf(IllegalStateException.class);
		assertThat(adds.get(1).get()).isInstanceOf(IllegalStateException.class);
	}

	private static boolean isMember(PactBase pact, PactGroup group) {
		for (PactBase member : group) {
			if (member == pact) {
				return true;
			}
		}
		return false;
	}

	private static Throwable outcome(Runnable action) {
		try {
			action.run();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/**
	 * A group that lines two threads up inside the same step: while armed, the first call of its
	 * {@code iterator()} (after taking its snapshot) and, if asked, the first call of its
	 * {@code toString()} (before locking the group) wait at a barrier shared with another such group. The
	 * waits are short and bounded: if the other thread does not come, this one goes on alone.
	 */
	static final class GatedGroup extends PactGroup {

		private final CyclicBarrier gate;

		private final AtomicBoolean armed;

		private final boolean gateToString;

		private final AtomicBoolean iteratorGated = new AtomicBoolean();

		private final AtomicBoolean toStringGated = new AtomicBoolean();

		GatedGroup(CyclicBarrier gate, AtomicBoolean armed, boolean gateToString) {
			this.gate = gate;
			this.armed = armed;
			this.gateToString = gateToString;
		}

		@Override
		public Iterator<PactBase> iterator() {
			Iterator<PactBase> snapshot = super.iterator();
			if (this.armed.get() && !this.iteratorGated.getAndSet(true)) {
				pass();
			}
			return snapshot;
		}

		@Override
		public String toString() {
			if (this.gateToString && this.armed.get() && !this.toStringGated.getAndSet(true)) {
				pass();
			}
			return super.toString();
		}

		private void pass() {
			try {
				this.gate.await(500, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				// the other thread did not come: go on alone
			}
		}

	}

	// ------------------------------------------------------------------------------------------------
	// during: once per poll; conditions never on two threads at once
	// ------------------------------------------------------------------------------------------------

	@Test
	void eightThreadsPollingOnePactRunDuringOncePerPollAndNeverOverlapTheCondition() throws Exception {
		int threads = 8;
		int pollsEach = 500;
		Problems problems = new Problems();
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger duringRuns = new AtomicInteger();
		AtomicInteger conditionCalls = new AtomicInteger();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger thens = new AtomicInteger();
		Pact pact = new Pact("polled by eight").during(duringRuns::incrementAndGet).until(() -> {
			if (inFlight.incrementAndGet() != 1) {
				problems.add("condition evaluated on two threads at once");
			}
			try {
				int call = conditionCalls.incrementAndGet();
				if (duringRuns.get() != call) {
					problems.add("poll " + call + " after " + duringRuns.get() + " during runs");
				}
				Thread.yield(); // stay in the condition a little, so that overlaps would show
				return done.get();
			}
			finally {
				inFlight.decrementAndGet();
			}
		}).then(thens::incrementAndGet);
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService pool = daemonPool(threads, "during");
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					start.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
					for (int i = 0; i < pollsEach; i++) {
						assertThat(pact.poll()).isFalse();
					}
					return null;
				}));
			}
			joinAll(futures, BOUND);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(duringRuns).hasValue(threads * pollsEach);
		assertThat(conditionCalls).hasValue(threads * pollsEach);
		done.set(true);
		assertThat(pact.poll()).isTrue();
		assertThat(pact.poll()).isTrue();
		problems.assertNone("");
		assertThat(duringRuns).hasValue(threads * pollsEach + 1);
		assertThat(conditionCalls).hasValue(threads * pollsEach + 1);
		assertThat(thens).hasValue(1);
	}

	// ------------------------------------------------------------------------------------------------
	// user code runs without the pact's lock: others are not blocked by a slow condition or callback
	// ------------------------------------------------------------------------------------------------

	@Test
	void whileAThenCallbackOfTheFinishingPollRunsOtherThreadsPollAwaitAndAddCallbacksWithoutBlocking() throws Exception {
		CountDownLatch inThen = new CountDownLatch(1);
		CountDownLatch releaseThen = new CountDownLatch(1);
		List<String> order = Collections.synchronizedList(new ArrayList<>());
		Pact pact = new Pact("finishing slowly").until(() -> true).then(() -> {
			order.add("then 1");
			inThen.countDown();
			awaitLatch(releaseThen);
		}).lastly(() -> order.add("lastly 1"));
		ExecutorService pool = daemonPool(2, "slowThen");
		try {
			Future<Boolean> finisher = pool.submit(pact::poll);
			assertThat(inThen.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			// the finishing poll is now inside a then callback; none of this may wait for it
			Future<?> other = pool.submit(() -> {
				assertThat(pact.isFinished()).isTrue();
				assertThat(pact.poll()).isTrue();
				pact.await();
				pact.await(Duration.ZERO);
				pact.then(() -> order.add("then 2"));
				pact.lastly(() -> order.add("lastly 2"));
				pact.during(() -> order.add("during"));
				return null;
			});
			joinAll(List.of(other), BOUND);
			assertThat(order).containsExactly("then 1", "then 2", "lastly 2");
			assertThat(finisher.isDone()).isFalse();
			releaseThen.countDown();
			assertThat(finisher.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		finally {
			releaseThen.countDown();
			pool.shutdownNow();
		}
		assertThat(order).containsExactly("then 1", "then 2", "lastly 2", "lastly 1");
	}

	@Test
	void whileAConditionRunsOtherThreadsAddCallbacksAndReadStateWithoutBlocking() throws Exception {
		CountDownLatch inCondition = new CountDownLatch(1);
		CountDownLatch releaseCondition = new CountDownLatch(1);
		AtomicInteger thens = new AtomicInteger();
		AtomicInteger lastlys = new AtomicInteger();
		AtomicInteger durings = new AtomicInteger();
		Pact pact = new Pact("slow condition").until(() -> {
			inCondition.countDown();
			awaitLatch(releaseCondition);
			return true;
		});
		PactGroup group = new PactGroup(List.of(pact));
		ExecutorService pool = daemonPool(2, "slowCondition");
		try {
			Future<Boolean> poller = pool.submit(group::poll);
			assertThat(inCondition.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			Future<?> other = pool.submit(() -> {
				pact.then(thens::incrementAndGet).lastly(lastlys::incrementAndGet).during(durings::incrementAndGet);
				group.then(thens::incrementAndGet).lastly(lastlys::incrementAndGet).during(durings::incrementAndGet);
				assertThat(pact.isFinished()).isFalse();
				assertThat(group.isFinished()).isFalse();
				assertThat(pact.tryPoll()).isFalse();
				assertThat(group.tryPoll()).isFalse();
				assertThat(group.toString()).isEqualTo("[<Pact: slow condition>]");
				return null;
			});
			joinAll(List.of(other), BOUND);
			assertThat(thens).hasValue(0);
			releaseCondition.countDown();
			assertThat(poller.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		finally {
			releaseCondition.countDown();
			pool.shutdownNow();
		}
		assertThat(thens).hasValue(2);
		assertThat(lastlys).hasValue(2);
		assertThat(durings).as("during added after that poll began").hasValue(0);
	}

	// ------------------------------------------------------------------------------------------------
	// (5) a pact that waits for itself fails fast instead of deadlocking
	// ------------------------------------------------------------------------------------------------

	@Test
	void aConditionThatPollsItsOwnPactGetsIllegalStateExceptionInsteadOfDeadlocking() throws Exception {
		AtomicReference<Pact> self = new AtomicReference<>();
		AtomicInteger calls = new AtomicInteger();
		Pact pact = new Pact("Polling itself").until(() -> calls.incrementAndGet() > 1 || self.get().poll());
		self.set(pact);
		Throwable thrown = onOtherThread(() -> pact.poll());
		assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("<Pact: Polling itself>");
		assertThat(pact.isFinished()).isFalse();
		assertThat(onOtherThread(() -> assertThat(pact.poll()).isTrue())).as("a later poll, on another thread").isNull();
	}

	@Test
	void aConditionThatAwaitsItsOwnPactGetsIllegalStateExceptionInsteadOfDeadlocking() throws Exception {
		AtomicReference<Pact> self = new AtomicReference<>();
		Pact pact = Pact.builder("Awaiting itself").pollInterval(Duration.ofMillis(1)).build().until(() -> {
			self.get().await();
			return true;
		});
		self.set(pact);
		Throwable thrown = onOtherThread(() -> pact.await(Duration.ofSeconds(5)));
		assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("<Pact: Awaiting itself>");
		assertThat(pact.isFinished()).isFalse();
	}

	@Test
	void aMemberConditionOrDuringCallbackThatPollsItsGroupGetsIllegalStateException() throws Exception {
		AtomicReference<PactGroup> group = new AtomicReference<>();
		Pact member = new Pact("Member polling its group").until(() -> group.get().poll());
		group.set(new PactGroup(List.of(member)));
		assertThat(onOtherThread(() -> group.get().poll())).isInstanceOf(IllegalStateException.class);
		assertThat(group.get().isFinished()).isFalse();

		AtomicReference<Pact> self = new AtomicReference<>();
		Pact polledByDuring = new Pact("During polling").during(() -> self.get().poll()).until(() -> true);
		self.set(polledByDuring);
		assertThat(onOtherThread(() -> polledByDuring.poll())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("<Pact: During polling>");
		assertThat(polledByDuring.isFinished()).as("a during callback that throws does not stop the poll").isTrue();
	}

	// ------------------------------------------------------------------------------------------------
	// await sleeps between polls, also with several awaiting threads
	// ------------------------------------------------------------------------------------------------

	@Test
	void awaitOnTheSystemClockSleepsBetweenPollsInsteadOfSpinning() {
		AtomicInteger calls = new AtomicInteger();
		Pact pact = new Pact("Never done").until(() -> {
			calls.incrementAndGet();
			return false;
		});
		long start = System.nanoTime();
		assertThatThrownBy(() -> pact.await(Duration.ofMillis(300), Duration.ofMillis(100)))
			.isInstanceOf(TimeoutExpiredException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(calls.get()).as("polls in 300 ms at one every 100 ms").isBetween(2, 5);
	}

	@Test
	void severalThreadsAwaitingOnTheSystemClockEachSleepBetweenPolls() throws Exception {
		int threads = 8;
		Problems problems = new Problems();
		NonOverlapping calls = new NonOverlapping(problems);
		Pact member = new Pact("Never done either").until(calls.around(() -> false));
		PactGroup group = new PactGroup(List.of(member));
		ExecutorService pool = daemonPool(threads, "noSpin");
		try {
			List<Future<Throwable>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				PactBase awaited = (t % 2 == 0) ? member : group;
				futures.add(pool.submit(() -> {
					try {
						awaited.await(Duration.ofMillis(300), Duration.ofMillis(100));
						return null;
					}
					catch (TimeoutExpiredException ex) {
						return ex;
					}
				}));
			}
			for (Future<Throwable> future : futures) {
				assertThat(future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutExpiredException.class);
			}
		}
		finally {
			pool.shutdownNow();
		}
		problems.assertNone("");
		assertThat(calls.count()).as("polls by %d threads, each polling at most ~5 times", threads)
			.isBetween(threads, threads * 5);
	}

	// ------------------------------------------------------------------------------------------------
	// helpers
	// ------------------------------------------------------------------------------------------------

	/** A pact whose conditions check that they never run concurrently, nor again once held, and count polls. */
	static final class PactProbe {

		final Pact pact;

		final AtomicBoolean[] flags;

		final AtomicBoolean[] held;

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger duringRuns = new AtomicInteger();

		/**
		 * Polls seen by the conditions. Within one poll conditions are called in increasing index order, and
		 * the next poll starts again at the lowest one not held yet, which is at most the last one called.
		 */
		final AtomicInteger polls = new AtomicInteger();

		private final AtomicInteger lastCalled = new AtomicInteger(Integer.MAX_VALUE);

		PactProbe(String description, boolean lazy, int conditions, Problems problems) {
			this.pact = Pact.builder(description).lazy(lazy).build();
			this.flags = new AtomicBoolean[conditions];
			this.held = new AtomicBoolean[conditions];
			for (int i = 0; i < conditions; i++) {
				this.flags[i] = new AtomicBoolean();
				this.held[i] = new AtomicBoolean();
				int index = i;
				this.pact.until(() -> evaluate(index, problems));
			}
			this.pact.during(this.duringRuns::incrementAndGet);
		}

		private boolean evaluate(int index, Problems problems) {
			if (this.inFlight.incrementAndGet() != 1) {
				problems.add(this.pact + ": conditions evaluated on two threads at once");
			}
			try {
				if (this.held[index].get()) {
					problems.add(this.pact + ": condition " + index + " called again after it held");
				}
				if (index <= this.lastCalled.getAndSet(index)) {
					int poll = this.polls.incrementAndGet();
					int during = this.duringRuns.get();
					if (during != poll) {
						problems.add(this.pact + ": poll " + poll + " came after " + during + " during runs");
					}
				}
				if (ThreadLocalRandom.current().nextInt(8) == 0) {
					Thread.yield();
				}
				boolean value = this.flags[index].get();
				if (value) {
					this.held[index].set(true);
				}
				return value;
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}

	}

	/** Wraps conditions so that they count calls and report overlapping calls. */
	static final class NonOverlapping {

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicInteger calls = new AtomicInteger();

		private final Problems problems;

		NonOverlapping(Problems problems) {
			this.problems = problems;
		}

		BooleanSupplier around(BooleanSupplier condition) {
			return () -> {
				if (this.inFlight.incrementAndGet() != 1) {
					this.problems.add("condition evaluated on two threads at once");
				}
				try {
					this.calls.incrementAndGet();
					return condition.getAsBoolean();
				}
				finally {
					this.inFlight.decrementAndGet();
				}
			};
		}

		int count() {
			return this.calls.get();
		}

	}

	/** One {@code then} or {@code lastly} callback added by a test, and how it ran. */
	static final class CallbackRecord {

		final PactBase target;

		final boolean then;

		final Thread adder;

		final long addOrder;

		final AtomicInteger runs = new AtomicInteger();

		volatile long runSequence;

		volatile Thread runner;

		CallbackRecord(PactBase target, boolean then, Thread adder, long addOrder) {
			this.target = target;
			this.then = then;
			this.adder = adder;
			this.addOrder = addOrder;
		}

		/**
		 * Whether it ran on the thread that added it, which only happens when it was added after the pact
		 * ended (the adding threads of these tests never poll).
		 */
		boolean ranInline() {
			return this.runner == this.adder;
		}

		@Override
		public String toString() {
			return (this.then ? "then" : "lastly") + " #" + this.addOrder + " of " + this.target + " added by "
					+ this.adder.getName() + ", ran " + this.runs + " times, last on "
					+ ((this.runner != null) ? this.runner.getName() : null) + " as #" + this.runSequence;
		}

	}

	/**
	 * Adds a recording then or lastly callback to {@code targets.get(index)}; when added to a pact that
	 * had already finished, checks that it ran at once.
	 */
	private static void addCallback(List<? extends PactBase> targets, Map<PactBase, List<PactBase>> membersOf, int index,
			boolean then, AtomicLong addOrder, Queue<CallbackRecord> records, AtomicLong runSequence,
			Problems problems) {
		PactBase target = targets.get(index);
		CallbackRecord record = new CallbackRecord(target, then, Thread.currentThread(), addOrder.incrementAndGet());
		records.add(record);
		List<PactBase> members = membersOf.getOrDefault(target, List.of());
		Runnable callback = () -> {
			record.runner = Thread.currentThread();
			record.runSequence = runSequence.incrementAndGet();
			record.runs.incrementAndGet();
			if (!target.isFinished()) {
				problems.add(record + " ran before its pact finished");
			}
			for (PactBase member : members) {
				if (!member.isFinished()) {
					problems.add(record + " ran while the member " + member + " was pending");
				}
			}
		};
		boolean finishedBefore = target.isFinished();
		if (then) {
			target.then(callback);
		}
		else {
			target.lastly(callback);
		}
		if (finishedBefore && (record.runs.get() != 1 || !record.ranInline())) {
			problems.add(record + " was added to a finished pact and did not run at once on the adding thread");
		}
	}

	/**
	 * Every callback ran exactly once; per pact, of the callbacks queued before it finished (those that did
	 * not run inline), every then ran before any lastly, and each adding thread's callbacks of one kind ran
	 * in the order it added them.
	 */
	private static void assertExactlyOnceAndThenBeforeLastly(Queue<CallbackRecord> records, String info) {
		assertThat(records).as("callbacks that did not run exactly once (%s)", info)
			.filteredOn((record) -> record.runs.get() != 1)
			.isEmpty();
		Map<PactBase, List<CallbackRecord>> queuedByPact = records.stream()
			.filter((record) -> !record.ranInline())
			.collect(Collectors.groupingBy((record) -> record.target));
		for (List<CallbackRecord> queued : queuedByPact.values()) {
			long lastThen = queued.stream().filter((r) -> r.then).mapToLong((r) -> r.runSequence).max().orElse(0);
			long firstLastly = queued.stream()
				.filter((r) -> !r.then)
				.mapToLong((r) -> r.runSequence)
				.min()
				.orElse(Long.MAX_VALUE);
			assertThat(lastThen).as("last then vs first lastly of %s (%s): %s", queued.get(0).target, info, queued)
				.isLessThan(firstLastly);
			Map<String, List<CallbackRecord>> byAdderAndKind = queued.stream()
				.collect(Collectors.groupingBy((r) -> r.adder.getName() + (r.then ? " then" : " lastly")));
			for (List<CallbackRecord> sameList : byAdderAndKind.values()) {
				List<CallbackRecord> inAddOrder = new ArrayList<>(sameList);
				inAddOrder.sort(Comparator.comparingLong((r) -> r.addOrder));
				assertThat(inAddOrder).as("callbacks in the order added (%s)", info)
					.isSortedAccordingTo(Comparator.comparingLong((r) -> r.runSequence));
			}
		}
	}

	/** Problems seen on worker threads, where an assertion would only fail the worker. */
	static final class Problems {

		private final AtomicInteger count = new AtomicInteger();

		private final Queue<String> first = new ConcurrentLinkedQueue<>();

		void add(String problem) {
			if (this.count.incrementAndGet() <= 20) {
				this.first.add(problem);
			}
		}

		void assertNone(String info) {
			assertThat(this.first).as("problems seen by worker threads, %d in all (%s)", this.count.get(), info).isEmpty();
		}

	}

	/** Runs {@code action} on another (daemon) thread, bounded; returns what it threw, or null. */
	static Throwable onOtherThread(ThrowingRunnable action) throws Exception {
		ExecutorService pool = daemonPool(1, "other");
		try {
			Future<Throwable> future = pool.submit(() -> {
				try {
					action.run();
					return null;
				}
				catch (Throwable ex) {
					return ex;
				}
			});
			try {
				return future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				throw new AssertionError("still running after " + BOUND + " (deadlock?):\n" + threadDump(), ex);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

	static ExecutorService daemonPool(int threads, String name) {
		AtomicInteger count = new AtomicInteger();
		return Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "pact-test-" + name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Waits for all the futures within {@code bound} in all. As soon as any of them failed, rethrows its
	 * failure (rather than first waiting for workers that may be stuck at a barrier because of it).
	 */
	static void joinAll(List<? extends Future<?>> futures, Duration bound) throws Exception {
		long deadline = System.nanoTime() + bound.toNanos();
		List<Future<?>> running = new ArrayList<>(futures);
		while (!running.isEmpty()) {
			for (Future<?> future : running) {
				if (future.isDone()) {
					getOrRethrow(future, 0);
				}
			}
			running.removeIf(Future::isDone);
			if (running.isEmpty()) {
				return;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError("workers still running after " + bound + " (deadlock or lost wake-up?):\n"
						+ threadDump());
			}
			getOrRethrow(running.get(0), Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
		}
	}

	private static void getOrRethrow(Future<?> future, long timeoutNanos) throws InterruptedException {
		try {
			future.get(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// still running: checked again by the caller
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Error error) {
				throw error;
			}
			throw new AssertionError("a worker failed: " + cause, cause);
		}
	}

	/** Waits for a future from inside a condition, bounded; rethrows what it threw. */
	static void getBounded(Future<?> future) {
		try {
			future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("the other thread did not manage: " + ex, ex);
		}
	}

	static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("latch not released within " + BOUND);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String threadDump() {
		StringBuilder dump = new StringBuilder();
		long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
		if (deadlocked != null) {
			dump.append("DEADLOCKED threads: ").append(deadlocked.length).append('\n');
		}
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			if (info.getThreadName().startsWith("pact-test-")) {
				dump.append(info.getThreadName()).append(' ').append(info.getThreadState());
				if (info.getLockName() != null) {
					dump.append(" on ").append(info.getLockName());
				}
				if (info.getLockOwnerName() != null) {
					dump.append(" owned by ").append(info.getLockOwnerName());
				}
				dump.append('\n');
				for (StackTraceElement element : info.getStackTrace()) {
					dump.append("    at ").append(element).append('\n');
				}
			}
		}
		return dump.toString();
	}

}
